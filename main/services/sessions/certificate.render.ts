/**
 * Certificates of completion (이수증) as PDF: one A4 page per attendee, Pretendard
 * embedded as a subset (pdfkit + fontkit), so Hangul prints the same on any office
 * printer. One person's file, or one merged file of many pages (per institution).
 */
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { ensureBadgeFont } from '../../printing/fonts';

export interface CertificateData {
  /** 제 2022-TRAIN1-0001 호 */
  number: string;
  nameKo: string;
  nameEn: string | null;
  organisation: string | null;
  sessionTitle: string;
  /** 2022. 4. 13. 13:00–14:00 */
  when: string;
  minutes: number;
  pct: number;
  eventName: string;
  eventNameEn: string;
  issuedOn: string;
}

const fontFiles = () => {
  const dir = ensureBadgeFont();
  return { regular: path.join(dir, 'Pretendard-Regular.otf'), bold: path.join(dir, 'Pretendard-Bold.otf') };
};

/** Renders one page per certificate into one PDF. */
export function renderCertificates(list: readonly CertificateData[]): Promise<Buffer> {
  const fonts = fontFiles();
  const doc = new PDFDocument({ size: 'A4', margin: 64, autoFirstPage: false, info: { Title: '이수증 Certificate of Completion', Producer: 'FairDesk' } });
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const c of list) page(doc, c);
  doc.end();
  return done;
}

function page(doc: PDFKit.PDFDocument, c: CertificateData) {
  doc.addPage();
  const w = doc.page.width;
  const h = doc.page.height;
  doc.lineWidth(3).rect(28, 28, w - 56, h - 56).stroke('#1e3a8a');
  doc.lineWidth(1).rect(36, 36, w - 72, h - 72).stroke('#1e3a8a');
  doc.fillColor('#111').font('R').fontSize(11).text(`제 ${c.number} 호`, 64, 64);
  doc.font('B').fontSize(40).text('이 수 증', 0, 150, { align: 'center', width: w });
  doc.font('R').fontSize(16).fillColor('#444').text('Certificate of Completion', 0, 202, { align: 'center', width: w });
  const rows: [string, string][] = [
    ['성명 Name', c.nameEn && c.nameEn !== c.nameKo ? `${c.nameKo} (${c.nameEn})` : c.nameKo],
    ['소속 Organisation', c.organisation ?? '-'],
    ['과정 Course', c.sessionTitle],
    ['일시 Date', c.when],
    ['참석 Attendance', `${c.minutes}분 (${c.pct}%)`],
  ];
  let y = 290;
  for (const [k, v] of rows) {
    doc.font('B').fontSize(13).fillColor('#1e3a8a').text(k, 96, y, { width: 150 });
    doc.font('R').fontSize(15).fillColor('#111').text(v, 250, y - 1, { width: w - 250 - 96 });
    y += 42;
  }
  doc.font('R').fontSize(15).fillColor('#111').text('위 사람은 상기 과정을 성실히 이수하였으므로 이 증서를 수여합니다.', 64, 540, { align: 'center', width: w - 128 });
  doc.fontSize(11).fillColor('#444').text('This is to certify that the above person has completed the course.', 64, 570, { align: 'center', width: w - 128 });
  doc.font('R').fontSize(14).fillColor('#111').text(c.issuedOn, 0, 660, { align: 'center', width: w });
  doc.font('B').fontSize(22).text(c.eventName, 0, 700, { align: 'center', width: w });
  doc.font('R').fontSize(12).fillColor('#444').text(c.eventNameEn, 0, 732, { align: 'center', width: w });
}
