import zlib from 'node:zlib';
import { PDFParse } from 'pdf-parse';

/** A PDF's text and page count, as a reader would extract it (certificates, sign-up lists). */
export async function pdfText(b64: string): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.from(b64, 'base64')) });
  try {
    const r = await parser.getText();
    return { text: r.text, pages: r.pages.length };
  } finally {
    await parser.destroy();
  }
}

/**
 * What a PDF embeds: its fonts' names and the code points their ToUnicode maps give glyphs
 * for (bfchar and bfrange, pdfkit's and Chromium's); streams are inflated with zlib.
 */
export function pdfFonts(pdf: Buffer): { fonts: string[]; mapped: Set<number> } {
  const raw = pdf.toString('latin1');
  // Font dictionaries may sit in compressed object streams: read names from both.
  // Chromium draws web fonts as Type 3 fonts: their descriptors name the family and the font.
  const names = (text: string) => [
    ...[...text.matchAll(/\/(?:BaseFont|FontName)\s*\/([A-Z]{6}\+)?([\w-]+)/g)].map((m) => m[2]!),
    ...[...text.matchAll(/\/FontFamily\s*\(([^)]*)\)/g)].map((m) => m[1]!),
  ];
  const fonts = names(raw);
  const mapped = new Set<number>();
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    let body: string;
    try {
      body = zlib.inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue;
    }
    fonts.push(...names(body));
    if (!body.includes('begincmap')) continue;
    for (const r of body.matchAll(/<[0-9a-fA-F]+>\s*<([0-9a-fA-F]{4})>/g)) mapped.add(parseInt(r[1]!, 16));
    // bfrange with a list (pdfkit): <first> <last> [<u1> <u2> …]
    for (const r of body.matchAll(/<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*\[((?:\s*<[0-9a-fA-F]+>)+)\s*\]/g)) for (const u of r[1]!.matchAll(/<([0-9a-fA-F]{4})/g)) mapped.add(parseInt(u[1]!, 16));
    for (const r of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]{4})>/g)) {
      const n = parseInt(r[2]!, 16) - parseInt(r[1]!, 16);
      for (let i = 0; i <= n && i < 256; i++) mapped.add(parseInt(r[3]!, 16) + i);
    }
  }
  return { fonts, mapped };
}
