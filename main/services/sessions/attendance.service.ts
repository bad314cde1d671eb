/**
 * Training attendance from the door's in/out scans: each visitor's time inside, clipped
 * to the session's (scheduled) span; an 'in' with no 'out' yet counts up to the end (or
 * to now while the session runs). Completion (이수) = at least the session's minimum share
 * of the time (80% by default for trainings).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { LoadedSession } from './sessions.service';

export interface AttendanceRow {
  code: string;
  nameKo: string;
  nameEn: string | null;
  organisation: string | null;
  minutes: number;
  pct: number;
  completed: boolean;
}

export interface Attendance {
  sessionId: string;
  title: string;
  day: string;
  start: string;
  end: string;
  minAttendancePct: number | null;
  rows: AttendanceRow[];
}

/** Milliseconds inside [from, to] given one visitor's scans in seq order (in, out, in …). */
export function insideMs(scans: readonly { direction: string; at: string }[], from: number, to: number): number {
  let total = 0;
  let openedAt: number | null = null;
  for (const s of scans) {
    const t = Date.parse(s.at);
    if (s.direction === 'in' && openedAt === null) openedAt = t;
    else if (s.direction === 'out' && openedAt !== null) {
      total += Math.max(0, Math.min(t, to) - Math.max(openedAt, from));
      openedAt = null;
    }
  }
  if (openedAt !== null) total += Math.max(0, to - Math.max(openedAt, from));
  return total;
}

export async function attendanceOf(db: Kysely<Database>, s: LoadedSession, now: number): Promise<Attendance> {
  const from = Date.parse(s.schedule.start);
  const end = Date.parse(s.schedule.end);
  const to = Math.min(end, Math.max(from, now));
  const span = end - from;
  const scans = await db
    .selectFrom('session_scans as s')
    .innerJoin('visitors as v', 'v.code', 's.visitor_code')
    .select(['s.visitor_code', 's.direction', 's.at', 's.seq', 'v.name_ko', 'v.name_en', 'v.organisation'])
    .where('s.session_id', '=', s.row.id)
    .orderBy('s.visitor_code')
    .orderBy('s.seq')
    .execute();
  const by = new Map<string, typeof scans>();
  for (const r of scans) by.set(r.visitor_code, [...(by.get(r.visitor_code) ?? []), r]);
  const min = s.details.minAttendancePct;
  const rows: AttendanceRow[] = [...by.values()].map((list) => {
    const ms = insideMs(list, from, to);
    const pct = span > 0 ? Math.floor((ms / span) * 1000) / 10 : 0;
    const v = list[0]!;
    return { code: v.visitor_code, nameKo: v.name_ko, nameEn: v.name_en, organisation: v.organisation, minutes: Math.round(ms / 60_000), pct, completed: min !== null && pct >= min };
  });
  rows.sort((a, b) => (a.organisation ?? '').localeCompare(b.organisation ?? '', 'ko') || a.nameKo.localeCompare(b.nameKo, 'ko'));
  return { sessionId: s.row.id, title: s.row.title, day: s.row.day, start: s.schedule.start, end: s.schedule.end, minAttendancePct: min, rows };
}
