/**
 * The consultations export: every meeting with its outcome, and (XLSX) the per-SME,
 * per-buyer and per-country results — the figures the organiser reports after the fair.
 * Built from the same `meetingResults` as the console's results, so the two reconcile.
 *
 * `consultationsExporter` is a self-contained exporter (id, labels, formats, run) that a
 * reports screen can register beside others; the channel and the CLI call it too.
 * CSV is UTF-8 with a BOM (Korean Excel opens it as UTF-8) and CRLF; text cells that a
 * spreadsheet would read as a formula (= + - @ TAB CR first) are neutralised with '.
 */
import { neutraliseCell } from '../reports/neutralise';
import { toCsv as rallyCsv } from '../rally/rally-report.service';
import ExcelJS from 'exceljs';
import { RESULT_GROUPS, type ExportFormat, type ResultGroup, type ResultRow } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { meetingResults, summarise, type Effective, type MeetingResult } from './results.service';

export interface ExportFile {
  fileName: string;
  mime: string;
  bytes: Buffer;
  /** Data rows of the main sheet (meetings). */
  rows: number;
}

/** What a reports screen needs to list and run an export. */
export interface Exporter {
  id: string;
  labelKo: string;
  labelEn: string;
  formats: readonly ExportFormat[];
  run(ctx: HandlerCtx, opts: { format: ExportFormat; day: string | null }): Promise<ExportFile>;
}

/** A text cell made safe for a spreadsheet (the one rule of reports/neutralise.ts, full-width forms included). */
export const safeText = (s: string): string => neutraliseCell(s);

/** The rally report's CSV (UTF-8 with a BOM, CRLF, one formula rule), as bytes. */
export const toCsv = (header: readonly string[], rows: readonly (string | number)[][]): Buffer => Buffer.from(rallyCsv(header, rows), 'utf8');

/** Korean first, English beside it, in one header cell — the file is read by both. */
const RESULT_LABEL: Record<Effective, string> = {
  held: '상담 완료 held',
  seller_no_show: '판매기업 불참 seller no-show',
  buyer_no_show: '바이어 불참 buyer no-show',
  both_no_show: '양측 불참 both no-show',
  connection_failed: '연결 실패 connection failed',
  unrecorded: '결과 미입력 not recorded',
  upcoming: '예정 upcoming',
};
const INTEREST_LABEL = { none: '없음 none', some: '보통 some', strong: '높음 strong' } as const;
const FOLLOW_UP_LABEL = { sample: '샘플 sample', quote: '견적 quote', site_visit: '현장 방문 site visit', next_meeting: '후속 미팅 next meeting' } as const;

const SEOUL = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', hour: '2-digit', minute: '2-digit', hour12: false });
const hhmm = (iso: string) => SEOUL.format(Date.parse(iso));

export const MEETING_HEADER = [
  '일정ID ID', '일자 Day', '시작 Start', '종료 End', '장소 Venue', '판매기업 SME', '구매기관 Buyer', '국가 Country', '방식 Mode',
  '결과 Result', '관심도 Interest', '예상금액 Expected amount', '통화 Currency', '후속조치 Follow-up', '기록 시각 Recorded at', '기록 스테이션 Station', '버전 Version', '수정 사유 Edit reason',
] as const;

export function meetingRow(r: MeetingResult): (string | number)[] {
  const { row } = r.meeting;
  const o = r.outcome;
  return [
    row.id, row.day, hhmm(row.starts_at), hhmm(row.ends_at), row.venue, row.seller ?? '', row.buyer ?? '', row.country ?? '', row.mode,
    RESULT_LABEL[r.effective],
    o?.interest ? INTEREST_LABEL[o.interest] : '',
    // An amount stays a number in XLSX (sums work); text in CSV keeps it exact.
    o?.amount ? o.amount.value : '',
    o?.amount?.currency ?? '',
    o ? o.followUps.map((f) => FOLLOW_UP_LABEL[f]).join(', ') : '',
    o ? o.recordedAt : '',
    o?.stationName ?? '',
    o ? o.version : '',
    o?.reason ?? '',
  ];
}

export const GROUP_TITLE: Record<ResultGroup, string> = { seller: '판매기업별 By SME', buyer: '구매기관별 By buyer', country: '국가별 By country' };
export const SUMMARY_HEADER = [
  '이름 Name', '상담 Meetings', '상담 완료 Held', '판매기업 불참 Seller no-show', '바이어 불참 Buyer no-show', '양측 불참 Both no-show', '연결 실패 Connection failed',
  '미입력 Not recorded', '예정 Upcoming', '관심 높음 Strong', '관심 보통 Some', '관심 없음 None', '샘플 Sample', '견적 Quote', '현장 방문 Site visit', '후속 미팅 Next meeting', '예상금액 Expected amounts',
] as const;

export function summaryRow(r: ResultRow): (string | number)[] {
  return [
    r.key || '합계 Total', r.meetings, r.held, r.sellerNoShow, r.buyerNoShow, r.bothNoShow, r.connectionFailed, r.unrecorded, r.upcoming,
    r.interest.strong, r.interest.some, r.interest.none, r.followUps.sample, r.followUps.quote, r.followUps.site_visit, r.followUps.next_meeting,
    Object.entries(r.amounts).map(([c, v]) => `${c} ${v}`).join('; '),
  ];
}

async function toXlsx(results: MeetingResult[], day: string | null): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, header: readonly string[], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...header]).font = { bold: true };
    for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? safeText(v) : v)));
    ws.columns.forEach((c) => (c.width = 16));
  };
  sheet('상담 Meetings', MEETING_HEADER, results.map(meetingRow).map((r) => r.map((v, i) => (i === 11 && v !== '' ? Number(v) : v))));
  for (const by of RESULT_GROUPS) {
    const rep = summarise(results, by, day);
    sheet(GROUP_TITLE[by].split(' ')[0]!, SUMMARY_HEADER, [...rep.rows.map(summaryRow), summaryRow(rep.total)]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const consultationsExporter: Exporter = {
  id: 'consultations',
  labelKo: '상담 결과',
  labelEn: 'Consultation results',
  formats: ['csv', 'xlsx'],
  async run(ctx, { format, day }) {
    const results = await meetingResults(ctx, day);
    const base = `consultations-${day ?? 'all'}`;
    if (format === 'csv') return { fileName: `${base}.csv`, mime: 'text/csv; charset=utf-8', bytes: toCsv(MEETING_HEADER, results.map(meetingRow)), rows: results.length };
    return { fileName: `${base}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: await toXlsx(results, day), rows: results.length };
  },
};
