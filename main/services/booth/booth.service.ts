/**
 * The video booth: what the booth PC shows (its current and next meeting, the buyer's
 * zone, the join link, the interpreter, the link state, the day's tech check) and the
 * staff's taps — connected / failed / retry, the tech check, an interpreter set on the
 * console. Meetings and their phases come from the floor (programme room); the booth's
 * own facts from booth-facts.ts. Every write is append-only, nonce-idempotent, audited,
 * and announced as `booth.changed` (plus `floor.changed` when a meeting card changes).
 */
import {
  AppFailure,
  assertNever,
  type BoothMeeting,
  type BoothSummary,
  type BoothView,
  type ConnectionAnswer,
  type ConnectionMark,
  type TechCheck,
  type TechResult,
} from '../../../contract/index';
import { isoDayIn } from '../../core/clock';
import type { HandlerCtx } from '../../core/router';
import { eventTimeZone, todayIn } from '../system/event.service';
import { isOnline, loadMeeting, loadMeetings, nowAndNext, toBoardMeeting, type Meeting } from '../programme/floor.service';
import { readConfig } from '../programme/floor-settings.service';
import { appendBoothFact, boothInterpreter, factsOfBooths, latestTechCheck, type BoothFact } from './booth-facts';

/** The buyer may be joining from this long before the start (the booth opens the link early). */
export const CONNECT_LEAD_MS = 15 * 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toBoothMeeting(m: Meeting): BoothMeeting {
  const b = toBoardMeeting(m);
  return {
    id: b.id,
    start: b.start,
    end: b.end,
    seller: b.seller,
    buyer: b.buyer,
    country: b.country,
    buyerTimeZone: b.buyerTimeZone,
    joinLink: m.row.join_link,
    interpreter: m.booth.interpreter,
    phase: b.phase,
    connection: m.booth.connection,
    connectionAt: iso(m.booth.connectionAt),
    failures: m.booth.failures,
  };
}

/** Today's online meetings, by booth (venue), each booth's ordered by start. */
async function boothsToday(ctx: HandlerCtx): Promise<{ day: string; t: number; byBooth: Map<string, Meeting[]> }> {
  const t = ctx.clock.now().getTime();
  const day = await todayIn(ctx);
  const meetings = await loadMeetings(ctx, day, await readConfig(ctx.db), t);
  const byBooth = new Map<string, Meeting[]>();
  for (const m of meetings) if (isOnline(m.row)) byBooth.set(m.row.venue, [...(byBooth.get(m.row.venue) ?? []), m]);
  for (const ms of byBooth.values()) ms.sort((a, b) => a.view.plannedStart - b.view.plannedStart);
  return { day, t, byBooth };
}

const boothOrder = new Intl.Collator('ko', { numeric: true });

export async function listBooths(ctx: HandlerCtx): Promise<BoothSummary[]> {
  const { byBooth } = await boothsToday(ctx);
  const facts = await factsOfBooths(ctx.db, [...byBooth.keys()]);
  return [...byBooth.entries()]
    .map(([name, ms]) => ({ name, meetings: ms.length, first: new Date(ms[0]!.view.plannedStart).toISOString(), interpreter: boothInterpreter(facts, name) }))
    .sort((a, b) => boothOrder.compare(a.name, b.name));
}

/** A booth must be a venue of some online meeting (any day): a typo is not a new booth. */
async function assertBooth(ctx: HandlerCtx, booth: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('programme_items')
    .select('id')
    .where('venue', '=', booth)
    .where((e) => e.or([e('kind', '=', 'video_consultation'), e('mode', '=', 'online')]))
    .executeTakeFirst();
  if (!row) throw new AppFailure('not_found', `no video booth ${booth.slice(0, 40)}`);
}

async function techCheckToday(ctx: HandlerCtx, facts: readonly BoothFact[], booth: string, day: string): Promise<TechCheck | null> {
  const zone = await eventTimeZone(ctx.db);
  const f = latestTechCheck(facts, booth, 0);
  if (!f || isoDayIn(zone, new Date(f.at)) !== day) return null;
  return { result: f.type === 'tech_ok' ? 'ok' : 'failed', at: new Date(f.at).toISOString(), note: f.value };
}

export async function boothView(ctx: HandlerCtx, booth: string): Promise<BoothView> {
  const { day, t, byBooth } = await boothsToday(ctx);
  const ms = byBooth.get(booth) ?? [];
  if (ms.length === 0) await assertBooth(ctx, booth);
  const facts = await factsOfBooths(ctx.db, [booth]);
  const { now, next } = nowAndNext(ms, t);
  const techCheck = await techCheckToday(ctx, facts, booth, day);
  const remaining = ms.filter((m) => (m.state.status === 'open' || m.state.status === 'running') && m.view.plannedEnd > t).length;
  return {
    now: new Date(t).toISOString(),
    day,
    booth,
    interpreter: boothInterpreter(facts, booth),
    techCheck,
    techCheckDue: techCheck?.result !== 'ok' && remaining > 0,
    current: now && toBoothMeeting(now),
    next: next && toBoothMeeting(next),
    remaining,
  };
}

/** Why a connection tap does not apply to the meeting now, or null when it does. */
function refusal(m: Meeting, mark: ConnectionMark, t: number): Exclude<ConnectionAnswer['status'], 'recorded' | 'not_online'> | null {
  switch (m.state.status) {
    case 'done':
    case 'no_show':
    case 'cancelled':
      return 'over';
    case 'open':
      if (t >= m.view.plannedEnd) return 'over';
      if (t < m.view.plannedStart - CONNECT_LEAD_MS) return 'too_early';
      break;
    case 'running':
      break;
    default:
      return assertNever(m.state.status);
  }
  switch (mark) {
    case 'connected':
      return m.booth.connection === 'connected' ? 'unchanged' : null;
    case 'failed':
      return m.booth.connection === 'failed' ? 'unchanged' : null;
    case 'retry':
      return m.booth.connection === 'failed' ? null : m.booth.connection === 'retrying' ? 'unchanged' : 'not_failed';
    default:
      return assertNever(mark);
  }
}

export async function markConnection(ctx: HandlerCtx, input: { nonce: string; meetingId: string; mark: ConnectionMark; note?: string }): Promise<ConnectionAnswer> {
  const t = ctx.clock.now().getTime();
  const cfg = await readConfig(ctx.db);
  const m = await loadMeeting(ctx.db, input.meetingId, cfg, t);
  if (!isOnline(m.row)) return { status: 'not_online' };
  const why = refusal(m, input.mark, t);
  if (why) return { status: why, meeting: toBoothMeeting(m) };
  const note = input.mark === 'failed' ? input.note?.trim() || null : null;
  const done = await appendBoothFact(ctx, { booth: m.row.venue, meetingId: m.row.id, type: input.mark, value: note, at: t, nonce: input.nonce });
  const fresh = await loadMeeting(ctx.db, m.row.id, cfg, t);
  // Another PC's tap took this place first: show what is there now, nothing written.
  if (done === 'raced') return { status: 'unchanged', meeting: toBoothMeeting(fresh) };
  if (done === 'recorded') {
    ctx.audit(m.row.id, { booth: m.row.venue, connection: input.mark });
    ctx.emit({ type: 'booth.changed', booth: m.row.venue, meetingId: m.row.id });
    ctx.emit({ type: 'floor.changed', meetingIds: [m.row.id], meetings: [toBoardMeeting(fresh)] });
  }
  return { status: 'recorded', meeting: toBoothMeeting(fresh) };
}

export async function recordTechCheck(ctx: HandlerCtx, input: { nonce: string; booth: string; result: TechResult; note?: string }): Promise<TechCheck> {
  await assertBooth(ctx, input.booth);
  const t = ctx.clock.now().getTime();
  const note = input.note?.trim() || null;
  const done = await appendBoothFact(ctx, { booth: input.booth, meetingId: null, type: input.result === 'ok' ? 'tech_ok' : 'tech_failed', value: note, at: t, nonce: input.nonce });
  if (done === 'recorded') {
    ctx.audit(input.booth, { techCheck: input.result });
    ctx.emit({ type: 'booth.changed', booth: input.booth, meetingId: null });
  }
  const f = latestTechCheck(await factsOfBooths(ctx.db, [input.booth]), input.booth, 0)!;
  return { result: f.type === 'tech_ok' ? 'ok' : 'failed', at: new Date(f.at).toISOString(), note: f.value };
}

export async function setInterpreter(
  ctx: HandlerCtx,
  input: { nonce: string; booth: string; meetingId?: string; interpreter: string },
): Promise<{ booth: string; meetingId: string | null; interpreter: string | null }> {
  await assertBooth(ctx, input.booth);
  const t = ctx.clock.now().getTime();
  const cfg = await readConfig(ctx.db);
  const meeting = input.meetingId ? await loadMeeting(ctx.db, input.meetingId, cfg, t) : null;
  if (meeting && meeting.row.venue !== input.booth) throw new AppFailure('invalid_input', `meeting ${meeting.row.id} is not at ${input.booth.slice(0, 40)}`);
  const value = input.interpreter.trim();
  const done = await appendBoothFact(ctx, { booth: input.booth, meetingId: meeting?.row.id ?? null, type: 'interpreter', value, at: t, nonce: input.nonce });
  if (done === 'raced') throw new AppFailure('conflict', 'another station changed this booth at the same moment; try again');
  if (done === 'recorded') {
    // The interpreter is staff, named in the audit detail like the booth (not a visitor).
    ctx.audit(meeting?.row.id ?? input.booth, { booth: input.booth, interpreter: value || null });
    ctx.emit({ type: 'booth.changed', booth: input.booth, meetingId: meeting?.row.id ?? null });
    ctx.emit({ type: 'floor.changed', meetingIds: meeting ? [meeting.row.id] : [], meetings: meeting ? [toBoardMeeting(await loadMeeting(ctx.db, meeting.row.id, cfg, t))] : [] });
  }
  return { booth: input.booth, meetingId: meeting?.row.id ?? null, interpreter: value || null };
}
