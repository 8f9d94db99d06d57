/** Zero-width and invisible formatting characters that survive copy-paste from documents and web pages. */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;
const CJK = '\\u3000-\\u303F\\u3400-\\u9FFF\\uF900-\\uFAFF';
/** Spaces next to a Chinese character are stray (清河 镇 is 清河镇); between Latin words they are kept. */
const SPACE_BY_CJK = new RegExp(`\\s+(?=[${CJK}])|(?<=[${CJK}])\\s+`, 'g');

/**
 * The stored and compared form of a division name (domain/areas.md): NFKC (full-width letters and
 * digits become ASCII, the ideographic space a space), invisible characters removed, stray spaces
 * removed, trimmed. Two spellings of one name normalise to the same string, so uniqueness within the
 * parent holds however the name was typed.
 */
export function normaliseDivisionName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').replace(SPACE_BY_CJK, '').replace(/\s+/g, ' ').trim();
}
