import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of a PDF and its first page's size in points. Chromium embeds the CJK font it printed with
 * (fonts-noto-cjk, installed by .ci/run) with its ToUnicode map, so the Chinese names come back as text;
 * without a CJK font they would print as blank glyphs and the name checks fail, as they should. An
 * unreadable PDF makes pdfjs throw, so a test reading it fails.
 */
function assertChineseFont(): void {
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  } catch {
    // no fontconfig: same message below
  }
  if (!fonts.trim()) throw new Error('No Chinese font for Chromium to print with: apt-get install -y fonts-noto-cjk (.ci/run does)');
}

export async function readPdf(bytes: Buffer): Promise<{ text: string; pages: number; size: [number, number] }> {
  assertChineseFont();
  const dist = fileURLToPath(new URL('../../../node_modules/pdfjs-dist/', import.meta.url));
  const doc = await getDocument({
    data: new Uint8Array(bytes), cMapUrl: `${dist}cmaps/`, cMapPacked: true, standardFontDataUrl: `${dist}standard_fonts/`, useSystemFonts: false, isEvalSupported: false,
  }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i += 1) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
  }
  const view = (await doc.getPage(1)).view;
  // The CJK font's ToUnicode map gives some ideographs as their Kangxi-radical twins (二 as U+2F06 ⼆,
  // 用 as U+2F64 ⽤: the same glyph); NFKC folds them back, so a name reads as it was printed.
  return { text: text.normalize('NFKC'), pages: doc.numPages, size: [Math.round(view[2]! - view[0]!), Math.round(view[3]! - view[1]!)] };
}
