/**
 * Results of the consultations: each meeting's effective result (its recorded outcome;
 * else a no-show the floor recorded, its side read from who arrived; else unrecorded if
 * over, upcoming if not), summed per SME, per buyer (구매기관) or per buyer country.
 * The console's table and the export both read `meetingResults`, so they reconcile.
 */
import type { Outcome, OutcomeResult, PendingOutcome, RecordedOutcome, ResultGroup, ResultRow, ResultsReport } from '../../../contract/index';
import { todayIn } from '../system/event.service';
import type { HandlerCtx } from '../../core/router';
import { isOnline, loadMeetings, meetingOverAt, type Meeting } from '../programme/floor.service';
import { readConfig } from '../programme/floor-settings.service';
import { currentOutcomes, outcomeRows } from './outcome.service';

/** What a meeting counts as in the results. */
export type Effective = OutcomeResult | 'unrecorded' | 'upcoming';

export interface MeetingResult {
  meeting: Meeting;
  outcome: Outcome | null;
  effective: Effective;
}

/**
 * A floor no-show without a recorded outcome: the side that did not come, from the
 * arrivals. An online buyer is never "arrived" at a table: there only the SME counts.
 */
function noShowSide(m: Meeting): OutcomeResult {
  const { arrivedSeller, arrivedBuyer } = m.state;
  if (arrivedSeller && !arrivedBuyer) return 'buyer_no_show';
  if (!arrivedSeller && (arrivedBuyer || isOnline(m.row))) return 'seller_no_show';
  return 'both_no_show';
}

/** Every consultation (of `day`, or of every day) with its outcome, cancelled ones left out, in schedule order. */
export async function meetingResults(ctx: Pick<HandlerCtx, 'db' | 'clock' | 'runtime'>, day: string | null): Promise<MeetingResult[]> {
  const t = ctx.clock.now().getTime();
  const cfg = await readConfig(ctx.db);
  const days = day
    ? [day]
    : (await ctx.db.selectFrom('programme_items').select('day').distinct().where('kind', 'in', ['consultation', 'video_consultation']).orderBy('day').execute()).map((r) => r.day);
  const meetings = (await Promise.all(days.map((d) => loadMeetings(ctx, d, cfg, t)))).flat().filter((m) => m.state.status !== 'cancelled');
  const outcomes = currentOutcomes(await outcomeRows(ctx.db, null));
  return meetings.map((meeting) => {
    const outcome = outcomes.get(meeting.row.id) ?? null;
    const effective: Effective = outcome
      ? outcome.result
      : meeting.state.status === 'no_show'
        ? noShowSide(meeting)
        : t >= meetingOverAt(meeting, t)
          ? 'unrecorded'
          : 'upcoming';
    return { meeting, outcome, effective };
  });
}

const emptyRow = (key: string): ResultRow => ({
  key,
  meetings: 0,
  held: 0,
  sellerNoShow: 0,
  buyerNoShow: 0,
  bothNoShow: 0,
  connectionFailed: 0,
  unrecorded: 0,
  upcoming: 0,
  interest: { none: 0, some: 0, strong: 0 },
  followUps: { sample: 0, quote: 0, site_visit: 0, next_meeting: 0 },
  amounts: {},
});

const COUNTER: Record<Effective, keyof ResultRow> = {
  held: 'held',
  seller_no_show: 'sellerNoShow',
  buyer_no_show: 'buyerNoShow',
  both_no_show: 'bothNoShow',
  connection_failed: 'connectionFailed',
  unrecorded: 'unrecorded',
  upcoming: 'upcoming',
};

/** Adds two decimal strings exactly, in cents as BigInt (floats would drift on KRW sums). */
function addDecimal(a: string | undefined, b: string): string {
  const cents = (s: string) => {
    const [i, f = ''] = s.split('.');
    return BigInt(i!) * 100n + BigInt((f + '00').slice(0, 2));
  };
  const sum = cents(a ?? '0') + cents(b);
  const whole = sum / 100n;
  const frac = sum % 100n;
  return frac === 0n ? whole.toString() : `${whole}.${frac.toString().padStart(2, '0').replace(/0$/, '')}`;
}

function add(row: ResultRow, r: MeetingResult): void {
  row.meetings++;
  (row[COUNTER[r.effective]] as number)++;
  const o = r.outcome;
  if (!o || o.result !== 'held') return;
  if (o.interest) row.interest[o.interest]++;
  for (const f of o.followUps) row.followUps[f]++;
  if (o.amount) row.amounts[o.amount.currency] = addDecimal(row.amounts[o.amount.currency], o.amount.value);
}

export const groupKey = (by: ResultGroup, m: Meeting): string => {
  switch (by) {
    case 'seller':
      return m.row.seller ?? '';
    case 'buyer':
      return m.row.buyer ?? '';
    case 'country':
      return m.row.country ?? '';
  }
};

const keyOrder = new Intl.Collator('ko', { numeric: true });

export function summarise(results: MeetingResult[], by: ResultGroup, day: string | null): ResultsReport {
  const total = emptyRow('');
  const rows = new Map<string, ResultRow>();
  for (const r of results) {
    const key = groupKey(by, r.meeting);
    const row = rows.get(key) ?? emptyRow(key);
    rows.set(key, row);
    add(row, r);
    add(total, r);
  }
  return { day, by, total, rows: [...rows.values()].sort((a, b) => b.held - a.held || keyOrder.compare(a.key, b.key)) };
}

export async function resultsReport(ctx: HandlerCtx, by: ResultGroup, day: string | null): Promise<ResultsReport> {
  return summarise(await meetingResults(ctx, day), by, day);
}

/** Today's meetings over without an outcome (a floor no-show suggests its side), latest first. */
export async function pendingOutcomes(ctx: HandlerCtx): Promise<PendingOutcome[]> {
  const results = await meetingResults(ctx, (await todayIn(ctx)));
  return results
    .filter((r) => !r.outcome && r.effective !== 'upcoming')
    .sort((a, b) => b.meeting.row.starts_at.localeCompare(a.meeting.row.starts_at) || keyOrder.compare(a.meeting.row.venue, b.meeting.row.venue))
    .slice(0, 200)
    .map(({ meeting, meeting: { row }, effective }) => ({
      ...listed(row),
      // A link the booth marked failed (and never connected after) suggests a connection failure.
      suggested: effective !== 'unrecorded' ? (effective as OutcomeResult) : meeting.booth.connection === 'failed' ? 'connection_failed' : null,
    }));
}

/** The meeting as the console's lists show it (table, time, both sides). */
const listed = (row: MeetingResult['meeting']['row']) => ({
  meetingId: row.id,
  table: row.venue,
  start: row.starts_at,
  seller: row.seller ?? '',
  buyer: row.buyer ?? '',
  country: row.country,
  online: isOnline(row),
});

/** Today's meetings with a recorded outcome, the latest recorded first: what the console may still edit. */
export async function recordedOutcomes(ctx: HandlerCtx): Promise<RecordedOutcome[]> {
  const results = await meetingResults(ctx, await todayIn(ctx));
  return results
    .flatMap((r) => (r.outcome ? [{ ...listed(r.meeting.row), current: r.outcome }] : []))
    .sort((a, b) => b.current.recordedAt.localeCompare(a.current.recordedAt) || keyOrder.compare(a.table, b.table))
    .slice(0, 200);
}
