/**
 * The consultation floor: reads the day's meetings with their facts, derives every
 * table's now/next at the clock's "now" (meeting-state.ts), and records the floor
 * manager's actions as append-only facts — nonce-idempotent, with one-shot facts made
 * unique by the database (`once_key`), so two consoles racing on one table settle there.
 * A delay pushes the table's later meetings back (table-schedule.ts); a badge finds its
 * meeting by the codes the programme lists, by organisation only where it lists none.
 */
import { randomUUID } from 'node:crypto';
import {
  AppFailure,
  assertNever,
  type ArrivalMatch,
  type ArrivalOutcome,
  type BoardMeeting,
  type BoardRoom,
  type BoardSession,
  type BoardTable,
  type ConsultationConfig,
  type FloorState,
  type MeetingAction,
  type MeetingActOutcome,
  type RoundOutcome,
} from '../../../contract/index';
import { systemClock } from '../../core/clock';
import type { HandlerCtx } from '../../core/router';
import { findVisitorByScan } from '../visitors/visitor-lookup.service';
import { todayIn } from '../system/event.service';
import { countryTimeZone } from './country-tz';
import { readConfig } from './floor-settings.service';
import {
  FACT_TYPES,
  advanceFact,
  applyFact,
  foldFacts,
  isRepeatable,
  phaseAt,
  type FactType,
  type MeetingFact,
  type MeetingState,
  type PhaseView,
} from './meeting-state';
import type { ItemRow } from './programme-cache';
import type { MeetingEventsTable } from '../../../db/tables/programme.tables';
import { isConsultation, splitCodes } from './programme.import';
import { pushBackPlan, type TableSlot } from './table-schedule';
import { asScheduled } from '../sessions/sessions.service';
import { factsOfBooths, meetingBoothState, type BoothFact, type MeetingBoothState } from '../booth/booth-facts';

type Db = HandlerCtx['db'];

const MIN = 60_000;
/** A round may be started this long before its slot (staff tap a little early). */
export const ROUND_LEAD_MS = 5 * MIN;
/** Badges are accepted from this long before a meeting's start. */
const ARRIVAL_LEAD_MS = 15 * MIN;
/** A session stays on the board this long after its end (a seminar running over). */
export const ROOM_GRACE_MS = 10 * MIN;
/** The clock counts as a rehearsal clock when it is this far from real time. */
const REHEARSAL_MS = 2 * MIN;

export interface Meeting {
  row: ItemRow;
  state: MeetingState;
  view: PhaseView;
  /** Interpreter and (online meetings) link state from the booth's facts. */
  booth: MeetingBoothState;
}

interface FactRow {
  meeting_id: string;
  type: MeetingEventsTable['type'];
  at: string;
  minutes: number | null;
  pitch_min: number | null;
  qa_min: number | null;
}
const FACT_COLUMNS = ['meeting_id', 'type', 'at', 'minutes', 'pitch_min', 'qa_min'] as const;

const toFact = (e: FactRow): MeetingFact | null =>
  (FACT_TYPES as readonly string[]).includes(e.type)
    ? { type: e.type, at: Date.parse(e.at), minutes: e.minutes, pitchMin: e.pitch_min, qaMin: e.qa_min }
    : null;

function groupFacts(rows: FactRow[]): Map<string, MeetingFact[]> {
  const out = new Map<string, MeetingFact[]>();
  for (const r of rows) {
    const f = toFact(r);
    if (!f) continue;
    const list = out.get(r.meeting_id) ?? [];
    list.push(f);
    out.set(r.meeting_id, list);
  }
  return out;
}

/** Every fact about the day's meetings, in one query. */
async function factsOfDay(db: Db, day: string): Promise<Map<string, MeetingFact[]>> {
  const rows = await db
    .selectFrom('meeting_events as e')
    .innerJoin('programme_items as p', 'p.id', 'e.meeting_id')
    .select(FACT_COLUMNS.map((c) => `e.${c}` as const))
    .where('p.day', '=', day)
    .execute();
  return groupFacts(rows);
}

function derive(row: ItemRow, facts: MeetingFact[], booth: readonly BoothFact[], cfg: ConsultationConfig, t: number): Meeting {
  const state = foldFacts(facts, cfg);
  const view = phaseAt({ start: Date.parse(row.starts_at), end: Date.parse(row.ends_at) }, state, t);
  return { row, state, view, booth: meetingBoothState(booth, row, view.plannedEnd) };
}

/** Every consultation of a day with its derived state, ordered by start. */
export async function loadMeetings(ctx: Pick<HandlerCtx, 'db' | 'runtime'>, day: string, cfg: ConsultationConfig, t: number): Promise<Meeting[]> {
  const [rows, facts] = await Promise.all([ctx.runtime.programme.consultations(ctx.db, day), factsOfDay(ctx.db, day)]);
  const booth = await factsOfBooths(ctx.db, rows.map((r) => r.venue));
  return rows.map((r) => derive(r, facts.get(r.id) ?? [], booth, cfg, t));
}

/** One consultation with its derived state at `t`; not_found for an unknown id or a session. */
export async function loadMeeting(db: Db, id: string, cfg: ConsultationConfig, t: number): Promise<Meeting> {
  const row = await db.selectFrom('programme_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !isConsultation(row.kind)) throw new AppFailure('not_found', `no meeting ${id.slice(0, 40)}`);
  const facts = groupFacts(await db.selectFrom('meeting_events').select(FACT_COLUMNS).where('meeting_id', '=', id).execute());
  return derive(row, facts.get(id) ?? [], await factsOfBooths(db, [row.venue]), cfg, t);
}

/**
 * When a meeting is over, for recording its outcome: a running one when its Q&A ends
 * (or when ended), one never started when its slot ends; a no-show or cancelled one at
 * once (`t`).
 */
export function meetingOverAt(m: Meeting, t: number): number {
  switch (m.state.status) {
    case 'done':
      return m.state.endedAt!;
    case 'running':
      return m.state.qaEndsAt!;
    case 'open':
      return m.view.plannedEnd;
    case 'no_show':
    case 'cancelled':
      return t;
    default:
      return assertNever(m.state.status);
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A video-booth meeting: the buyer joins by link, not at the table. */
export const isOnline = (row: Pick<ItemRow, 'kind' | 'mode'>) => row.kind === 'video_consultation' || row.mode === 'online';

export function toBoardMeeting(m: Meeting): BoardMeeting {
  const { row, state, view } = m;
  const online = isOnline(row);
  return {
    id: row.id,
    table: row.venue,
    start: iso(view.plannedStart)!,
    end: iso(view.plannedEnd)!,
    delayMin: state.shiftMin,
    seller: row.seller ?? '',
    buyer: row.buyer ?? '',
    country: row.country,
    online,
    // The file's zone wins; the country map is only a fallback (one zone per country).
    buyerTimeZone: online ? (row.buyer_tz ?? countryTimeZone(row.country)) : null,
    phase: view.phase,
    timing: view.timing,
    phaseStartedAt: iso(view.phaseStartedAt),
    phaseEndsAt: iso(view.phaseEndsAt),
    qaEndsAt: iso(view.qaEndsAt),
    arrivedSeller: state.arrivedSeller,
    arrivedBuyer: state.arrivedBuyer,
    interpreter: m.booth.interpreter,
    connection: online ? m.booth.connection : null,
  };
}

/** "상담테이블 2" before "상담테이블 10"; video booths after the tables. */
const tableOrder = new Intl.Collator('ko', { numeric: true });
const isBooth = (ms: Meeting[]) => ms.some((m) => m.row.kind === 'video_consultation');

/** A table's now (running, else the meeting whose slot holds t) and next (the following open one). */
export function nowAndNext(ms: Meeting[], t: number): { now: Meeting | null; next: Meeting | null } {
  const running = ms.filter((m) => m.state.status === 'running');
  // A meeting pushed back still holds its table from its original start.
  const holds = (m: Meeting) => Math.min(Date.parse(m.row.starts_at), m.view.plannedStart) <= t && t < m.view.plannedEnd;
  const now = running[running.length - 1] ?? ms.find(holds) ?? null;
  const after = now ? now.view.plannedStart : t;
  const next = ms.find((m) => m !== now && m.state.status === 'open' && m.view.plannedStart >= after && (now !== null || m.view.plannedEnd > t)) ?? null;
  return { now, next };
}

/** The slot a round started at `t` would start: the latest scheduled start due by t + lead whose slot is not over. */
export function roundSlot(meetings: Meeting[], t: number): number | null {
  let slot: number | null = null;
  for (const m of meetings) {
    const s = Date.parse(m.row.starts_at);
    if (s <= t + ROUND_LEAD_MS && Date.parse(m.row.ends_at) > t && (slot === null || s > slot)) slot = s;
  }
  return slot;
}

function rooms(rows: ItemRow[], t: number): BoardRoom[] {
  const byRoom = new Map<string, ItemRow[]>();
  for (const r of rows) byRoom.set(r.venue, [...(byRoom.get(r.venue) ?? []), r]);
  const toSession = (r: ItemRow): BoardSession => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    start: r.starts_at,
    end: r.ends_at,
    mode: r.mode,
    country: r.country,
  });
  const out: BoardRoom[] = [];
  for (const [name, list] of byRoom) {
    const running = list.filter((r) => Date.parse(r.starts_at) <= t && t < Date.parse(r.ends_at) + ROOM_GRACE_MS);
    const now = running[running.length - 1] ?? null;
    const next = list.find((r) => Date.parse(r.starts_at) > t) ?? null;
    // A room whose day is over leaves the board.
    if (now || next) out.push({ name, now: now && toSession(now), next: next && toSession(next) });
  }
  return out.sort((a, b) => (a.now?.start ?? a.next!.start).localeCompare(b.now?.start ?? b.next!.start) || tableOrder.compare(a.name, b.name));
}

/** The most common planned length of the meetings in minutes (the schedule's slot), null without meetings. */
export function commonLengthMin(meetings: Meeting[]): number | null {
  const counts = new Map<number, number>();
  for (const m of meetings) {
    const len = Math.round((Date.parse(m.row.ends_at) - Date.parse(m.row.starts_at)) / MIN);
    counts.set(len, (counts.get(len) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [len, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && len < best)) best = len;
  return best;
}

export async function floorState(ctx: HandlerCtx): Promise<FloorState> {
  const now = ctx.clock.now();
  const t = now.getTime();
  const day = await todayIn(ctx);
  const cfg = await readConfig(ctx.db);
  const meetings = await loadMeetings(ctx, day, cfg, t);
  const byTable = new Map<string, Meeting[]>();
  for (const m of meetings) byTable.set(m.row.venue, [...(byTable.get(m.row.venue) ?? []), m]);
  const tables: BoardTable[] = [...byTable.entries()]
    .map(([name, ms]) => {
      ms.sort((a, b) => a.view.plannedStart - b.view.plannedStart);
      const { now: n, next } = nowAndNext(ms, t);
      return { name, booth: isBooth(ms), now: n && toBoardMeeting(n), next: next && toBoardMeeting(next) };
    })
    .sort((a, b) => Number(a.booth) - Number(b.booth) || tableOrder.compare(a.name, b.name));
  const sessions = await asScheduled(ctx.db, await ctx.db
    .selectFrom('programme_items')
    .selectAll()
    .where('day', '=', day)
    .where('kind', 'not in', ['consultation', 'video_consultation'])
    .orderBy('starts_at')
    .execute());
  const slot = roundSlot(meetings, t);
  return {
    now: now.toISOString(),
    day,
    rehearsal: Math.abs(t - systemClock.now().getTime()) > REHEARSAL_MS,
    config: cfg,
    slotMin: commonLengthMin(meetings),
    roundSlot: iso(slot),
    tables,
    rooms: rooms(sessions, t),
  };
}

type Recorded = 'recorded' | 'duplicate';

/**
 * Appends one fact. One-shot facts carry a once_key unique per (meeting, type,
 * reopenings); a conflict on it or on the nonce means the same fact is already there.
 */
async function recordFact(
  ctx: HandlerCtx,
  m: Meeting,
  type: FactType,
  nonce: string,
  at: number,
  extra: { minutes?: number; cfg?: ConsultationConfig } = {},
): Promise<Recorded> {
  // A start records the lengths it was given (a later config change leaves it alone).
  const started = type === 'started' && extra.cfg;
  const r = await ctx.db
    .insertInto('meeting_events')
    .values({
      id: randomUUID(),
      meeting_id: m.row.id,
      type,
      minutes: extra.minutes ?? null,
      pitch_min: started ? extra.cfg!.pitchMin : null,
      qa_min: started ? extra.cfg!.qaMin : null,
      at: new Date(at).toISOString(),
      station_id: ctx.station.id,
      nonce,
      once_key: isRepeatable(type) ? `${m.row.id}:${type}:${nonce}` : `${m.row.id}:${type}:${m.state.reopenings}`,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? 'recorded' : 'duplicate';
}

async function nonceSeen(ctx: HandlerCtx, nonce: string): Promise<boolean> {
  const r = await ctx.db.selectFrom('meeting_events').select('id').where('nonce', 'in', [nonce]).executeTakeFirst();
  return r !== undefined;
}

function factFor(action: MeetingAction, m: Meeting): FactType | null {
  switch (action) {
    case 'advance':
      return advanceFact(m.view);
    case 'end':
      return 'ended';
    case 'no_show':
      return 'no_show';
    case 'cancel':
      return 'cancelled';
    case 'delay':
      return 'delayed';
    case 'reopen':
      return 'reopened';
    case 'arrived_seller':
    case 'arrived_buyer':
      return action;
    default:
      return assertNever(action);
  }
}

export async function actOnMeeting(
  ctx: HandlerCtx,
  input: { nonce: string; meetingId: string; action: MeetingAction; minutes?: number },
): Promise<MeetingActOutcome> {
  const t = ctx.clock.now().getTime();
  const cfg = await readConfig(ctx.db);
  const m = await loadMeeting(ctx.db, input.meetingId, cfg, t);
  // A retried request: its fact is already there; answer with the current state.
  if (await nonceSeen(ctx, input.nonce)) return { status: 'done', meeting: toBoardMeeting(m), pushed: [] };
  const type = factFor(input.action, m);
  const minutes = type === 'delayed' ? (input.minutes ?? 5) : null;
  const fact: MeetingFact | null = type && { type, at: t, minutes };
  if (!fact || !applyFact(m.state, fact, cfg)) return { status: 'not_allowed', meeting: toBoardMeeting(m) };
  // Starting after the slot is over would run into the next meeting at the table.
  if (type === 'started' && t >= m.view.plannedEnd) return { status: 'too_late', meeting: toBoardMeeting(m) };
  const recorded = (await recordFact(ctx, m, fact.type, input.nonce, t, { minutes: minutes ?? undefined, cfg })) === 'recorded';
  // More time for this meeting moves the later ones at its table.
  const pushed = recorded && type === 'delayed' ? await pushBackTable(ctx, m.row, input.nonce, cfg, t) : [];
  const meeting = toBoardMeeting(await loadMeeting(ctx.db, m.row.id, cfg, t));
  if (recorded) {
    ctx.audit(m.row.id, { action: input.action, ...(minutes ? { minutes } : {}), ...(pushed.length ? { pushed: pushed.map((p) => [p.id, p.delayMin]) } : {}) });
    ctx.emit({ type: 'floor.changed', meetingIds: [m.row.id, ...pushed.map((p) => p.id)], meetings: [meeting, ...pushed] });
  }
  return { status: 'done', meeting, pushed: pushed.map((p) => ({ id: p.id, start: p.start, delayMin: p.delayMin })) };
}

const slotKind = (m: Meeting): TableSlot['kind'] => (m.state.status === 'open' ? 'open' : m.state.status === 'running' ? 'fixed' : 'free');

/**
 * After `row` was delayed: appends a `delayed` fact to every later meeting at its table
 * that would now overlap (table-schedule.ts decides how far). Their nonces derive from
 * the request's, so a retried request moves nothing twice. Returns them as now derived.
 */
async function pushBackTable(ctx: HandlerCtx, row: ItemRow, nonce: string, cfg: ConsultationConfig, t: number): Promise<BoardMeeting[]> {
  const table = (await loadMeetings(ctx, row.day, cfg, t)).filter((x) => x.row.venue === row.venue);
  // Schedule order: the file's planned starts (a shift never reorders a table's day).
  table.sort((a, b) => a.row.starts_at.localeCompare(b.row.starts_at));
  const slots = table.map((x) => ({
    id: x.row.id,
    start: x.view.plannedStart,
    end: x.state.status === 'running' ? x.state.qaEndsAt! : x.view.plannedEnd,
    kind: slotKind(x),
  }));
  const out: BoardMeeting[] = [];
  for (const p of pushBackPlan(slots, row.id, cfg.changeoverMin)) {
    const m = table.find((x) => x.row.id === p.id)!;
    if ((await recordFact(ctx, m, 'delayed', `${nonce}:push:${m.row.id}`, t, { minutes: p.minutes })) === 'recorded') {
      out.push(toBoardMeeting(await loadMeeting(ctx.db, m.row.id, cfg, t)));
    }
  }
  return out;
}

/**
 * Ready to start on a round tap: the SME is at the table and so is the buyer — or, for an
 * online meeting, the buyer's link is the booth's business (connected is marked there).
 * A meeting nobody arrived for is not "held": starting it would count it in the results.
 */
export const readyToStart = (m: Meeting): boolean => m.state.arrivedSeller && (m.state.arrivedBuyer || isOnline(m.row));

export async function startRound(ctx: HandlerCtx, nonce: string): Promise<RoundOutcome> {
  const t = ctx.clock.now().getTime();
  const cfg = await readConfig(ctx.db);
  const meetings = await loadMeetings(ctx, await todayIn(ctx), cfg, t);
  const slot = roundSlot(meetings, t);
  const out: RoundOutcome = { slot: iso(slot), started: 0, alreadyRunning: 0, skipped: 0, endedPrevious: 0, waiting: 0, noShow: 0 };
  if (slot === null) return out;
  const changed: string[] = [];
  const inSlot = meetings.filter((m) => Date.parse(m.row.starts_at) === slot);
  // A table still holding an earlier meeting that was pushed back is busy with it.
  const held = new Set(
    meetings.filter((m) => m.state.status === 'open' && m.state.shiftMin > 0 && Date.parse(m.row.starts_at) < slot && m.view.plannedEnd > t).map((m) => m.row.venue),
  );
  // Delayed (or pushed-back) meetings wait for their new time; closed meetings stay closed.
  const startable = (m: Meeting) => m.state.status === 'open' && !held.has(m.row.venue) && !(m.state.shiftMin > 0 && m.view.plannedStart > t) && t < m.view.plannedEnd;
  // The previous meeting still running at a table where this round's slot begins ends now
  // (its time is up whether or not the next pair has arrived); a table whose meeting of
  // this slot was pushed back keeps its running meeting.
  const tables = new Set(inSlot.filter(startable).map((m) => m.row.venue));
  for (const m of meetings) {
    if (m.state.status === 'running' && tables.has(m.row.venue) && Date.parse(m.row.starts_at) < slot) {
      if ((await recordFact(ctx, m, 'ended', `${nonce}:end:${m.row.id}`, t)) === 'recorded') {
        out.endedPrevious++;
        changed.push(m.row.id);
      }
    }
  }
  // The rule for a no-show: a meeting of an earlier slot that never started and whose
  // time is over when the next round begins did not happen. Written as a fact (nonce
  // derived from the round's), so the results count it and a retried tap writes it once.
  for (const m of meetings) {
    if (m.state.status === 'open' && Date.parse(m.row.starts_at) < slot && m.view.plannedEnd <= t) {
      if ((await recordFact(ctx, m, 'no_show', `${nonce}:ns:${m.row.id}`, t)) === 'recorded') {
        out.noShow++;
        changed.push(m.row.id);
      }
    }
  }
  for (const m of inSlot) {
    if (m.state.status === 'running') out.alreadyRunning++;
    else if (!startable(m)) out.skipped++;
    // Not everyone is here: the meeting waits (started from its card when they come,
    // or marked no-show); the round does not start it.
    else if (!readyToStart(m)) out.waiting++;
    else if ((await recordFact(ctx, m, 'started', `${nonce}:${m.row.id}`, t, { cfg })) === 'recorded') {
      out.started++;
      changed.push(m.row.id);
    } else out.alreadyRunning++;
  }
  if (changed.length) {
    ctx.audit(out.slot, { started: out.started, endedPrevious: out.endedPrevious, waiting: out.waiting, noShow: out.noShow });
    ctx.emit({ type: 'floor.changed', meetingIds: changed, meetings: [] });
  }
  return out;
}

type Side = 'seller' | 'buyer';

/**
 * Which side of a meeting a badge is, and how it was found: a side whose codes the
 * programme lists matches by those codes only; a side without codes falls back to the
 * badge holder's organisation (folded like visitors.org_norm). Codes are tried first.
 */
export function badgeSide(
  row: Pick<ItemRow, 'seller_codes' | 'buyer_codes' | 'seller_norm' | 'buyer_norm'>,
  code: string,
  orgNorm: string | null,
): { side: Side; match: ArrivalMatch } | null {
  if (splitCodes(row.seller_codes).includes(code)) return { side: 'seller', match: 'code' };
  if (splitCodes(row.buyer_codes).includes(code)) return { side: 'buyer', match: 'code' };
  if (orgNorm && !row.seller_codes && row.seller_norm === orgNorm) return { side: 'seller', match: 'organisation' };
  if (orgNorm && !row.buyer_codes && row.buyer_norm === orgNorm) return { side: 'buyer', match: 'organisation' };
  return null;
}

export async function scanArrival(ctx: HandlerCtx, input: { nonce: string; code: string; table?: string }): Promise<ArrivalOutcome> {
  const { code, row: v } = await findVisitorByScan(ctx.db, input.code);
  if (!code) return { status: 'unknown_code', code: input.code.slice(0, 40) };
  const t = ctx.clock.now().getTime();
  const cfg = await readConfig(ctx.db);
  const meetings = await loadMeetings(ctx, await todayIn(ctx), cfg, t);
  // A code the programme lists is a participant even before the registrations are imported.
  const listed = meetings.find((m) => badgeSide(m.row, code, null));
  if (!v && !listed) return { status: 'unknown_code', code };
  if (input.table !== undefined && !meetings.some((m) => m.row.venue === input.table)) {
    throw new AppFailure('not_found', `no table ${input.table.slice(0, 40)} today`);
  }
  const org = v?.org_norm ?? null;
  const dueNow = meetings.filter(
    (m) =>
      (input.table === undefined || m.row.venue === input.table) &&
      (m.state.status === 'open' || m.state.status === 'running') &&
      m.view.plannedStart - ARRIVAL_LEAD_MS <= t &&
      t < m.view.plannedEnd,
  );
  const hits = dueNow.flatMap((m) => {
    const hit = badgeSide(m.row, code, org);
    return hit ? [{ m, ...hit }] : [];
  });
  // A meeting that lists this very badge beats its organisation's other meetings.
  const byCode = hits.filter((h) => h.match === 'code');
  const due = byCode.length ? byCode : hits;
  const sideOrg = (m: Meeting, side: Side) => (side === 'seller' ? m.row.seller : m.row.buyer) ?? '';
  if (due.length === 0) {
    // Its organisation meets now, but the file names other participants for that side.
    const coded = dueNow.filter((m) => org && ((m.row.seller_codes && m.row.seller_norm === org) || (m.row.buyer_codes && m.row.buyer_norm === org)));
    if (coded.length) return { status: 'not_listed', organisation: v?.organisation ?? '', tables: [...new Set(coded.map((m) => m.row.venue))].sort(tableOrder.compare) };
    const hit = listed && badgeSide(listed.row, code, null);
    return { status: 'no_meeting', organisation: v?.organisation ?? (hit ? sideOrg(listed, hit.side) : null) };
  }
  const tables = [...new Set(due.map((d) => d.m.row.venue))];
  if (tables.length > 1) return { status: 'ambiguous', organisation: v?.organisation ?? sideOrg(due[0]!.m, due[0]!.side), tables: tables.sort(tableOrder.compare) };
  const { m, side, match } = due.sort((a, b) => a.m.view.plannedStart - b.m.view.plannedStart)[0]!;
  const organisation = sideOrg(m, side);
  const type = side === 'seller' ? 'arrived_seller' : 'arrived_buyer';
  if (!applyFact(m.state, { type, at: t }, cfg)) return { status: 'already_arrived', side, organisation, match, meeting: toBoardMeeting(m) };
  const recorded = (await recordFact(ctx, m, type, input.nonce, t)) === 'recorded';
  const meeting = toBoardMeeting(await loadMeeting(ctx.db, m.row.id, cfg, t));
  if (recorded) {
    ctx.audit(m.row.id, { action: type, match });
    ctx.emit({ type: 'floor.changed', meetingIds: [m.row.id], meetings: [meeting] });
  }
  return { status: 'arrived', side, organisation, match, meeting };
}

/**
 * The ids among `ids` whose meeting was cancelled (and not reopened): the programme row
 * stays, the fact says it will not happen — itineraries leave it off.
 */
export async function cancelledMeetings(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const [cfg, rows] = await Promise.all([readConfig(db), db.selectFrom('meeting_events').select(FACT_COLUMNS).where('meeting_id', 'in', [...ids]).execute()]);
  const facts = groupFacts(rows);
  return new Set(ids.filter((id) => foldFacts(facts.get(id) ?? [], cfg).status === 'cancelled'));
}
