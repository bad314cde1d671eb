/**
 * Which visitor a scanned badge is, normalised exactly as the entrance desk does, and
 * whether they checked in at the entrance on any event day up to today.
 */
import type { Kysely } from 'kysely';
import type { VisitorSummary } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { normalizeScannedCode } from '../checkin/scan-code';
import { visitorRowToSummary } from '../visitors/visitor.mapper';

export type Badge = { status: 'ok'; visitor: VisitorSummary } | { status: 'unknown_code'; code: string };

export async function readBadge(db: Kysely<Database>, raw: string): Promise<Badge> {
  const code = normalizeScannedCode(raw);
  if (!code) return { status: 'unknown_code', code: raw.slice(0, 40) };
  const row = await db.selectFrom('visitors').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) return { status: 'unknown_code', code };
  return { status: 'ok', visitor: visitorRowToSummary(row) };
}

/** Checked in at the entrance on any event day up to `today`. */
export async function checkedInBy(db: Kysely<Database>, code: string, today: string): Promise<boolean> {
  const c = await db.selectFrom('checkins').select('id').where('visitor_code', '=', code).where('day', '<=', today).executeTakeFirst();
  return c !== undefined;
}
