/**
 * A SLOW venue server is not a GONE one (found by venue.multistation under load 25: a
 * visitor checked in twice). A desk whose change-feed pulls hang behind a lock, and whose
 * pool has no free connection, used to take the server for gone — the pull timed out, the
 * probe on the feed's own (busy) connection timed out — and answered the next scan
 * "checked_in" from its replica while the server already had another desk's check-in.
 * Offline now needs a connection that cannot be made (refused, failed, connect timeout):
 * the desk stays online, a scan is answered online or refused (db_unavailable, nothing
 * written), never from the replica.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isOfflineAnswer } from '../contract/index';
import { freshPostgresDatabase } from './helpers/databases';
import { must, seed, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import type { OfflineSync } from '../main/services/offline/offline-sync';
import { goneByConnectError, probeVenue } from '../main/venue/venue-probe';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';
const code = (i: number) => `PPS22-5200${String(i).padStart(2, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a slow venue server keeps the desks online (postgres)', { skip: !!skip }, () => {
  let url: string;
  let a: Station;
  let b: Station;
  const clock = new FakeClock('2022-04-13T10:00:00+09:00');
  const poolBefore = process.env.FAIRDESK_PG_POOL;

  before(async () => {
    url = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
    b = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Desk B', clock, offline: true });
    await seed(b, Array.from({ length: 4 }, (_, i) => visitor({ code: code(i), nameKo: `방문객${i}` })));
    // One pooled connection: a scan waiting on a lock leaves the next one no connection.
    process.env.FAIRDESK_PG_POOL = '1';
    try {
      a = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Desk A', clock, offline: true });
    } finally {
      if (poolBefore === undefined) delete process.env.FAIRDESK_PG_POOL;
      else process.env.FAIRDESK_PG_POOL = poolBefore;
    }
    await until("A's replica synced", async () => {
      const r = must(await a.invoke('offline.status', {}));
      return r.online && r.replicaAgeMs !== null;
    });
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  /** Another session's transaction holding locks (the server busy, not gone). */
  async function holding<T>(locks: string[], fn: () => Promise<T>): Promise<T> {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      for (const l of locks) await holder.query(l);
      return await fn();
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  }

  // Every pull reads offline_tombstones: an exclusive lock on it makes A's pulls hang.
  const HANG_PULLS = 'LOCK TABLE offline_tombstones IN ACCESS EXCLUSIVE MODE';

  test("pulls hanging on a busy server: A stays online and answers B's check-in as already in", async () => {
    await holding([HANG_PULLS], async () => {
      // Several pull cycles hang (800 ms each, and the next one queues behind on the feed's one connection).
      await sleep(4_000);
      const sync = a.runtime.offline as OfflineSync;
      assert.equal(sync.online, true, 'a slow server is not a gone one');
      assert.equal(must(await b.invoke('checkin.scan', { code: code(0), nonce: 'slow-b-0' })).status, 'checked_in');
      const r = await a.invoke('checkin.scan', { code: code(0), nonce: 'slow-a-0' });
      assert.equal(isOfflineAnswer(r), false, 'answered online');
      assert.equal(must(r).status, 'already_checked_in');
    });
  });

  test('no free connection and a hung feed: the scan is refused (db_unavailable), never answered from the replica', async () => {
    // Inserts into checkins wait: A's first scan holds A's only connection, the second waits 5 s for it.
    const { first } = await holding([HANG_PULLS, 'LOCK TABLE checkins IN SHARE ROW EXCLUSIVE MODE'], async () => {
      const first = a.invoke('checkin.scan', { code: code(1), nonce: 'slow-a-1' });
      await sleep(300);
      const second = await a.invoke('checkin.scan', { code: code(2), nonce: 'slow-a-2' });
      assert.equal(isOfflineAnswer(second), false, 'not answered from the replica');
      assert.equal(second.ok, false);
      if (!second.ok) assert.equal(second.error.code, 'db_unavailable');
      assert.equal((a.runtime.offline as OfflineSync).online, true);
      return { first }; // (wrapped: awaiting it here would wait on the lock held until the rollback)
    });
    const r = await first;
    assert.equal(isOfflineAnswer(r), false);
    assert.equal(must(r).status, 'checked_in');
    // The desk's retry goes through online.
    const again = await a.invoke('checkin.scan', { code: code(2), nonce: 'slow-a-2' });
    assert.equal(isOfflineAnswer(again), false);
    assert.equal(must(again).status, 'checked_in');
    const rows = await b.handle.db.selectFrom('checkins').select('visitor_code').where('visitor_code', 'in', [code(1), code(2)]).execute();
    assert.equal(rows.length, 2);
  });

  test('the probe: gone only when a connection cannot be made', async () => {
    assert.deepEqual((await probeVenue(url)).gone, false);
    assert.equal((await probeVenue('postgres://x:y@127.0.0.1:1/venue', 2_000)).gone, true, 'refused');
    assert.equal(goneByConnectError(Object.assign(new Error('sorry, too many clients already'), { code: '53300' })), false, 'the server answered: busy');
    assert.equal(goneByConnectError(Object.assign(new Error('the database system is shutting down'), { code: '57P03' })), true);
    assert.equal(goneByConnectError(new Error('timeout expired')), true, 'no connection within the timeout');
  });
});
