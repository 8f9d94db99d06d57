/**
 * The `casesNav` namespace: the worker's header link to 我的案件 (a few words, bundled with the header;
 * the `cases` namespace loads with the screens). Same words as `cases.nav`.
 */
export const casesNavZhCN = { nav: '我的案件' };
export const casesNavEn: typeof casesNavZhCN = { nav: 'My cases' };
