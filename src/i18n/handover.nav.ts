/** The `handoverNav` namespace: the header link to the hand-over screen (a few words, bundled). */
export const handoverNavZhCN = { nav: '文件交接' };
export const handoverNavEn: typeof handoverNavZhCN = { nav: 'File hand-over' };
