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
