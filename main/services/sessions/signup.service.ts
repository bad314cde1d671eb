/**
 * Sign-ups for tours and trainings (desk, kiosk with the own badge, bulk import): append-
 * only 'signup' / 'cancel' facts numbered per visitor and session, unique like the door
 * scans. Confirmed or waitlisted is derived (signup-list.ts) — a cancel promotes the
 * next in line. A visitor cannot stand on two sessions that overlap in time.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SignupOutcome, VisitorSignup } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx } from '../../core/router';
import { normalizeScannedCode } from '../checkin/scan-code';
import { lockSession } from './session-lock';
import { readDoorSettings } from './session-settings.service';
import { admittedCodes, findSession, mustFindSession, signupListOf, standingSignups, type LoadedSession } from './sessions.service';

type Db = Kysely<Database>;

async function lastFact(db: Db, sessionId: string, code: string) {
  return db.selectFrom('session_signups').select(['type', 'seq', 'nonce']).where('session_id', '=', sessionId).where('visitor_code', '=', code).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** Sessions the visitor stands signed up for (latest fact a sign-up). */
async function standingOf(db: Db, code: string): Promise<string[]> {
  const rows = await db.selectFrom('session_signups').select(['session_id', 'type', 'seq']).where('visitor_code', '=', code).orderBy('seq').execute();
  const last = new Map<string, string>();
  for (const r of rows) last.set(r.session_id, r.type);
  return [...last].filter(([, t]) => t === 'signup').map(([id]) => id);
}

async function position(ctx: Pick<HandlerCtx, 'db' | 'clock'>, s: LoadedSession, code: string): Promise<{ status: 'confirmed' | 'waitlisted'; position: number | null }> {
  const id = s.row.id;
  const settings = await readDoorSettings(ctx.db);
  const list = signupListOf(s, (await standingSignups(ctx.db, [id])).get(id)!, await admittedCodes(ctx.db, id), ctx.clock.now().getTime(), settings.noShowMin);
  const w = list.waitlist.indexOf(code);
  return w >= 0 ? { status: 'waitlisted', position: w + 1 } : { status: 'confirmed', position: null };
}

async function writeFact(ctx: HandlerCtx, sessionId: string, code: string, type: 'signup' | 'cancel', seq: number, nonce: string): Promise<boolean> {
  const ins = await ctx.db
    .insertInto('session_signups')
    .values({
      id: randomUUID(),
      session_id: sessionId,
      visitor_code: code,
      type,
      seq,
      once_key: `${sessionId}|${code}|${seq}`,
      at: ctx.clock.now().toISOString(),
      station_id: ctx.station.id,
      channel: ctx.station.role,
      nonce,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(ins.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function signUp(ctx: HandlerCtx, input: { nonce: string; sessionId: string; code: string }): Promise<SignupOutcome> {
  const s = await mustFindSession(ctx.db, input.sessionId);
  const id = s.row.id;
  const code = normalizeScannedCode(input.code);
  const visitor = code ? await ctx.db.selectFrom('visitors').select('code').where('code', '=', code).executeTakeFirst() : undefined;
  if (!code || !visitor) return { status: 'unknown_code', code: (code ?? input.code).slice(0, 40) };
  if (!s.details.signupRequired) return { status: 'no_signup', sessionId: id };
  if (s.schedule.cancelled) return { status: 'session_cancelled', sessionId: id };
  if (ctx.clock.now().getTime() >= Date.parse(s.schedule.end)) return { status: 'session_ended', sessionId: id };
  await lockSession(ctx, id);

  const last = await lastFact(ctx.db, id, code);
  if (last?.type === 'signup') return { ...(await position(ctx, s, code)), sessionId: id, already: true } as SignupOutcome;

  for (const otherId of await standingOf(ctx.db, code)) {
    if (otherId === id) continue;
    const o = await findSession(ctx.db, otherId);
    if (o && !o.schedule.cancelled && o.schedule.start < s.schedule.end && s.schedule.start < o.schedule.end) {
      return { status: 'overlap', sessionId: id, otherId: o.row.id, otherTitle: o.row.title };
    }
  }
  const fresh = await writeFact(ctx, id, code, 'signup', last ? last.seq + 1 : 0, input.nonce);
  const pos = await position(ctx, s, code);
  if (fresh) {
    ctx.audit(id, { visitor: code, signup: pos.status });
    ctx.emit({ type: 'sessions.changed', sessionIds: [id] });
  }
  return pos.status === 'confirmed' ? { status: 'confirmed', sessionId: id, already: !fresh } : { status: 'waitlisted', sessionId: id, position: pos.position!, already: !fresh };
}

export async function cancelSignup(ctx: HandlerCtx, input: { nonce: string; sessionId: string; code: string }): Promise<{ cancelled: boolean }> {
  const code = normalizeScannedCode(input.code);
  if (!code) return { cancelled: false };
  await lockSession(ctx, input.sessionId);
  const last = await lastFact(ctx.db, input.sessionId, code);
  if (last?.type !== 'signup') return { cancelled: false };
  const fresh = await writeFact(ctx, input.sessionId, code, 'cancel', last.seq + 1, input.nonce);
  if (fresh) {
    ctx.audit(input.sessionId, { visitor: code, signup: 'cancel' });
    ctx.emit({ type: 'sessions.changed', sessionIds: [input.sessionId] });
  }
  return { cancelled: true };
}

export async function signupsOf(ctx: Pick<HandlerCtx, 'db' | 'clock'>, raw: string): Promise<VisitorSignup[]> {
  const code = normalizeScannedCode(raw);
  if (!code) return [];
  const out: VisitorSignup[] = [];
  for (const id of await standingOf(ctx.db, code)) {
    const s = await findSession(ctx.db, id);
    if (!s || s.schedule.cancelled) continue;
    const p = await position(ctx, s, code);
    out.push({ sessionId: id, title: s.row.title, kind: s.row.kind, start: s.schedule.start, room: s.schedule.room, meetingPoint: s.details.meetingPoint, ...p });
  }
  return out.sort((a, b) => a.start.localeCompare(b.start));
}
