/**
 * Text in a pdfkit document with the badge's fallback chain: pdfkit draws a string in one
 * font, and Pretendard has no Han, so a name like 王芳 would print as empty boxes. Each
 * string is cut into runs by the first font of the chain (Pretendard → Noto Sans JP →
 * Noto Sans Hans) that has the character, and each run is drawn in its font — all three
 * embedded as subsets, so the page prints the same on any office PC.
 */
import { ensureBadgeFont, fallbackFontFiles } from './fonts';

/** The base fonts the document registered (pdf-doc's 'R' regular and 'B' bold Pretendard). */
export type PdfWeight = 'R' | 'B';

interface GlyphFont {
  hasGlyphForCodePoint(cp: number): boolean;
}
/** pdfkit keeps the current fontkit font on `_font.font` (not in its typings). */
const currentFont = (doc: PDFKit.PDFDocument): GlyphFont | null => (doc as unknown as { _font?: { font?: GlyphFont } })._font?.font ?? null;

const fallbackName = (i: number) => `FB${i}`;

/** Registers the chain's CJK fonts on `doc` (once per document). */
export function registerFallbacks(doc: PDFKit.PDFDocument): void {
  ensureBadgeFont();
  fallbackFontFiles().forEach((f, i) => doc.registerFont(fallbackName(i), f.file));
}

/** The string cut into runs, each with the first font of the chain that has its characters. */
export function fontRuns(doc: PDFKit.PDFDocument, text: string, weight: PdfWeight): { font: string; text: string }[] {
  const chain = [weight, ...fallbackFontFiles().map((_, i) => fallbackName(i))];
  const fonts = chain.map((name) => {
    doc.font(name);
    return currentFont(doc);
  });
  const runs: { font: string; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Spaces and marks stay with the run they are in; otherwise the first font that has the glyph.
    const i = /\s/.test(ch) && runs.length ? chain.indexOf(runs[runs.length - 1]!.font) : Math.max(0, fonts.findIndex((f) => f?.hasGlyphForCodePoint(cp)));
    const font = chain[i]!;
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  doc.font(weight);
  return runs;
}

/**
 * One line at (x, y), never wider than `width`: drawn at `size`, or smaller down to
 * `minSize`, and cut with an ellipsis only when even that does not fit.
 */
export function textLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, o: { width: number; size: number; minSize?: number; weight?: PdfWeight; colour?: string }): void {
  const weight = o.weight ?? 'R';
  let runs = fontRuns(doc, text, weight);
  const widthAt = (size: number) => runs.reduce((w, r) => w + doc.font(r.font).fontSize(size).widthOfString(r.text), 0);
  let size = o.size;
  while (size > (o.minSize ?? o.size) && widthAt(size) > o.width) size -= 0.5;
  if (widthAt(size) > o.width) {
    // Still too wide: drop characters from the end and mark the cut.
    let chars = Array.from(text);
    while (chars.length > 1 && widthAt(size) > o.width) {
      chars = chars.slice(0, -1);
      runs = fontRuns(doc, `${chars.join('')}…`, weight);
    }
  }
  let at = x;
  doc.fillColor(o.colour ?? '#111');
  for (const r of runs) {
    doc.font(r.font).fontSize(size).text(r.text, at, y, { lineBreak: false });
    at += doc.widthOfString(r.text);
  }
  doc.font(weight);
}
