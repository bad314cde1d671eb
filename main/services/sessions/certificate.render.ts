/**
 * Certificates of completion (이수증) as PDF: one A4 page per attendee, Pretendard
 * embedded as a subset (pdfkit + fontkit), so Hangul prints the same on any office
 * printer. One person's file, or one merged file of many pages (per institution).
 */
import { renderA4 } from './pdf-doc';

export interface CertificateData {
  /** 제 2026-TRAIN1-0001 호 */
  number: string;
  nameKo: string;
  nameEn: string | null;
  organisation: string | null;
  sessionTitle: string;
  /** 2026. 5. 20. 13:00–14:00 */
  when: string;
  minutes: number;
  pct: number;
  eventName: string;
  eventNameEn: string;
  issuedOn: string;
}

/** Renders one page per certificate into one PDF. */
export function renderCertificates(list: readonly CertificateData[]): Promise<Buffer> {
  return renderA4('이수증 Certificate of Completion', (doc) => {
    for (const c of list) page(doc, c);
  });
}

/**
 * One line centred by measuring it (pdfkit's wrapping layout per call is what made
 * 500 pages slow); `lineBreak: false` keeps pdfkit from laying it out again.
 */
function centred(doc: PDFKit.PDFDocument, text: string, y: number, font: 'R' | 'B', size: number, colour: string) {
  doc.font(font).fontSize(size).fillColor(colour);
  const x = Math.max(40, (doc.page.width - doc.widthOfString(text)) / 2);
  doc.text(text, x, y, { lineBreak: false });
}

function page(doc: PDFKit.PDFDocument, c: CertificateData) {
  doc.addPage();
  const w = doc.page.width;
  const h = doc.page.height;
  doc.lineWidth(3).rect(28, 28, w - 56, h - 56).stroke('#1e3a8a');
  doc.lineWidth(1).rect(36, 36, w - 72, h - 72).stroke('#1e3a8a');
  doc.fillColor('#111').font('R').fontSize(11).text(`제 ${c.number} 호`, 64, 64, { lineBreak: false });
  centred(doc, '이 수 증', 150, 'B', 40, '#111');
  centred(doc, 'Certificate of Completion', 202, 'R', 16, '#444');
  const rows: [string, string][] = [
    ['성명 Name', c.nameEn && c.nameEn !== c.nameKo ? `${c.nameKo} (${c.nameEn})` : c.nameKo],
    ['소속 Organisation', c.organisation ?? '-'],
    ['과정 Course', c.sessionTitle],
    ['일시 Date', c.when],
    ['참석 Attendance', `${c.minutes}분 (${c.pct}%)`],
  ];
  let y = 290;
  for (const [k, v] of rows) {
    doc.font('B').fontSize(13).fillColor('#1e3a8a').text(k, 96, y, { lineBreak: false });
    // A long course title or organisation wraps inside the frame; short values stay one line.
    const long = v.length > 28;
    doc.font('R').fontSize(15).fillColor('#111').text(v, 250, y - 1, long ? { width: w - 250 - 96 } : { lineBreak: false });
    y += 42;
  }
  centred(doc, '위 사람은 상기 과정을 성실히 이수하였으므로 이 증서를 수여합니다.', 540, 'R', 15, '#111');
  centred(doc, 'This is to certify that the above person has completed the course.', 570, 'R', 11, '#444');
  centred(doc, c.issuedOn, 660, 'R', 14, '#111');
  centred(doc, c.eventName, 700, 'B', 22, '#111');
  centred(doc, c.eventNameEn, 732, 'R', 12, '#444');
}
