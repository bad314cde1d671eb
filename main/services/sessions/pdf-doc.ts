/**
 * An A4 pdfkit document with Pretendard embedded as a subset (regular 'R', bold 'B'), so
 * Hangul prints the same on any office printer. The certificates and the sign-up list
 * both draw into it; the caller draws its pages, this collects the bytes.
 */
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { ensureBadgeFont } from '../../printing/fonts';

export function renderA4(title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const dir = ensureBadgeFont();
  const doc = new PDFDocument({ size: 'A4', margin: 64, autoFirstPage: false, info: { Title: title, Producer: 'FairDesk' } });
  doc.registerFont('R', path.join(dir, 'Pretendard-Regular.otf'));
  doc.registerFont('B', path.join(dir, 'Pretendard-Bold.otf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}
