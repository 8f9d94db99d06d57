/** The `countyCasesNav` namespace: the header link to the county's case queue (a few words, bundled). */
export const countyCasesNavZhCN = { nav: '审核确认' };
export const countyCasesNavEn: typeof countyCasesNavZhCN = { nav: 'Case decisions' };
