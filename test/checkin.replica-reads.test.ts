/**
 * Online check-ins that read from the station's replica (issue 13), on a real PostgreSQL:
 * the visitor and "already in?" come from the local copy, the venue database still
 * decides. A replica a second behind (simulated by taking rows out of it: the feed's
 * cursor is past them, so they stay out) can never check a visitor in twice across two
 * desks, never admit a visitor the database has changed, and a visitor it does not have
 * is found in the database, and a refusal read from a stale row is asked again of the database. The answers are the ones a station without a replica gives.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { startTestPostgres, type TestPostgres } from '../scripts/test-postgres.mjs';
import { freshPostgresDatabase } from './helpers/databases';
import { must, seed, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { isOfflineAnswer } from '../contract/index';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import type { OfflineSync } from '../main/services/offline/offline-sync';
import type { ReplicaReads } from '../main/services/visitors/visitor-lookup.service';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';
type TStation = Station & { dataDir: string; clock: FakeClock };
const TODAY = '2022-04-13';

const replicaOf = (s: Station) => (s.runtime.offline as OfflineSync).replica.raw;

/** Counts the reads the replica answered (the station's own reader, observed). */
function countServed(s: Station): { visitors: number; checkins: number } {
  const inner = s.runtime.replicaReads!;
  const served = { visitors: 0, checkins: 0 };
  const observed: ReplicaReads = {
    visitor: (code) => {
      const r = inner.visitor(code);
      if (r) served.visitors++;
      return r;
    },
    checkins: (nonce, code, day) => {
      const r = inner.checkins(nonce, code, day);
      if (r) served.checkins++;
      return r;
    },
  };
  s.runtime.replicaReads = observed;
  return served;
}

describe('online check-in with reads from the replica', { skip: !!skip, timeout: 90_000 }, () => {
  let cluster: TestPostgres;
  let url: string;
  let a: TStation;
  let b: TStation;
  /** A desk without a replica: the database alone answers (today's answers before issue 13). */
  let plain: TStation;
  const clock = new FakeClock('2022-04-13T10:00:00+09:00');
  const codes = Array.from({ length: 30 }, (_, i) => `PPS22-4100${String(i).padStart(2, '0')}`);

  before(async () => {
    cluster = await startTestPostgres({ maxConnections: 60 });
    url = await freshPostgresDatabase(cluster.url);
    a = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Desk A', clock, offline: true });
    b = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Desk B', clock, offline: true });
    plain = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Desk P', clock });
    await seed(plain, codes.map((code, i) => visitor({ code, nameKo: `방문객${i}`, phone: '010-1234-5678' })));
    for (const s of [a, b]) await until(`${s.identity.name}: visitors in the replica`, async () => Boolean(s.runtime.replicaReads?.visitor(codes.at(-1)!)));
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await plain?.close();
    await cluster?.stop();
  });

  const rowsOf = async (code: string) => Number((await plain.handle.db.selectFrom('checkins').select((eb) => eb.fn.countAll().as('n')).where('visitor_code', '=', code).executeTakeFirstOrThrow()).n);

  test('a scan served by the replica; the second desk, whose replica has not seen it, answers "already in" from the database', async () => {
    const servedA = countServed(a);
    const servedB = countServed(b);
    const first = must(await a.invoke('checkin.scan', { code: codes[0], nonce: 'rr-desk-a-0', method: 'scan' }));
    assert.equal(first.status, 'checked_in');
    assert.ok(servedA.visitors >= 1 && servedA.checkins >= 1, 'A read the visitor and "already in?" from its replica');
    // B is a second behind: A's check-in is not in its replica (and, the cursor past it, stays out).
    await until("A's check-in reached B's replica", async () => Boolean(replicaOf(b).prepare('SELECT 1 FROM checkins WHERE nonce = ?').get('rr-desk-a-0')));
    replicaOf(b).prepare('DELETE FROM checkins WHERE nonce = ?').run('rr-desk-a-0');
    const second = await b.invoke('checkin.scan', { code: codes[0], nonce: 'rr-desk-b-0', method: 'scan' });
    assert.equal(isOfflineAnswer(second), false);
    const v = must(second);
    assert.equal(v.status, 'already_checked_in');
    assert.equal(v.status === 'already_checked_in' && v.first.stationName, 'Desk A');
    assert.ok(servedB.visitors >= 1 && servedB.checkins >= 1, 'B decided from its replica first');
    assert.equal(await rowsOf(codes[0]!), 1);
  });

  test('a burst at two desks on the same codes: one check-in each, the other desk told "already in"', async () => {
    const burst = codes.slice(1, 21);
    const answers = await Promise.all(
      burst.flatMap((code, i) => [a, b].map(async (s) => ({ code, r: must(await s.invoke('checkin.scan', { code, nonce: `burst-${s === a ? 'a' : 'b'}-${i}`, method: 'scan' })) }))),
    );
    for (const code of burst) {
      const mine = answers.filter((x) => x.code === code).map((x) => x.r.status).sort();
      assert.deepEqual(mine, ['already_checked_in', 'checked_in'], code);
      assert.equal(await rowsOf(code), 1, code);
    }
  });

  test('a visitor missing from the replica is found in the database; a retried nonce keeps its first answer', async () => {
    const code = codes[21]!;
    replicaOf(a).prepare('DELETE FROM visitors WHERE code = ?').run(code);
    assert.equal(a.runtime.replicaReads!.visitor(code), undefined);
    const r = must(await a.invoke('checkin.scan', { code, nonce: 'rr-missing', method: 'scan' }));
    assert.equal(r.status, 'checked_in');
    assert.equal(r.status === 'checked_in' && r.visitor.code, code);
    // The same request again (a retry) before the replica has the row: the same answer, nothing new.
    replicaOf(a).prepare('DELETE FROM checkins WHERE nonce = ?').run('rr-missing');
    const again = must(await a.invoke('checkin.scan', { code, nonce: 'rr-missing', method: 'scan' }));
    assert.equal(again.status, 'checked_in');
    assert.equal(await rowsOf(code), 1);
  });

  test('a visitor the database changed a moment ago is judged by the database, not by the stale replica row', async () => {
    const code = codes[22]!;
    const stale = replicaOf(a).prepare('SELECT * FROM visitors WHERE code = ?').get(code) as Record<string, unknown>;
    // Moved to tomorrow in the venue database; A's replica still has them registered for today.
    await seed(plain, [visitor({ code, nameKo: '방문객22', phone: '010-1234-5678', registeredDays: ['2022-04-14'] })]);
    await until("the change reached A's replica", async () => (a.runtime.replicaReads!.visitor(code)?.registered_days ?? '') === '2022-04-14');
    const cols = Object.keys(stale);
    replicaOf(a).prepare(`INSERT OR REPLACE INTO visitors (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => stale[c] as never));
    assert.equal(a.runtime.replicaReads!.visitor(code)?.registered_days, TODAY, 'the replica is a moment behind');
    const r = must(await a.invoke('checkin.scan', { code, nonce: 'rr-changed-1', method: 'scan' }));
    assert.equal(r.status, 'not_registered_today');
    assert.equal(await rowsOf(code), 0);
  });

  test('a visitor the database let in a moment ago is not turned away by the stale replica row', async () => {
    const code = codes[25]!;
    // Registered for tomorrow only, in both; then the venue adds today and A's replica lags behind.
    await seed(plain, [visitor({ code, nameKo: '방문객25', phone: '010-1234-5678', registeredDays: ['2022-04-14'] })]);
    await until("tomorrow-only reached A's replica", async () => (a.runtime.replicaReads!.visitor(code)?.registered_days ?? '') === '2022-04-14');
    const stale = replicaOf(a).prepare('SELECT * FROM visitors WHERE code = ?').get(code) as Record<string, unknown>;
    await seed(plain, [visitor({ code, nameKo: '방문객25', phone: '010-1234-5678', registeredDays: [TODAY, '2022-04-14'] })]);
    await until("today reached A's replica", async () => (a.runtime.replicaReads!.visitor(code)?.registered_days ?? '').includes(TODAY));
    const cols = Object.keys(stale);
    replicaOf(a).prepare(`INSERT OR REPLACE INTO visitors (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`).run(...cols.map((c) => stale[c] as never));
    assert.equal(a.runtime.replicaReads!.visitor(code)?.registered_days, '2022-04-14', 'the replica is a moment behind');
    const r = must(await a.invoke('checkin.scan', { code, nonce: 'rr-let-in', method: 'scan' }));
    assert.equal(r.status, 'checked_in');
    assert.equal(await rowsOf(code), 1);
  });

  test('the answers are the ones a desk without a replica gives', async () => {
    const code = codes[23]!;
    const first = must(await plain.invoke('checkin.scan', { code, nonce: 'rr-plain-first', method: 'scan' }));
    assert.equal(first.status, 'checked_in');
    await until("the check-in reached A's replica", async () => Boolean(a.runtime.replicaReads!.checkins('x', code, TODAY)?.length));
    // (The changed visitor of the test before moved "registered today"; that count is cached per station.)
    a.runtime.registeredCount.invalidate();
    const fromReplica = must(await a.invoke('checkin.scan', { code, nonce: 'rr-a-again', method: 'scan' }));
    const fromDatabase = must(await plain.invoke('checkin.scan', { code, nonce: 'rr-p-again', method: 'scan' }));
    assert.equal(fromReplica.status, 'already_checked_in');
    assert.deepEqual(fromReplica, fromDatabase);
    // A fresh check-in: the same visitor card and counters as the database gives (only the desk differs).
    const fresh = must(await a.invoke('checkin.scan', { code: codes[24], nonce: 'rr-a-fresh', method: 'scan' }));
    const retold = must(await plain.invoke('checkin.scan', { code: codes[24], nonce: 'rr-a-fresh', method: 'scan' }));
    assert.equal(fresh.status, 'checked_in');
    assert.deepEqual(fresh, retold);
    assert.equal(await rowsOf(codes[24]!), 1);
  });
});
