/**
 * The sign-up list a guide leaves with (tours, trainings): the same derived order the
 * door and the desk use (signup-list.ts) — confirmed first, then the waitlist with its
 * positions — with each visitor's name and organisation, whether they checked in at the
 * entrance, and whether the session's door admitted them. Personal data: admin and floor
 * only (the contract's roles). On screen, as a CSV (the reports' writer and formula
 * rule) or as an A4 PDF to print (the certificates' document with the Korean font).
 */
import type { Kysely } from 'kysely';
import type { SignupSheet, SignupSheetRow } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { toCsv } from '../rally/rally-report.service';
import { getEvent } from '../system/event.service';
import { fairTime, neutralise, type ExportFile } from './attendance.export';
import { renderA4 } from './pdf-doc';
import { admittedCodes, signupListOf, standingSignups, type LoadedSession } from './sessions.service';

type Db = Kysely<Database>;

export async function signupSheetOf(db: Db, s: LoadedSession, now: number, noShowMin: number): Promise<SignupSheet> {
  const id = s.row.id;
  const standing = (await standingSignups(db, [id])).get(id)!;
  const admitted = await admittedCodes(db, id);
  const list = signupListOf(s, standing, admitted, now, noShowMin);
  const codes = standing.map((x) => x.code);
  const [people, checkins] = codes.length
    ? await Promise.all([
        db.selectFrom('visitors').select(['code', 'name_ko', 'name_en', 'organisation']).where('code', 'in', codes).execute(),
        // Checked in at the entrance on any event day up to the session's (the door's rule).
        db.selectFrom('checkins').select('visitor_code').distinct().where('visitor_code', 'in', codes).where('day', '<=', s.row.day).execute(),
      ])
    : [[], []];
  const who = new Map(people.map((p) => [p.code, p]));
  const inAtEntrance = new Set(checkins.map((c) => c.visitor_code));
  const at = new Map(standing.map((x) => [x.code, x.at]));
  const row = (status: SignupSheetRow['status']) => (code: string, i: number): SignupSheetRow => {
    const p = who.get(code);
    return {
      place: i + 1,
      status,
      code,
      nameKo: p?.name_ko ?? '',
      nameEn: p?.name_en ?? null,
      organisation: p?.organisation ?? null,
      signedUpAt: at.get(code)!,
      checkedIn: inAtEntrance.has(code),
      admitted: admitted.has(code),
    };
  };
  return {
    sessionId: id,
    title: s.row.title,
    day: s.row.day,
    start: s.schedule.start,
    end: s.schedule.end,
    room: s.schedule.room,
    meetingPoint: s.details.meetingPoint,
    capacity: s.details.capacity,
    confirmed: list.confirmed.map(row('confirmed')),
    waitlist: list.waitlist.map(row('waitlisted')),
  };
}

const HEADER = ['구분 (list)', '순번 (no.)', '등록번호 (code)', '성명 (name)', '영문성명 (name EN)', '소속 (organisation)', '입장확인 (checked in)', '세션입장 (admitted)', '신청시각 (signed up)'];
const yn = (b: boolean) => (b ? 'Y' : 'N');
const LIST_LABEL = { confirmed: '확정 confirmed', waitlisted: '대기 waitlist' } as const;

export async function exportSignupSheet(db: Db, sheet: SignupSheet, format: 'pdf' | 'csv'): Promise<ExportFile> {
  const base = `signups-${sheet.sessionId}-${sheet.day}`.replace(/[^\w.-]+/g, '_');
  const all = [...sheet.confirmed, ...sheet.waitlist];
  if (format === 'csv') {
    const rows = all.map((r) => [LIST_LABEL[r.status], r.place, r.code, r.nameKo, r.nameEn ?? '', r.organisation ?? '', yn(r.checkedIn), yn(r.admitted), r.signedUpAt].map(neutralise));
    return { fileName: `${base}.csv`, mime: 'text/csv', dataBase64: Buffer.from(toCsv(HEADER, rows)).toString('base64') };
  }
  const ev = await getEvent(db);
  const hm = fairTime(ev.timeZone);
  const pdf = await renderA4(`신청자 명단 Sign-up list — ${sheet.title}`, (doc) => drawSheet(doc, sheet, `${sheet.day} ${hm.format(new Date(sheet.start))}–${hm.format(new Date(sheet.end))}`));
  return { fileName: `${base}.pdf`, mime: 'application/pdf', dataBase64: pdf.toString('base64') };
}

/** Columns of the printed list: x and width in points on A4 (595 wide, 40 margins). */
const COLS = [
  { key: 'no', label: '번호 No.', x: 40, w: 44 },
  { key: 'name', label: '성명 Name', x: 84, w: 130 },
  { key: 'org', label: '소속 Organisation', x: 214, w: 150 },
  { key: 'code', label: '등록번호 Code', x: 364, w: 96 },
  { key: 'in', label: '입장 In', x: 460, w: 44 },
  { key: 'door', label: '세션 Door', x: 504, w: 51 },
] as const;
const ROW_H = 20;

function drawSheet(doc: PDFKit.PDFDocument, sheet: SignupSheet, when: string) {
  const bottom = 842 - 48;
  let y = 0;
  const header = () => {
    doc.addPage({ size: 'A4', margin: 40 });
    doc.font('B').fontSize(16).fillColor('#111').text(`신청자 명단 Sign-up list — ${sheet.title}`, 40, 40, { width: 515, lineBreak: false, ellipsis: true });
    const seats = sheet.capacity === null ? '' : ` · 정원 Capacity ${sheet.capacity}`;
    const meet = sheet.meetingPoint ? ` · 집결지 Meeting point: ${sheet.meetingPoint}` : '';
    doc.font('R').fontSize(10).fillColor('#444').text(`${when} · ${sheet.room}${meet}${seats}`, 40, 64, { width: 515, lineBreak: false, ellipsis: true });
    y = 90;
  };
  const cells = (vals: string[], font: 'R' | 'B', colour = '#111') => {
    if (y + ROW_H > bottom) {
      header();
      // A list that runs on keeps its column labels at the top of the new page.
      if (font === 'R') cells(COLS.map((c) => c.label), 'B', '#1e3a8a');
    }
    doc.font(font).fontSize(9.5).fillColor(colour);
    COLS.forEach((c, i) => doc.text(vals[i] ?? '', c.x + 2, y + 5, { width: c.w - 4, lineBreak: false, ellipsis: true }));
    doc.lineWidth(0.5).moveTo(40, y + ROW_H).lineTo(555, y + ROW_H).stroke('#bbb');
    y += ROW_H;
  };
  const section = (title: string, rows: SignupSheetRow[], mark: (r: SignupSheetRow) => string) => {
    if (y + ROW_H * 3 > bottom) header();
    y += 6;
    doc.font('B').fontSize(12).fillColor('#1e3a8a').text(`${title} (${rows.length})`, 40, y, { lineBreak: false });
    y += 20;
    cells(COLS.map((c) => c.label), 'B', '#1e3a8a');
    for (const r of rows) cells([mark(r), r.nameEn && r.nameEn !== r.nameKo ? `${r.nameKo} (${r.nameEn})` : r.nameKo, r.organisation ?? '-', r.code, yn(r.checkedIn), yn(r.admitted)], 'R');
    if (rows.length === 0) cells(['', '없음 None'], 'R', '#666');
  };
  header();
  section('확정 Confirmed', sheet.confirmed, (r) => String(r.place));
  section('대기 Waitlist', sheet.waitlist, (r) => `대기 ${r.place}`);
}
