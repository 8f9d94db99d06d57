import { createHmac, createSecretKey } from 'node:crypto';

/**
 * Keyed HMAC of an ID number (privacy.md §4): with a known address and birth date only about a thousand
 * candidates remain, so a plain hash would be reversed in a moment; the key lives only in the database.
 * The number is normalised the way the schema does (trim, upper-case X) so both spellings match.
 */
export function makeIdHmac(secretHex: string): (idNumber: string) => string {
  // A KeyObject made once: given a Buffer, createHmac imports the key again on every call (issue 14, eighth
  // session: ~28 % of each HMAC; a storm of 10,000 records computes ~35,000). The same key, the same HMAC.
  const key = createSecretKey(Buffer.from(secretHex, 'hex'));
  return (idNumber) => createHmac('sha256', key).update(idNumber.trim().toUpperCase()).digest('hex');
}

/** The HMAC for a record, when its entity names an ID number and the record has one. */
export function recordIdHmac(idNumber: unknown, hmac: (idNumber: string) => string): string | null {
  return typeof idNumber === 'string' && idNumber.trim() !== '' ? hmac(idNumber) : null;
}

/**
 * The same HMAC, remembering what it computed: one push names each person in the head's index, the
 * person index and the duplicate check (issue 14). Bounded by the push (500 changes), then dropped.
 */
export function rememberingHmac(hmac: (idNumber: string) => string): (idNumber: string) => string {
  const known = new Map<string, string>();
  return (idNumber) => {
    let h = known.get(idNumber);
    if (h === undefined) known.set(idNumber, (h = hmac(idNumber)));
    return h;
  };
}
