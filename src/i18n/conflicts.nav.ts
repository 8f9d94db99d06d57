/** The `conflictsNav` namespace: the menu link to the conflicts page, bundled with the app (a few words). */
export const conflictsNavZhCN = { nav: '数据冲突', count: '数据冲突（{{count}}）', countLabel: '数据冲突，{{count}} 条待处理' };
export const conflictsNavEn: typeof conflictsNavZhCN = { nav: 'Conflicts', count: 'Conflicts ({{count}})', countLabel: 'Data conflicts, {{count}} open' };
