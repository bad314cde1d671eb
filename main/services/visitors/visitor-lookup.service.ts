/**
 * The visitors module's answer to the two questions every feature asks: "who is this
 * scan?" and "did they check in (on day D / by day D)?". Check-in, the kiosk, the
 * rally, the floor and printing call these instead of reading `visitors` and `checkins`
 * themselves, so a change to how a scan becomes a code (or how a visitor is stored)
 * is made once.
 */
import type { Kysely, Selectable } from 'kysely';
import type { CheckinsTable, Database } from '../../../db/schema';
import { normalizeScannedCode } from '../checkin/scan-code';
import type { VisitorRow } from './visitor.mapper';

/**
 * A venue station's local replica, read instead of the venue database while online
 * (issue 13): at most a second or two behind it (change feed), so only where a stale
 * answer is safe — the database still decides every write (see checkin.service.ts).
 * Each method answers undefined when the replica cannot answer (not caught up, offline,
 * facts waiting to replay, or no such row): the caller then asks the database.
 */
export interface ReplicaReads {
  visitor(code: string): VisitorRow | undefined;
  /** The check-ins carrying this nonce or of this visitor on this day. */
  checkins(nonce: string, code: string, day: string): Array<Selectable<CheckinsTable>> | undefined;
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    /** Venue stations with a replica (offline-link.ts fills it); absent elsewhere. */
    replicaReads?: ReplicaReads;
  }
}

/** `code` is null when the scan cannot be a registration code at all; `row` undefined when no visitor has it. */
export interface ScanLookup {
  code: string | null;
  row: VisitorRow | undefined;
  /** The row came from the replica (its version is checked where a write depends on it). */
  fromReplica?: true;
}

/** What a scanner (or a typed code) names: its normalised code and the visitor, if any (from `replica` when it has them). */
export async function findVisitorByScan(db: Kysely<Database>, raw: string, replica?: ReplicaReads | null): Promise<ScanLookup> {
  const code = normalizeScannedCode(raw);
  if (!code) return { code: null, row: undefined };
  const local = replica?.visitor(code);
  if (local) return { code, row: local, fromReplica: true };
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
