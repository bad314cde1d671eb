/**
 * Consultation outcomes: what came of a meeting, recorded when it is over by two taps on
 * the floor console or a table tablet. Append-only: version 1 is the first record, an
 * edit appends version n+1 with its reason (within EDIT_WINDOW_MS of the first), so the
 * history is never overwritten. Two tablets recording one meeting settle in the
 * database on the unique (meeting, version): the later one is told what is there and may
 * only change it as an edit. The meeting's state comes from the programme room
 * (floor.service), which owns programme_items and meeting_events.
 */
import { randomUUID } from 'node:crypto';
import {
  FOLLOW_UPS,
  type FollowUp,
  type Interest,
  type Outcome,
  type OutcomeAnswer,
  type OutcomeInput,
} from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import type { MeetingOutcomesTable } from '../../../db/tables/consultations.tables';
import { loadMeeting, meetingOverAt } from '../programme/floor.service';
import { readConfig } from '../programme/floor-settings.service';

type Db = HandlerCtx['db'];

/** An outcome may be corrected this long after it was first recorded; then it is final. */
export const EDIT_WINDOW_MS = 30 * 60_000;

type OutcomeRow = MeetingOutcomesTable & { station_name: string | null };

export function rowToOutcome(r: OutcomeRow, firstAt: string): Outcome {
  return {
    meetingId: r.meeting_id,
    version: r.version,
    result: r.result,
    interest: r.interest,
    amount: r.amount && r.currency ? { value: r.amount, currency: r.currency } : null,
    followUps: r.follow_ups ? (r.follow_ups.split(' ') as FollowUp[]) : [],
    reason: r.reason,
    recordedAt: r.recorded_at,
    stationName: r.station_name,
    editableUntil: new Date(Date.parse(firstAt) + EDIT_WINDOW_MS).toISOString(),
  };
}

/** Every version of the outcomes of the given meetings (all when `ids` is null), oldest first. */
export async function outcomeRows(db: Db, ids: string[] | null): Promise<OutcomeRow[]> {
  let q = db
    .selectFrom('meeting_outcomes as o')
    .leftJoin('stations as s', 's.id', 'o.station_id')
    .selectAll('o')
    .select('s.name as station_name')
    .orderBy('o.meeting_id')
    .orderBy('o.version');
  if (ids) q = q.where('o.meeting_id', 'in', ids.length ? ids : ['']);
  return q.execute();
}

/** meeting id → its current outcome (the highest version). */
export function currentOutcomes(rows: OutcomeRow[]): Map<string, Outcome> {
  const first = new Map<string, string>();
  const out = new Map<string, Outcome>();
  for (const r of rows) {
    if (r.version === 1) first.set(r.meeting_id, r.recorded_at);
    out.set(r.meeting_id, rowToOutcome(r, first.get(r.meeting_id) ?? r.recorded_at));
  }
  return out;
}

export async function outcomeHistory(db: Db, meetingId: string): Promise<{ current: Outcome | null; history: Outcome[] }> {
  const rows = await outcomeRows(db, [meetingId]);
  const firstAt = rows[0]?.recorded_at ?? '';
  const history = rows.map((r) => rowToOutcome(r, firstAt));
  return { current: history[history.length - 1] ?? null, history };
}

async function versionOfNonce(db: Db, nonce: string): Promise<number | null> {
  const r = await db.selectFrom('meeting_outcomes').select('version').where('nonce', '=', nonce).executeTakeFirst();
  return r ? r.version : null;
}

export async function recordOutcome(ctx: HandlerCtx, input: OutcomeInput & { interest: Interest | null; followUps: FollowUp[] }): Promise<OutcomeAnswer> {
  const t = ctx.clock.now().getTime();
  // Unknown meeting (or a session): not_found from the programme room.
  const m = await loadMeeting(ctx.db, input.meetingId, await readConfig(ctx.db), t);
  const { current, history } = await outcomeHistory(ctx.db, m.row.id);
  // A retried request: answer as the first time.
  const mine = await versionOfNonce(ctx.db, input.nonce);
  if (mine !== null) return { status: 'recorded', outcome: history.find((h) => h.version === mine)! };

  const overAt = meetingOverAt(m, t);
  if (t < overAt) return { status: 'not_ended', endsAt: new Date(overAt).toISOString() };
  // An edit of an outcome that is not there (a stale screen) is simply the first record.
  const editOf = current ? input.editOf : undefined;
  if (editOf === undefined && current) return { status: 'already_recorded', current };
  if (editOf !== undefined && current) {
    if (editOf !== current.version) return { status: 'stale', current };
    if (t > Date.parse(current.editableUntil)) return { status: 'edit_window_closed', current };
    if (!input.reason?.trim()) return { status: 'reason_required' };
  }
  const held = input.result === 'held';
  if (held && !input.interest) return { status: 'incomplete', missing: 'interest' };
  // Forgiving: a no-show's interest, amount and follow-ups (left selected on the tablet) are dropped.
  const followUps = held ? FOLLOW_UPS.filter((f) => input.followUps.includes(f)) : [];
  const version = (current?.version ?? 0) + 1;
  const r = await ctx.db
    .insertInto('meeting_outcomes')
    .values({
      id: randomUUID(),
      meeting_id: m.row.id,
      version,
      result: input.result,
      interest: held ? input.interest : null,
      amount: held && input.amount ? input.amount.value : null,
      currency: held && input.amount ? input.amount.currency : null,
      follow_ups: followUps.join(' '),
      reason: editOf !== undefined ? input.reason!.trim() : null,
      station_id: ctx.station.id,
      recorded_at: new Date(t).toISOString(),
      nonce: input.nonce,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const after = await outcomeHistory(ctx.db, m.row.id);
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Lost a race: the same nonce from a retry, or another tablet's version landed first.
    const same = await versionOfNonce(ctx.db, input.nonce);
    if (same !== null) return { status: 'recorded', outcome: after.history.find((h) => h.version === same)! };
    return editOf === undefined ? { status: 'already_recorded', current: after.current! } : { status: 'stale', current: after.current! };
  }
  ctx.audit(m.row.id, { outcome: input.result, version, ...(version > 1 ? { edit: true } : {}) });
  ctx.emit({ type: 'consultations.outcome', meetingId: m.row.id, version });
  return { status: 'recorded', outcome: after.current! };
}
