/**
 * Starts a venue station's offline worker (its replica and outbox) and puts the offline
 * router in front of the station's router. Only a station process does this — the CLI
 * and the bench open a router on the venue database without a replica.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { pgClientConfig } from '../../db/postgres';
import type { Database } from '../../db/schema';
import type { DialectOps } from '../../db/dialect';
import type { EventBus } from '../core/bus';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Handlers, Router, StationIdentity } from '../core/router';
import type { Runtime } from '../core/runtime';
import { OfflineSync } from '../services/offline/offline-sync';
import { offlineRouter } from '../services/offline/offline.router';
import { Replica, replicaFile } from '../services/offline/replica.service';
import { replicaReadsOf } from '../services/offline/replica-reads';
import { probeVenue } from './venue-probe';

export interface OfflineLink {
  sync: OfflineSync;
  wrap(router: Router): Router;
  close(): Promise<void>;
}

export async function attachOffline(deps: {
  dataDir: string;
  url: string;
  pg: Kysely<Database>;
  pgOps: DialectOps;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  station: StationIdentity;
  handlers: Handlers;
  runtime: Runtime;
}): Promise<OfflineLink> {
  const replica = await Replica.open(replicaFile(deps.dataDir, deps.station.id));
  // The feed has its own connection: a burst of scans holding the station's pool must
  // not make a pull wait (and look like a lost server). Short connect timeout: a pull
  // that cannot connect within a second is how a silent network is noticed.
  const pool = new pg.Pool({ ...pgClientConfig(deps.url), max: 1, connectionTimeoutMillis: 1_000, idleTimeoutMillis: 0 });
  pool.on('error', () => undefined); // the server went away: the next pull fails and says so
  // A client checked out by kysely has no pool listener: a server stopping between two of
  // its queries (57P01 to every backend) would be an unhandled 'error' that ends the
  // station. The query in flight fails by itself; the dead client is dropped on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const feed = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const sync = new OfflineSync({ ...deps, feed, feedPool: pool, replica, probe: () => probeVenue(deps.url) });
  deps.runtime.offline = sync;
  // While online and current, the check-in reads its visitor and "already in?" here (replica-reads.ts).
  deps.runtime.replicaReads = replicaReadsOf(sync);
  // The first sync runs beside the station's start, not before it: the station serves
  // from the venue database meanwhile (it answers from the replica only once synced).
  const started = sync.start().catch((e) => deps.log.warn('offline worker did not start', { error: String((e as Error)?.message ?? e) }));
  return {
    sync,
    wrap: (router) => offlineRouter(router, sync),
    close: async () => {
      await started;
      await sync.close();
      await feed.destroy().catch(() => undefined);
    },
  };
}
