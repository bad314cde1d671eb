/**
 * The consultations export's rows and headers: every meeting with its outcome, and the
 * per-SME, per-buyer and per-country results — the figures the organiser reports after
 * the fair. The file itself is the Reports registry's (consultations.exporter.ts and
 * export-writer.ts): the consultations screen's download below, the Reports screen and
 * `npm run cli -- export consultations` write the same sheets with the same writer
 * (CSV UTF-8 with a BOM; formulas neutralised; XLSX with the three result sheets).
 */
import type { ResultGroup, ResultRow } from '../../../contract/index';
import type { Effective, MeetingResult } from './results.service';

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
