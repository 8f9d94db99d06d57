/**
 * The `relocationNav` namespace: the few relocation and relief texts the first screen needs (the
 * navigation and the household list), bundled with the app. Everything else of issue 4 is in the
 * `relocation` and `relief` namespaces, which load with their screens (relocation.texts.ts) to keep the
 * initial JS small. English is typed against Chinese: a missing key fails the type check.
 */
export const relocationNavZhCN = {
  nav: {
    shelters: '安置点',
    relief: '救灾款物发放',
    countyReport: '县级统计',
  },
  list: {
    currentSite: '集中安置 · {{site}}',
    relief: '发放',
    reliefFor: '为 {{name}} 户登记发放',
    actions: '操作',
  },
};

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
export type RelocationNavMessages = DeepStrings<typeof relocationNavZhCN>;

export const relocationNavEn: RelocationNavMessages = {
  nav: {
    shelters: 'Shelters',
    relief: 'Relief hand-outs',
    countyReport: 'County report',
  },
  list: {
    currentSite: 'Centralised · {{site}}',
    relief: 'Hand out',
    reliefFor: 'Record a hand-out for {{name}}’s household',
    actions: 'Actions',
  },
};
