/**
 * Offline-first tests (issue 13): a PostgreSQL cluster of the test's own (the test stops
 * and restarts it), a console on it with the visitors seeded, and the wait for stations
 * to have replayed their outboxes once the server is back.
 */
import { startTestPostgres, type TestPostgres } from '../../scripts/test-postgres.mjs';
import type { FakeClock } from '../../main/core/clock';
import type { Station } from '../../main/core/station';
import { freshPostgresDatabase } from './databases';
import { must, seed, testStation, visitor } from './station';
import { until } from './until';

export async function offlineVenue(codes: string[], clock: FakeClock, maxConnections = 60): Promise<{ cluster: TestPostgres; url: string; admin: Station & { dataDir: string; clock: FakeClock } }> {
  const cluster = await startTestPostgres({ maxConnections });
  const url = await freshPostgresDatabase(cluster.url);
  const admin = await testStation({ db: { kind: 'postgres', url }, role: 'admin', name: 'Console', clock });
  await seed(admin, codes.map((code, i) => visitor({ code, nameKo: `방문객${i}` })));
  return { cluster, url, admin };
}

/** Every station online again with an empty outbox (generous: a busy machine replays slowly). */
export async function untilReplayed(stations: Station[], timeoutMs = 90_000): Promise<void> {
  for (const s of stations) {
    await until(
      `${s.identity.name}: outbox replayed`,
      async () => {
        const st = must(await s.invoke('offline.status', {}));
        return st.online && st.waiting === 0;
      },
      timeoutMs,
    );
  }
}
