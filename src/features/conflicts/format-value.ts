import { formatDateTime } from '../../shared/rules/china-time';
import { maskIdNumber } from '../../shared/rules/id-number';

/** How to word a value: the form's labels for its parts and its coded values (i18n, conflicts namespace). */
export interface ValueWords {
  empty: string;
  /** The label of a part (`key`) of the conflicting field (`field`), e.g. head.idNumber → 身份证号. */
  part: (field: string, key: string) => string;
  /** The word for a coded value (severe → 严重损坏, true → 是), or the value itself. */
  value: (v: string) => string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ID_LIKE = /^(\d{17}[\dXx]|\d{15})$/;

/**
 * A conflicting value as one line of the form's words (issue 13 item 10): "户主姓名：张建国，身份证号：
 * 3301**********1231", never "name: 张建国，idNumber: …". The values come masked from the tablet
 * (ConflictListItem.values[].shown); a string that still looks like a whole ID number is masked here too.
 * Times read in China time, coded values in words, yes/no as 是/否.
 */
export function formatConflictValue(value: unknown, words: ValueWords | string, field = ''): string {
  // Without words (the bare form used by the seal tests): the keys themselves, "key: value".
  const bare = typeof words === 'string';
  const w: ValueWords = typeof words === 'string' ? { empty: words, part: (_f, k) => k, value: (v) => v } : words;
  if (value === null || value === undefined || value === '') return w.empty;
  if (typeof value === 'string') {
    if (ID_LIKE.test(value)) return maskIdNumber(value);
    if (ISO_TIME.test(value)) return formatDateTime(value);
    return w.value(value);
  }
  if (typeof value === 'boolean') return w.value(String(value));
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => formatConflictValue(v, w, field)).join('；') : w.empty;
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => {
        const text = formatConflictValue(v, w, field);
        const nested = typeof v === 'object' && !Array.isArray(v);
        return bare ? `${k}: ${nested ? `{${text}}` : text}` : `${w.part(field, k)}：${nested ? `（${text}）` : text}`;
      });
    return parts.length ? parts.join('，') : w.empty;
  }
  return String(value);
}
