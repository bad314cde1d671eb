/**
 * Venue mode when things go wrong: the PostgreSQL server stops mid-day and comes back
 * (its own throwaway cluster, so the shared test server is never touched), and a
 * station started with a wrong URL or password.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestPostgres, type TestPostgres } from '../scripts/test-postgres.mjs';
import { freshPostgresDatabase, postgresSkip } from './helpers/databases';
import { VenueDbError } from '../db/postgres';
import { dialectFor } from '../db/dialect';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import type { Station } from '../main/core/station';
import type { PushEvent } from '../contract/index';

const PG = process.env.FAIRDESK_TEST_PG;
const ROOT = path.resolve(import.meta.dirname, '..');
const skip = postgresSkip();

function waitFor(events: PushEvent[], pred: (e: PushEvent) => boolean, what: string, ms = 20_000): Promise<void> {
  const start = events.length;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (events.slice(start).some(pred)) return resolve();
      if (Date.now() - t0 > ms) return reject(new Error(`no ${what} within ${ms} ms`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('venue mode: the PostgreSQL server stops mid-day and returns', { skip: !!skip }, () => {
  let cluster: TestPostgres;
  let s: Station;
  let url: string;
  const events: PushEvent[] = [];

  before(async () => {
    cluster = await startTestPostgres({ maxConnections: 50 });
    url = await freshPostgresDatabase(cluster.url);
    s = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url } });
    s.bus.subscribe((ev) => events.push(ev));
    await seed(s, [visitor({ code: 'PPS22-200001', nameKo: '김은희' }), visitor({ code: 'PPS22-200002', nameKo: '배정호' })]);
  });
  after(async () => {
    await s?.close();
    await cluster?.stop();
  });

  test('offline: writes refused as db_unavailable, screens told; back: the same request succeeds once', async () => {
    must(await s.invoke('checkin.scan', { code: 'PPS22-200001', nonce: 'fault-before' }));

    const offline = waitFor(events, (e) => e.type === 'station.status' && !e.online, 'station.status offline');
    await cluster.halt();
    await offline;

    const refused = await s.invoke('checkin.scan', { code: 'PPS22-200002', nonce: 'fault-retry' });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.error.code, 'db_unavailable');
    const read = await s.invoke('visitors.search', { q: '배정호' });
    assert.equal(read.ok, false);
    if (!read.ok) assert.equal(read.error.code, 'db_unavailable');

    const online = waitFor(events, (e) => e.type === 'station.status' && e.online, 'station.status online');
    await cluster.resume();
    await online;

    const retried = must(await s.invoke('checkin.scan', { code: 'PPS22-200002', nonce: 'fault-retry' }));
    assert.equal(retried.status, 'checked_in');
    const again = must(await s.invoke('checkin.scan', { code: 'PPS22-200002', nonce: 'fault-retry' }));
    assert.equal(again.status, 'checked_in', 'a second retry of the same request gets the same answer');
    const rows = await s.handle.db.selectFrom('checkins').select(['visitor_code', 'nonce']).orderBy('at').execute();
    assert.deepEqual(rows.map((r) => r.visitor_code).sort(), ['PPS22-200001', 'PPS22-200002'], 'nothing acknowledged lost, nothing applied twice');
  });

  test('a query in flight when the server stops, and the next ones, are all classified "unavailable"', async () => {
    const inflight = sql`SELECT pg_sleep(30)`.execute(s.handle.db).then(
      () => new Error('pg_sleep finished, the server did not stop'),
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    const offline = waitFor(events, (e) => e.type === 'station.status' && !e.online, 'station.status offline');
    await cluster.halt();
    const midQuery = await inflight;
    assert.ok(s.handle.ops.isUnavailable(midQuery), `mid-query: ${String(midQuery)}`);
    const refused = await s.handle.db.selectFrom('visitors').select('code').execute().then(() => null, (e: unknown) => e);
    assert.ok(s.handle.ops.isUnavailable(refused), `refused: ${String(refused)}`);
    await offline;
    const online = waitFor(events, (e) => e.type === 'station.status' && e.online, 'station.status online');
    await cluster.resume();
    await online;
    must(await s.invoke('visitors.search', { q: '김은희' }));
  });

  test('after the restart, events cross stations again (the listener re-subscribed)', async () => {
    const other = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url }, name: 'Desk 2' });
    try {
      const seen: PushEvent[] = [];
      s.bus.subscribe((ev) => seen.push(ev));
      await seed(other, [visitor({ code: 'PPS22-200003', nameKo: '양현석' })]);
      must(await other.invoke('checkin.scan', { code: 'PPS22-200003', nonce: 'fault-after' }));
      await waitFor(seen, (e) => e.type === 'checkin.recorded' && e.code === 'PPS22-200003', "Desk 2's check-in on Desk 1");
    } finally {
      await other.close();
    }
  });
});

describe('venue mode: a wrong URL or password is one clear line and an exit code', { skip: !!skip }, () => {
  const serve = (db: string) =>
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'main/server/serve.cli.ts'), '--data', tempDir(), '--port', '0', '--db', db], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, FAIRDESK_LOG: 'warn' },
    });

  test('wrong password', () => {
    const u = new URL(PG!);
    u.password = 'not-the-password';
    const r = serve(u.toString());
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /password is wrong/);
    assert.doesNotMatch(r.stderr, /not-the-password|\n\s+at /, 'no password echoed, no stack');
  });

  test('nothing listening on that port', () => {
    const r = serve('postgres://fairdesk:secret@127.0.0.1:1/venue');
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /nothing is listening/);
    assert.doesNotMatch(r.stderr, /secret|\n\s+at /);
  });

  test('a server that never answers: a clear line after the connect timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const r = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url: `postgres://fd:secret@127.0.0.1:${port}/venue` } }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      assert.ok(r instanceof VenueDbError, String(r));
      assert.match(r.message, /no answer from the server/);
      assert.ok(dialectFor('postgres').isUnavailable(new Error('timeout expired')));
    } finally {
      silent.close();
    }
  });

  test('not a postgres URL', () => {
    const r = serve('mysql://x@y/z');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--db must be a postgres:\/\/ URL/);
  });

  test('venue init prepares an empty database; a second run is harmless', () => {
    return (async () => {
      const url = await freshPostgresDatabase(PG!);
      const cli = () =>
        spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'main/cli/cli.ts'), 'venue', 'init', '--db', url], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      const first = cli();
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /venue database ready/);
      assert.doesNotMatch(first.stdout, new RegExp(new URL(url).password));
      const second = cli();
      assert.equal(second.status, 0, second.stderr);
    })();
  });
});
