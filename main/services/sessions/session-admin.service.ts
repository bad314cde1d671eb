/**
 * The organiser's and floor manager's writes: a session's details (edit form, import
 * columns) and the day's changes (delay, extend, cancel/reinstate, move) as append-only
 * facts — nonce-idempotent, folded by session-schedule.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppFailure, type SessionAction, type SessionDetails } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx } from '../../core/router';
import { lockSession } from './session-lock';
import { countsOf, mustFindSession, type LoadedSession } from './sessions.service';

type Db = Kysely<Database>;

/** Only the fields present: an import without a capacity column keeps the capacity set on the console. */
export type DetailsPatch = Partial<SessionDetails>;

/** Upserts a patch over the current details (stored or defaults). */
export async function patchDetails(db: Db, s: LoadedSession, patch: DetailsPatch, now: string): Promise<void> {
  const d: SessionDetails = { ...s.details };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (d as Record<string, unknown>)[k] = v;
  const row = {
    capacity: d.capacity,
    signup_required: d.signupRequired ? 1 : 0,
    languages: d.languages.join(','),
    // Stored only when it differs from the programme's 방식, so a re-imported file still changes it.
    mode: d.mode === s.row.mode ? null : d.mode,
    stream_url: d.streamUrl,
    speakers: d.speakers,
    meeting_point: d.meetingPoint,
    min_attendance_pct: d.minAttendancePct,
    updated_at: now,
  };
  await db
    .insertInto('session_details')
    .values({ session_id: s.row.id, ...row })
    .onConflict((oc) => oc.column('session_id').doUpdateSet(row))
    .execute();
}

export async function saveDetails(ctx: HandlerCtx, sessionId: string, details: SessionDetails): Promise<void> {
  await lockSession(ctx, sessionId);
  const s = await mustFindSession(ctx.db, sessionId);
  const occupancy = (await countsOf(ctx.db, [sessionId])).get(sessionId)!.occupancy;
  // Lowering the capacity below the people already inside would make the room "over" at once.
  if (details.capacity !== null && details.capacity < occupancy) {
    throw new AppFailure('conflict', `capacity ${details.capacity} is below the ${occupancy} people inside`, { reason: 'capacity_below_occupancy', occupancy });
  }
  await patchDetails(ctx.db, s, details, ctx.clock.now().toISOString());
  ctx.audit(sessionId, { capacity: details.capacity, signupRequired: details.signupRequired, mode: details.mode });
  ctx.emit({ type: 'sessions.changed', sessionIds: [sessionId] });
}

export async function actOnSession(ctx: HandlerCtx, input: { nonce: string; sessionId: string; action: SessionAction; minutes?: number; room?: string }): Promise<void> {
  const s = await mustFindSession(ctx.db, input.sessionId);
  const seen = await ctx.db.selectFrom('session_events').select('session_id').where('nonce', '=', input.nonce).executeTakeFirst();
  if (seen) return; // a retried tap: recorded once
  const needsMinutes = input.action === 'delay' || input.action === 'extend';
  if (needsMinutes && !input.minutes) throw new AppFailure('invalid_input', `${input.action} needs minutes`);
  if (input.action === 'move' && !input.room?.trim()) throw new AppFailure('invalid_input', 'move needs a room');
  if (input.action === 'cancel' && s.schedule.cancelled) return;
  if (input.action === 'reinstate' && !s.schedule.cancelled) return;
  await ctx.db
    .insertInto('session_events')
    .values({
      id: randomUUID(),
      session_id: s.row.id,
      type: input.action,
      minutes: needsMinutes ? input.minutes! : null,
      room: input.action === 'move' ? input.room!.trim().replace(/\s+/g, ' ') : null,
      at: ctx.clock.now().toISOString(),
      station_id: ctx.station.id,
      nonce: input.nonce,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  ctx.audit(s.row.id, { action: input.action, minutes: input.minutes ?? null, room: input.room ?? null });
  ctx.emit({ type: 'sessions.changed', sessionIds: [s.row.id] });
}
