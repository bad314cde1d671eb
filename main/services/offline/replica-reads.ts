/**
 * The replica as a reader for the online path (issue 13): the check-in's visitor and
 * "already in?" come from the local SQLite copy instead of a venue round trip, while the
 * copy is current. Current means: the worker is online with nothing waiting to replay
 * (otherwise the station answers from the replica anyway, through the offline router),
 * and the last pull found everything the server had committed at most MAX_AGE_MS ago.
 * Anything else, and any row the replica does not have, is a miss: the caller asks the
 * venue database (visitor-lookup.service.ts).
 *
 * Plain prepared statements on the replica's connection: better-sqlite3 is synchronous,
 * so a read never lands inside a feed batch (applied in one synchronous transaction).
 */
import type { Selectable } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { CheckinsTable } from '../../../db/schema';
import type { ReplicaReads } from '../visitors/visitor-lookup.service';
import type { VisitorRow } from '../visitors/visitor.mapper';
import { replicaAgeMs } from './replica.service';
import type { OfflineSync } from './offline-sync';

/** Pulls run every 250 ms while online (lag ≤ 1 s): older than this, the pulls are failing or slow. */
export const MAX_AGE_MS = 2_000;

export function replicaReadsOf(sync: OfflineSync): ReplicaReads {
  const r = sync.replica;
  let visitorSql: BetterSqlite3.Statement<[string]> | null = null;
  let checkinsSql: BetterSqlite3.Statement<[string, string, string]> | null = null;
  // caughtUpAt is set by the first sync's commit and by every pull since.
  const current = () => sync.online && !sync.useReplica() && (replicaAgeMs(r) ?? Infinity) <= MAX_AGE_MS;
  return {
    visitor(code) {
      if (!current()) return undefined;
      visitorSql ??= r.raw.prepare('SELECT * FROM visitors WHERE code = ?');
      return visitorSql.get(code) as VisitorRow | undefined;
    },
    checkins(nonce, code, day) {
      if (!current()) return undefined;
      checkinsSql ??= r.raw.prepare('SELECT * FROM checkins WHERE nonce = ? OR (visitor_code = ? AND day = ?)');
      return checkinsSql.all(nonce, code, day) as Array<Selectable<CheckinsTable>>;
    },
  };
}
