/**
 * The `referenceAdminNav` namespace: the header link to the reference-data page, bundled with the app.
 * The page's own texts (reference-admin.zh-CN.ts) load with its chunk.
 */
export const referenceAdminNavZhCN = { nav: '基础数据' };
export const referenceAdminNavEn: typeof referenceAdminNavZhCN = { nav: 'Reference data' };
