/**
 * A venue station (re)started while the venue PostgreSQL server is down (issue 13): a real
 * station process (`serve`, as the hall runs it) that synced its replica once starts again
 * with the server stopped, answers check-ins and searches from its replica ("offline — will
 * sync"), and when the server returns replays what it acknowledged — exactly once — and
 * finishes its start-up (listed among the stations again).
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { startTestPostgres, type TestPostgres } from '../scripts/test-postgres.mjs';
import { freshPostgresDatabase } from './helpers/databases';
import { seed, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { api, startServer, type RunningServer } from './helpers/e2e';
import type { Station } from '../main/core/station';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';
type Status = { online: boolean; waiting: number; replicaAgeMs: number | null; offlineSince: string | null };

describe('a station started while the venue server is down', { skip: !!skip }, () => {
  let cluster: TestPostgres;
  let url: string;
  let admin: Station;
  const servers: RunningServer[] = [];
  const codes = Array.from({ length: 6 }, (_, i) => `PPS22-5000${String(i).padStart(2, '0')}`);

  before(async () => {
    cluster = await startTestPostgres({ maxConnections: 60 });
    url = await freshPostgresDatabase(cluster.url);
    admin = await testStation({ db: { kind: 'postgres', url }, role: 'admin', name: 'Console' });
    await seed(admin, codes.map((code, i) => visitor({ code, nameKo: `출입자${i}` })));
  });
  after(async () => {
    for (const s of servers) await s.stop();
    await admin?.close();
    await cluster?.stop();
  });

  test('works from its replica, then replays exactly once when the server is back', async () => {
    // First run, online: the station syncs its replica and checks one visitor in.
    const first = await startServer({ db: url, role: 'desk', name: 'Desk S', clock: '2022-04-13T10:00', event: null });
    servers.push(first);
    await until('replica synced', async () => {
      const st = await api<Status>(first, 'offline.status', {});
      return st.ok && st.value!.replicaAgeMs !== null && st.value!.online;
    });
    const online = await api<{ status: string }>(first, 'checkin.scan', { code: codes[0], nonce: 'start-online-0' });
    assert.equal(online.value?.status, 'checked_in', JSON.stringify(online));
    // The replica has it once a pull that began after the check-in finished: wait for two
    // catch-ups after it (the first may have been under way already).
    const caughtUpAfter = async (t: number) =>
      until('replica caught up', async () => {
        const st = await api<Status>(first, 'offline.status', {});
        return st.ok && st.value!.replicaAgeMs !== null && Date.now() - st.value!.replicaAgeMs > t;
      });
    await caughtUpAfter(Date.now());
    await caughtUpAfter(Date.now());
    await first.stop();
    const seenBefore = (await admin.handle.db.selectFrom('stations').select('last_seen_at').where('name', '=', 'Desk S').executeTakeFirstOrThrow()).last_seen_at;

    // The server goes away; the station process starts again on the same data folder.
    await cluster.halt();
    const second = await startServer({ db: url, role: 'desk', name: 'Desk S', clock: '2022-04-13T10:05', dataDir: first.dataDir, event: null });
    servers.push(second);
    const scans = [];
    for (const [i, code] of codes.entries()) {
      const r = (await api<{ status: string }>(second, 'checkin.scan', { code, nonce: `start-offline-${i}` })) as { ok: boolean; offline?: boolean; value?: { status: string } };
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.offline, true, 'answered from the replica ("offline — will sync")');
      scans.push(r.value!.status);
    }
    // Visitor 0 was checked in during the first run: the replica remembers it.
    assert.deepEqual(scans, ['already_checked_in', ...Array(codes.length - 1).fill('checked_in')]);
    const search = (await api(second, 'visitors.search', { q: '출입자3' })) as { ok: boolean; offline?: boolean; value?: unknown };
    assert.ok(search.ok && search.offline && JSON.stringify(search.value).includes(codes[3]!), 'search answers from the replica');
    const st = await api<Status>(second, 'offline.status', {});
    assert.equal(st.value?.online, false);
    assert.equal(st.value?.waiting, codes.length - 1);
    assert.ok(st.value?.offlineSince, 'the banner can say since when');

    // The server returns: the outbox is replayed, the start-up finishes.
    await cluster.resume();
    await until(
      'outbox replayed',
      async () => {
        const s = await api<Status>(second, 'offline.status', {});
        return s.ok && s.value!.online && s.value!.waiting === 0;
      },
      60_000,
    );
    const rows = await admin.handle.db.selectFrom('checkins').select(['visitor_code', 'nonce']).execute();
    assert.equal(rows.length, codes.length, 'every visitor checked in');
    assert.equal(new Set(rows.map((r) => r.visitor_code)).size, codes.length, 'each exactly once');
    for (let i = 1; i < codes.length; i++) assert.ok(rows.some((r) => r.nonce === `start-offline-${i}`), `offline scan ${i} kept its nonce`);
    // The start-up writes that waited for the server ran: the station registered itself again.
    await until('station registered again', async () => {
      const row = await admin.handle.db.selectFrom('stations').select('last_seen_at').where('name', '=', 'Desk S').executeTakeFirst();
      return row && row.last_seen_at !== seenBefore;
    });
    // Online again: a new scan is answered by the venue database.
    const back = (await api<{ status: string }>(second, 'checkin.scan', { code: codes[1], nonce: 'start-back-1' })) as { ok: boolean; offline?: boolean; value?: { status: string } };
    assert.equal(back.value?.status, 'already_checked_in');
    assert.notEqual(back.offline, true);
  });
});
