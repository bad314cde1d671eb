/**
 * Attendance exports (per session, or per institution across the day's trainings) as
 * CSV (UTF-8 BOM, CRLF — Korean Excel) or XLSX (exceljs), and the certificates of those
 * who completed. Cells a spreadsheet would run as a formula (= + - @, TAB, CR first) are
 * prefixed with ' in both formats: names and organisations come from visitors' own input.
 */
import { neutraliseCell } from '../reports/neutralise';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { toCsv } from '../rally/rally-report.service';
import { getEvent } from '../system/event.service';
import { attendanceOf, type Attendance } from './attendance.service';
import { renderCertificates, type CertificateData } from './certificate.render';
import type { LoadedSession } from './sessions.service';

type Db = Kysely<Database>;

/** The one formula rule (reports/neutralise.ts: = + - @ TAB CR and their full-width forms). */
export const neutralise = (v: string | number): string | number => neutraliseCell(v);

const HEADER = ['세션ID (session)', '세션 (title)', '일자 (date)', '등록번호 (code)', '성명 (name)', '영문성명 (name EN)', '소속 (organisation)', '참석 분 (minutes)', '참석률 % (attendance)', '이수 (completed)'];

/** Hours and minutes at the fair (the event's own zone). */
export const fairTime = (timeZone: string) => new Intl.DateTimeFormat('ko-KR', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });

function rowsOf(list: Attendance[], organisation?: string): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const a of list) {
    for (const r of a.rows) {
      if (organisation !== undefined && (r.organisation ?? '') !== organisation) continue;
      out.push([a.sessionId, a.title, a.day, r.code, r.nameKo, r.nameEn ?? '', r.organisation ?? '', r.minutes, r.pct, r.completed ? 'Y' : 'N']);
    }
  }
  return out.map((r) => r.map(neutralise));
}

export interface ExportFile {
  fileName: string;
  mime: string;
  dataBase64: string;
}

export async function exportAttendance(db: Db, sessions: LoadedSession[], now: number, format: 'csv' | 'xlsx', organisation?: string): Promise<ExportFile> {
  const list = await Promise.all(sessions.map((s) => attendanceOf(db, s, now)));
  const rows = rowsOf(list, organisation);
  const base = `attendance-${organisation !== undefined ? 'org' : (sessions[0]?.row.id ?? 'none')}-${sessions[0]?.row.day ?? ''}`.replace(/[^\w.-]+/g, '_');
  if (format === 'csv') return { fileName: `${base}.csv`, mime: 'text/csv', dataBase64: Buffer.from(toCsv(HEADER, rows)).toString('base64') };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('출석 Attendance');
  ws.addRow(HEADER).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 18));
  return { fileName: `${base}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', dataBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
}

/** Certificates for the completed attendees of a session: one person (`code`), one institution (merged), or all. */
export async function certificatesOf(db: Db, s: LoadedSession, now: number, filter: { code?: string; organisation?: string }): Promise<{ fileName: string; count: number; dataBase64: string }> {
  const a = await attendanceOf(db, s, now);
  const ev = await getEvent(db);
  const hm = fairTime(ev.timeZone);
  const when = `${Number(a.day.slice(0, 4))}. ${Number(a.day.slice(5, 7))}. ${Number(a.day.slice(8, 10))}. ${hm.format(new Date(a.start))}–${hm.format(new Date(a.end))}`;
  const issued = new Date(now);
  const issuedOn = new Intl.DateTimeFormat('ko-KR', { timeZone: ev.timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(issued);
  const done = a.rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.completed && (filter.code === undefined || r.code === filter.code) && (filter.organisation === undefined || (r.organisation ?? '') === filter.organisation));
  const certs: CertificateData[] = done.map(({ r }) => ({
    // Numbered by the attendee's place in the session's list, so a reprint keeps its number.
    number: `${a.day.slice(0, 4)}-${a.sessionId}-${String(a.rows.indexOf(r) + 1).padStart(4, '0')}`,
    nameKo: r.nameKo,
    nameEn: r.nameEn,
    organisation: r.organisation,
    sessionTitle: a.title,
    when,
    minutes: r.minutes,
    pct: r.pct,
    eventName: ev.name.ko,
    eventNameEn: ev.name.en,
    issuedOn,
  }));
  const who = filter.code ?? (filter.organisation !== undefined ? 'org' : 'all');
  return { fileName: `certificates-${a.sessionId}-${who}.pdf`.replace(/[^\w.-]+/g, '_'), count: certs.length, dataBase64: certs.length ? (await renderCertificates(certs)).toString('base64') : '' };
}
