/**
 * The visitors module's answer to the two questions every feature asks: "who is this
 * scan?" and "did they check in (on day D / by day D)?". Check-in, the kiosk, the
 * rally, the floor and printing call these instead of reading `visitors` and `checkins`
 * themselves, so a change to how a scan becomes a code (or how a visitor is stored)
 * is made once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { normalizeScannedCode } from '../checkin/scan-code';
import type { VisitorRow } from './visitor.mapper';

/** `code` is null when the scan cannot be a registration code at all; `row` undefined when no visitor has it. */
export interface ScanLookup {
  code: string | null;
  row: VisitorRow | undefined;
}

/** What a scanner (or a typed code) names: its normalised code and the visitor, if any. */
export async function findVisitorByScan(db: Kysely<Database>, raw: string): Promise<ScanLookup> {
  const code = normalizeScannedCode(raw);
  if (!code) return { code: null, row: undefined };
  return { code, row: await db.selectFrom('visitors').selectAll().where('code', '=', code).executeTakeFirst() };
}

/** The visitor's check-in on that event day, if any (there is at most one). */
export async function checkinOnDay(db: Kysely<Database>, code: string, day: string) {
  return db.selectFrom('checkins').selectAll().where('visitor_code', '=', code).where('day', '=', day).executeTakeFirst();
}

/** Checked in on any event day up to and including `day` (yesterday's badge still counts in the halls). */
export async function checkedInBy(db: Kysely<Database>, code: string, day: string): Promise<boolean> {
  return Boolean(await db.selectFrom('checkins').select('id').where('visitor_code', '=', code).where('day', '<=', day).executeTakeFirst());
}
