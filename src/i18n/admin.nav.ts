/**
 * The `adminNav` namespace: the administration link in the header and showing an ID number in full
 * (`reveal`, privacy.md §3; the reveal buttons are on the first screen), bundled with the app. The
 * administration page's own texts (`admin`, admin.zh-CN.ts) load with its chunk (admin.texts.ts).
 * English is typed against Chinese: a missing key fails the type check.
 */
export const adminNavZhCN = {
  nav: '系统管理',
  reveal: {
    show: '显示',
    hide: '隐藏',
    // Not "身份证号": that is the form field's label, and a button must not answer to it.
    showLabel: '显示 {{name}} 的完整号码',
    hideLabel: '隐藏 {{name}} 的完整号码',
    failed: '无法显示',
  },
};

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
export type AdminNavMessages = DeepStrings<typeof adminNavZhCN>;

export const adminNavEn: AdminNavMessages = {
  nav: 'Administration',
  reveal: {
    show: 'Show',
    hide: 'Hide',
    showLabel: 'Show the full number of {{name}}',
    hideLabel: 'Hide the full number of {{name}}',
    failed: 'Cannot show',
  },
};
