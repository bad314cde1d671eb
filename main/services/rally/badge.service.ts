/**
 * The first step of every rally scan: which visitor is this badge, and may they take
 * part yet? Codes are normalised exactly as the check-in desk does (IME, case, junk).
 */
import type { Kysely } from 'kysely';
import type { RallySettings, VisitorSummary } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { checkedInBy, findVisitorByScan } from '../visitors/visitor-lookup.service';
import { visitorRowToSummary } from '../visitors/visitor.mapper';

export type BadgeResult =
  | { status: 'ok'; visitor: VisitorSummary }
  | { status: 'unknown_code'; code: string }
  | { status: 'not_checked_in'; visitor: VisitorSummary };

/**
 * "Checked in" means on any event day up to today: a visitor who came in yesterday
 * and walks straight to a hall with yesterday's badge is not sent back to the desk.
 */
export async function admitBadge(db: Kysely<Database>, raw: string, settings: RallySettings, today: string): Promise<BadgeResult> {
  const { code, row } = await findVisitorByScan(db, raw);
  // Echo what was scanned, bounded.
  if (!code) return { status: 'unknown_code', code: raw.slice(0, 40) };
  if (!row) return { status: 'unknown_code', code };
  const visitor = visitorRowToSummary(row);
  if (settings.notCheckedIn === 'allow') return { status: 'ok', visitor };
  return (await checkedInBy(db, code, today)) ? { status: 'ok', visitor } : { status: 'not_checked_in', visitor };
}
