/**
 * Door stations: a scan in or out of one session. Each scan is an append-only row; a
 * visitor's scans of a session are numbered (seq 0 = the entry, then out, in, out …) and
 * (session, visitor, seq) is unique, so one badge scanned at two doors at once is
 * recorded once, and a repeated nonce returns the first answer. Seats are decided under
 * the session's lock (session-lock.ts): a full room refuses unless staff override with
 * a reason, which is stored on the scan and audited. Sign-up sessions keep the seats of
 * their confirmed list until the no-show time; everyone else gets what is left.
 */
import { randomUUID } from 'node:crypto';
import type { DoorOutcome, VisitorSummary } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { todayIn } from '../system/event.service';
import { checkedInBy, readBadge } from './session-badge';
import { lockSession } from './session-lock';
import { readDoorSettings } from './session-settings.service';
import { admittedCodes, bumpTally, countsOf, isFull, mustFindSession, sessionsOfDay, signupListOf, standingSignups, type LoadedSession } from './sessions.service';

const MIN = 60_000;
/** Doors open this long before a session's start (a tour gathers, a seminar fills up). */
export const DOOR_LEAD_MS = 30 * MIN;

export interface DoorScanInput {
  nonce: string;
  code: string;
  direction: 'in' | 'out';
  sessionId?: string;
  room?: string;
  override?: { reason: string };
}

/** The session a station following `room` serves now: the one running, else the next within the door lead. */
export async function sessionInRoom(ctx: HandlerCtx, room: string): Promise<LoadedSession | null> {
  const t = ctx.clock.now().getTime();
  const here = (await sessionsOfDay(ctx.db, (await todayIn(ctx)))).filter((s) => s.schedule.room === room && !s.schedule.cancelled);
  const running = here.filter((s) => Date.parse(s.schedule.start) <= t && t < Date.parse(s.schedule.end));
  if (running.length) return running.sort((a, b) => b.schedule.start.localeCompare(a.schedule.start))[0] ?? null;
  return here.filter((s) => t < Date.parse(s.schedule.start) && Date.parse(s.schedule.start) - DOOR_LEAD_MS <= t).sort((a, b) => a.schedule.start.localeCompare(b.schedule.start))[0] ?? null;
}

export async function doorScan(ctx: HandlerCtx, input: DoorScanInput): Promise<DoorOutcome> {
  const session = input.sessionId ? await mustFindSession(ctx.db, input.sessionId) : await sessionInRoom(ctx, input.room!);
  if (!session) return { status: 'no_session', room: (input.room ?? '').slice(0, 80) };
  const id = session.row.id;
  const capacity = session.details.capacity;
  await lockSession(ctx, id);

  const badge = await readBadge(ctx.db, input.code);
  if (badge.status !== 'ok') return badge;
  const visitor = badge.visitor;
  const occupancyNow = async () => (await countsOf(ctx.db, [id])).get(id)!.occupancy;

  // A retry of a scan that was recorded: the same answer, nothing new.
  const byNonce = await ctx.db.selectFrom('session_scans').selectAll().where('nonce', '=', input.nonce).executeTakeFirst();
  if (byNonce && byNonce.session_id === id && byNonce.visitor_code === visitor.code) {
    const occupancy = await occupancyNow();
    return byNonce.direction === 'in'
      ? { status: 'admitted', sessionId: id, visitor, occupancy, capacity, overridden: byNonce.override_reason !== null, reentry: byNonce.seq > 0 }
      : { status: 'left', sessionId: id, visitor, occupancy, capacity };
  }

  const last = await ctx.db
    .selectFrom('session_scans')
    .select(['seq', 'direction', 'at'])
    .where('session_id', '=', id)
    .where('visitor_code', '=', visitor.code)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const inside = last?.direction === 'in';
  const t = ctx.clock.now().getTime();

  if (input.direction === 'out') {
    if (!inside) return { status: 'not_inside', sessionId: id, visitor, occupancy: await occupancyNow(), capacity };
    return record(ctx, session, visitor, 'out', last!.seq + 1, byNonce ? null : input.nonce, null, await occupancyNow());
  }

  if (inside) return { status: 'already_in', sessionId: id, visitor, since: last!.at, occupancy: await occupancyNow(), capacity };
  if (session.schedule.cancelled) return { status: 'session_cancelled', sessionId: id };
  if (t >= Date.parse(session.schedule.end)) return { status: 'session_ended', sessionId: id, end: session.schedule.end };

  const settings = await readDoorSettings(ctx.db);
  // Asked only when the setting sends people to the desk (the default admits them).
  if (settings.notCheckedIn === 'send_to_desk' && !input.override && !(await checkedInBy(ctx.db, visitor.code, await todayIn(ctx)))) return { status: 'not_checked_in', sessionId: id, visitor };

  const occupancy = await occupancyNow();
  const reason = input.override?.reason ?? null;
  // Seats the sign-up list still holds: confirmed visitors who have not come through yet.
  let held = 0;
  if (session.details.signupRequired) {
    const standing = (await standingSignups(ctx.db, [id])).get(id)!;
    const admitted = await admittedCodes(ctx.db, id);
    const list = signupListOf(session, standing, admitted, t, settings.noShowMin);
    const listed = list.confirmed.includes(visitor.code) || admitted.has(visitor.code);
    if (!listed) {
      held = list.confirmed.filter((c) => !admitted.has(c)).length;
      const seatsLeft = capacity === null ? 0 : capacity - occupancy - held;
      if (seatsLeft <= 0 && !reason) {
        const pos = list.waitlist.indexOf(visitor.code);
        return { status: 'not_signed_up', sessionId: id, visitor, waitlistPosition: pos >= 0 ? pos + 1 : null };
      }
    }
  }
  if (capacity !== null && occupancy >= capacity && !reason) return { status: 'full', sessionId: id, visitor, occupancy, capacity };
  return record(ctx, session, visitor, 'in', last ? last.seq + 1 : 0, byNonce ? null : input.nonce, reason, occupancy);
}

/**
 * Appends one scan. `nonce` null: the client's nonce is already on another scan (a client
 * bug) — this one gets a fresh one rather than being blocked. `before`: the occupancy read
 * under the session's lock, so the new count is exact without reading it again.
 */
async function record(ctx: HandlerCtx, session: LoadedSession, visitor: VisitorSummary, direction: 'in' | 'out', seq: number, nonce: string | null, reason: string | null, before: number): Promise<DoorOutcome> {
  const id = session.row.id;
  const capacity = session.details.capacity;
  const at = ctx.clock.now().toISOString();
  const ins = await ctx.db
    .insertInto('session_scans')
    .values({
      id: randomUUID(),
      session_id: id,
      visitor_code: visitor.code,
      direction,
      seq,
      once_key: `${id}|${visitor.code}|${seq}`,
      at,
      station_id: ctx.station.id,
      station_name: ctx.station.name,
      nonce: nonce ?? randomUUID(),
      override_reason: reason,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) {
    const occupancy = (await countsOf(ctx.db, [id])).get(id)!.occupancy;
    // Another door recorded this badge's same step at the same moment; the database kept one.
    const winner = await ctx.db.selectFrom('session_scans').select(['at', 'direction']).where('once_key', '=', `${id}|${visitor.code}|${seq}`).executeTakeFirst();
    return winner?.direction === 'in'
      ? { status: 'already_in', sessionId: id, visitor, since: winner.at, occupancy, capacity }
      : { status: 'not_inside', sessionId: id, visitor, occupancy, capacity };
  }
  await bumpTally(ctx.db, id, direction, seq);
  const occupancy = before + (direction === 'in' ? 1 : -1);
  ctx.audit(id, { visitor: visitor.code, direction, seq, ...(reason ? { override: reason } : {}) });
  ctx.emit({ type: 'sessions.occupancy', sessionId: id, occupancy, capacity, full: isFull(session.details, occupancy) });
  return direction === 'in'
    ? { status: 'admitted', sessionId: id, visitor, occupancy, capacity, overridden: reason !== null, reentry: seq > 0 }
    : { status: 'left', sessionId: id, visitor, occupancy, capacity };
}
