/**
 * Set-based outbox replay (issue 13): a desk comes back with a few thousand facts waiting —
 * check-ins in long runs, overrides and a fact the server refuses between them, visitors
 * already checked in online meanwhile, one visitor scanned twice, a code the server does
 * not know, a retry of a nonce the server already has. Every fact is settled exactly once,
 * in order (the first of two scans wins), the differences are on the conflicts list, the
 * refused fact is kept for review, and tallies and audit rows match the check-ins. Then the
 * whole outbox is replayed again (a crash before it was marked) and nothing changes.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestPostgres } from '../scripts/test-postgres.mjs';
import { must, seed, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { offlineVenue, untilReplayed } from './helpers/offline';
import { isOfflineAnswer } from '../contract/index';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import type { OfflineSync } from '../main/services/offline/offline-sync';
import { appendOutbox, refusedFacts } from '../main/services/offline/outbox.service';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';
const N = 2_600;
const DAY = '2022-04-13';

describe('set-based outbox replay: thousands of mixed facts, exactly once', { skip: !!skip }, () => {
  let cluster: TestPostgres;
  let url: string;
  let admin: Station;
  let desk: Station;
  const clock = new FakeClock(`${DAY}T10:00:00+09:00`);
  const codes = Array.from({ length: N }, (_, i) => `PPS22-7${String(i).padStart(5, '0')}`);
  const otherDay = 'PPS22-799990';
  const fact = (i: number) => `fact-${String(i).padStart(5, '0')}`;

  before(async () => {
    ({ cluster, url, admin } = await offlineVenue(codes, clock));
    await seed(admin, [visitor({ code: otherDay, nameKo: '다른날', registeredDays: ['2022-04-14'] })]);
    desk = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Desk R', clock, offline: true });
    await until('replica synced', async () => must(await desk.invoke('offline.status', {})).replicaAgeMs !== null);
  }, 120_000);
  after(async () => {
    await desk?.close();
    await admin?.close();
    await cluster?.stop();
  });

  test('a few thousand facts: in order, exactly once, conflicts listed, the refused one kept', async () => {
    // Checked in online while the desk was apart: every 100th visitor, and one retry's nonce.
    const onlineIn = codes.filter((_, i) => i % 100 === 50);
    for (const code of onlineIn) must(await admin.invoke('checkin.scan', { code, nonce: `online-${code}` }));
    must(await admin.invoke('checkin.scan', { code: codes[7]!, nonce: 'retried-7' }));

    await cluster.halt();
    // The same request (nonce) until the desk has noticed and answers from its replica.
    await until('the desk answers offline', async () => {
      const first = await desk.invoke('checkin.scan', { code: codes[0]!, nonce: fact(0) });
      assert.ok(!first.ok || first.value.status === 'checked_in', JSON.stringify(first));
      return isOfflineAnswer(first);
    });
    const sync = desk.runtime.offline as OfflineSync;
    const at = (k: number) => new Date(Date.parse(`${DAY}T10:00:00+09:00`) + k * 1000).toISOString();
    const expected: Array<{ nonce: string; settled: string }> = [{ nonce: fact(0), settled: 'checked_in' }];
    let k = 0;
    const add = async (channel: string, input: Record<string, unknown>, settled: string) => {
      k++;
      await appendOutbox(sync.replica.db, { nonce: String(input.nonce), channel, input, at: at(k), offlineValue: { status: 'checked_in' } });
      expected.push({ nonce: String(input.nonce), settled });
    };
    for (let i = 1; i < N; i++) {
      const code = codes[i]!;
      if (i === 7) await add('checkin.scan', { code, nonce: 'retried-7' }, 'checked_in');
      else await add('checkin.scan', { code, nonce: fact(i), method: 'scan' }, i % 100 === 50 ? 'already_checked_in' : 'checked_in');
      // The same visitor scanned again a little later (another desk's fact, say): the first wins.
      if (i % 500 === 3) await add('checkin.scan', { code, nonce: `again-dup-${i}` }, 'already_checked_in');
      // Facts the set-based path leaves to the router, between the runs.
      if (i === 1_000) await add('checkin.scan', { code: '', nonce: 'refused-1' }, 'refused:invalid_input');
      if (i === 1_500) await add('checkin.override', { code: otherDay, nonce: 'override-1', reason: '초청 / invited' }, 'checked_in');
      if (i === 2_000) await add('checkin.scan', { code: 'PPS22-NOSUCH', nonce: 'unknown-1' }, 'unknown_code');
    }
    await add('checkin.scan', { code: otherDay, nonce: 'other-day-1' }, 'already_checked_in');
    sync.factAdded();
    assert.equal(must(await desk.invoke('offline.status', {})).waiting, expected.length);

    await cluster.resume();
    await untilReplayed([desk], 180_000);
    const db = admin.handle.db;

    let replays = 1;
    const verify = async () => {
      const rows = await db.selectFrom('checkins').select(['visitor_code', 'nonce', 'day', 'station_name', 'method']).where('day', '=', DAY).execute();
      const byCode = new Map<string, typeof rows>();
      for (const r of rows) byCode.set(r.visitor_code, [...(byCode.get(r.visitor_code) ?? []), r]);
      assert.equal(rows.length, N + 1, 'every visitor in once, and the override');
      for (const [code, rs] of byCode) assert.equal(rs.length, 1, `${code} once`);
      for (const [i, code] of codes.entries()) {
        const r = byCode.get(code)![0]!;
        const want = i % 100 === 50 ? `online-${code}` : i === 7 ? 'retried-7' : fact(i);
        assert.equal(r.nonce, want, `${code}: the first fact for it`);
      }
      assert.equal(byCode.get(otherDay)![0]!.method, 'override');
      const deskIns = rows.filter((r) => r.station_name === 'Desk R').length;
      const tally = await db.selectFrom('dashboard_checkins').select(sql<number>`sum(n)`.as('n')).where('day', '=', DAY).where('station_id', '=', desk.identity.id).executeTakeFirstOrThrow();
      assert.equal(Number(tally.n), deskIns, 'the running count counts each replayed check-in once');
      const audits = await db.selectFrom('audit_log').select('entity_id').where('station_id', '=', desk.identity.id).where('channel', 'in', ['checkin.scan', 'checkin.override']).execute();
      assert.equal(audits.filter((a) => a.entity_id !== null).length, deskIns, 'one audit row naming the visitor per check-in');
      // And, as the router writes, one row for each replay of each fact that passed the contract.
      assert.equal(audits.length, replays * (expected.length - 1), 'an audit row per replayed write');

      const conflicts = await db.selectFrom('offline_conflicts').selectAll().where('station_id', '=', desk.identity.id).execute();
      const got = new Map(conflicts.map((c) => [c.nonce, c]));
      const want = expected.filter((e) => e.settled !== 'checked_in');
      for (const e of want) assert.equal(got.get(e.nonce)?.settled_status, e.settled, `conflict ${e.nonce}`);
      assert.equal(conflicts.length, want.length, 'only the differences are listed, each once');
      assert.equal(JSON.parse(got.get('again-dup-3')!.detail ?? '{}').firstStation, 'Desk R');
      assert.equal(JSON.parse(got.get(fact(50))!.detail ?? '{}').firstStation, 'Console', '"already in at T at S"');
      const listed = must(await admin.invoke('offline.conflicts', {}));
      assert.ok(listed.some((c) => c.stationName === 'Desk R' && c.settledStatus === 'already_checked_in' && c.firstStation === 'Console'), 'on the console');
      const refused = refusedFacts(sync.replica);
      assert.deepEqual(refused.map((r) => r.nonce), ['refused-1'], 'the refused fact is kept for review');
    };
    await verify();

    // A crash after the commit but before the outbox was marked: everything replays again — a no-op.
    sync.replica.raw.prepare(`UPDATE offline_outbox SET state = 'pending', error = NULL, settled_at = NULL`).run();
    replays = 2;
    sync.factAdded();
    await until('replayed again', async () => must(await desk.invoke('offline.status', {})).waiting === 0, 180_000);
    await verify();
  }, 400_000);
});
