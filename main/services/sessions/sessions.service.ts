/**
 * Reading sessions: the programme row (owned by the programme import), the details the
 * organiser set (session_details), the floor's facts (session_events) folded into a
 * schedule, and the door's counts. Every screen of this room reads sessions through here.
 */
import type { Kysely, Selectable } from 'kysely';
import {
  AppFailure,
  SESSION_LANGUAGES,
  type ProgrammeKind,
  type SessionDetails,
  type SessionLanguage,
  type SessionSchedule,
  type SessionView,
} from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { ProgrammeItemsTable } from '../../../db/tables/programme.tables';
import type { SessionDetailsTable } from '../../../db/tables/sessions.tables';
import { foldSchedule, type SessionFact } from './session-schedule';
import { deriveSignupList, type SignupList, type StandingSignup } from './signup-list';

type Db = Kysely<Database>;
export type ItemRow = Selectable<ProgrammeItemsTable>;
type DetailsRow = Selectable<SessionDetailsTable>;

export const CONSULTATION_KINDS: ProgrammeKind[] = ['consultation', 'video_consultation'];

export interface LoadedSession {
  row: ItemRow;
  details: SessionDetails;
  schedule: SessionSchedule;
}

export const toLanguages = (s: string | null | undefined): SessionLanguage[] =>
  (s ?? '').split(',').filter((x): x is SessionLanguage => (SESSION_LANGUAGES as readonly string[]).includes(x));

/** Stored details, or the defaults: no limit, no sign-up, Korean; trainings need 80% of the time for a certificate. */
export function detailsOf(row: ItemRow, d: DetailsRow | undefined): SessionDetails {
  return {
    capacity: d?.capacity ?? null,
    signupRequired: d ? d.signup_required === 1 : false,
    languages: d ? toLanguages(d.languages) : ['ko'],
    mode: d?.mode ?? row.mode ?? 'offline',
    streamUrl: d?.stream_url ?? null,
    speakers: d?.speakers ?? null,
    meetingPoint: d?.meeting_point ?? null,
    minAttendancePct: d ? d.min_attendance_pct : row.kind === 'training' ? 80 : null,
  };
}

async function assemble(db: Db, rows: ItemRow[]): Promise<LoadedSession[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [details, facts] = await Promise.all([
    db.selectFrom('session_details').selectAll().where('session_id', 'in', ids).execute(),
    db.selectFrom('session_events').select(['session_id', 'type', 'minutes', 'room', 'at']).where('session_id', 'in', ids).execute(),
  ]);
  const dById = new Map(details.map((d) => [d.session_id, d]));
  const fById = new Map<string, SessionFact[]>();
  for (const f of facts) fById.set(f.session_id, [...(fById.get(f.session_id) ?? []), f]);
  return rows.map((row) => ({
    row,
    details: detailsOf(row, dById.get(row.id)),
    schedule: foldSchedule({ start: row.starts_at, end: row.ends_at, room: row.venue }, fById.get(row.id) ?? []),
  }));
}

/** Every session of a day, by planned start. */
export async function sessionsOfDay(db: Db, day: string): Promise<LoadedSession[]> {
  const rows = await db.selectFrom('programme_items').selectAll().where('day', '=', day).where('kind', 'not in', CONSULTATION_KINDS).orderBy('starts_at').orderBy('id').execute();
  return assemble(db, rows);
}

export async function findSession(db: Db, id: string): Promise<LoadedSession | null> {
  const row = await db.selectFrom('programme_items').selectAll().where('id', '=', id).where('kind', 'not in', CONSULTATION_KINDS).executeTakeFirst();
  return row ? ((await assemble(db, [row]))[0] ?? null) : null;
}

export async function mustFindSession(db: Db, id: string): Promise<LoadedSession> {
  const s = await findSession(db, id);
  if (!s) throw new AppFailure('not_found', `no session ${id.slice(0, 40)}`);
  return s;
}

/**
 * People in the room now and how many came in at all: the running tally the door keeps
 * in each scan's transaction (bumpTally), one row per session.
 */
export async function countsOf(db: Db, ids: string[]): Promise<Map<string, { occupancy: number; admitted: number }>> {
  const out = new Map(ids.map((id) => [id, { occupancy: 0, admitted: 0 }]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('session_tallies').select(['session_id', 'occupancy', 'admitted']).where('session_id', 'in', ids).execute();
  for (const r of rows) out.set(r.session_id, { occupancy: Number(r.occupancy), admitted: Number(r.admitted) });
  return out;
}

/**
 * One scan's change to its session's tally, in the scan's transaction (under the
 * session's lock on PostgreSQL): ins minus outs is who is inside, seq 0 an admission.
 */
export async function bumpTally(db: Db, sessionId: string, direction: 'in' | 'out', seq: number): Promise<void> {
  const d = direction === 'in' ? 1 : -1;
  const first = seq === 0 ? 1 : 0;
  await db
    .insertInto('session_tallies')
    .values({ session_id: sessionId, occupancy: d, admitted: first })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet((eb) => ({ occupancy: eb('session_tallies.occupancy', '+', d), admitted: eb('session_tallies.admitted', '+', first) })),
    )
    .execute();
}

/** Standing sign-ups per session: each visitor's latest fact is a 'signup' (with its time, the waitlist order). */
export async function standingSignups(db: Db, ids: string[]): Promise<Map<string, StandingSignup[]>> {
  const out = new Map<string, StandingSignup[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('session_signups').select(['session_id', 'visitor_code', 'type', 'seq', 'at']).where('session_id', 'in', ids).orderBy('seq').execute();
  const last = new Map<string, (typeof rows)[number]>();
  for (const r of rows) last.set(`${r.session_id}|${r.visitor_code}`, r);
  for (const r of last.values()) if (r.type === 'signup') out.get(r.session_id)!.push({ code: r.visitor_code, at: r.at });
  return out;
}

/** Visitors admitted at least once to each session. */
export async function admittedCodes(db: Db, id: string): Promise<Set<string>> {
  const rows = await db.selectFrom('session_scans').select('visitor_code').where('session_id', '=', id).where('seq', '=', 0).execute();
  return new Set(rows.map((r) => r.visitor_code));
}

export function signupListOf(s: LoadedSession, standing: StandingSignup[], admitted: ReadonlySet<string>, now: number, noShowMin: number): SignupList {
  return deriveSignupList(standing, s.details.capacity, admitted, { now, start: Date.parse(s.schedule.start), noShowMin });
}

export function isFull(details: SessionDetails, occupancy: number): boolean {
  return details.capacity !== null && occupancy >= details.capacity;
}

/** Views for screens; sign-up counts need the admitted set only for sessions that take sign-ups. */
export async function viewsOf(db: Db, list: LoadedSession[], now: number, noShowMin: number): Promise<SessionView[]> {
  const ids = list.map((s) => s.row.id);
  const [counts, standing] = await Promise.all([countsOf(db, ids), standingSignups(db, ids)]);
  const out: SessionView[] = [];
  for (const s of list) {
    const c = counts.get(s.row.id)!;
    const st = standing.get(s.row.id)!;
    const lst = st.length ? signupListOf(s, st, await admittedCodes(db, s.row.id), now, noShowMin) : { confirmed: [], waitlist: [] };
    out.push({
      id: s.row.id,
      kind: s.row.kind,
      title: s.row.title,
      day: s.row.day,
      plannedStart: s.row.starts_at,
      plannedEnd: s.row.ends_at,
      plannedRoom: s.row.venue,
      schedule: s.schedule,
      details: s.details,
      occupancy: c.occupancy,
      admitted: c.admitted,
      signedUp: lst.confirmed.length,
      waitlisted: lst.waitlist.length,
      full: isFull(s.details, c.occupancy),
    });
  }
  return out;
}

/**
 * Programme rows of sessions as the floor changed them: delayed, extended and moved rows
 * carry their new times and room; cancelled ones are left out. The floor's room list
 * (engineer-owned programme/floor.service.ts) reads sessions through this, so the board's
 * "next" never shows a cancelled session.
 */
export async function asScheduled<R extends ItemRow>(db: Db, rows: R[]): Promise<R[]> {
  if (rows.length === 0) return rows;
  const loaded = new Map((await assemble(db, rows)).map((s) => [s.row.id, s.schedule]));
  return rows
    .filter((r) => !loaded.get(r.id)?.cancelled)
    .map((r) => {
      const s = loaded.get(r.id)!;
      return s.delayMin || s.extendMin || s.moved ? { ...r, starts_at: s.start, ends_at: s.end, venue: s.room } : r;
    })
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}
