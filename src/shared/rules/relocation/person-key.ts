/**
 * How people are recognised across tablets and sites: a function of the ID number. On the server it is
 * the keyed HMAC (privacy.md §4, the same value as the records' id_hmac column); on a tablet, where the
 * numbers are already present, it may be the normalised number itself.
 */
export type PersonKeyOf = (idNumber: string) => string;

/** The schema normalises the same way (trim, upper-case X), so both spellings of a number meet. */
export const plainIdKey: PersonKeyOf = (idNumber) => idNumber.trim().toUpperCase();
