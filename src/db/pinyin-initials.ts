/**
 * Pinyin initials of a name (张建国 → zjg), what a worker types first (SPEC N3). pinyin-pro carries a
 * dictionary of some 300 KB, so it loads on first use as a chunk of its own, never in the initial JS;
 * the service worker precaches the chunk, so it loads offline too. A failed load is retried next time.
 */
type PinyinFn = (text: string) => string;

let loading: Promise<PinyinFn> | null = null;
let loaded: PinyinFn | null = null;

export function loadPinyin(): Promise<PinyinFn> {
  return (loading ??= import('pinyin-pro')
    .then(({ pinyin }) => {
      // Surname readings for the first character (曾 zeng, 单 shan); letters only (drops 「·」, digits).
      loaded = (text: string) => pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', mode: 'surname', surname: 'head' }).join('').toLowerCase().replace(/[^a-z]/g, '');
      return loaded;
    })
    .catch((e: unknown) => {
      loading = null;
      throw e;
    }));
}

/** The initials, once loadPinyin() has resolved; null before. */
export function initialsNow(name: string): string | null {
  return loaded ? loaded(name) : null;
}

export function pinyinLoaded(): boolean {
  return loaded !== null;
}
