/**
 * A busy venue is not an offline one (found by the chaos suite's gift-stock race): when
 * every pooled connection of a gift desk waits on one gift's row lock, the next redeem
 * times out waiting for a connection ("timeout exceeded when trying to connect"). That
 * used to take the desk offline and hand the gift out of its lease on the replica, while
 * the server — alive, only busy — gave the same visitor one too: a duplicate gift. Now
 * the desk probes the server on the change feed's own connection first: it answers, so
 * the redeem is refused (db_unavailable, nothing written) and the desk's retry goes
 * through online. Needs ~5 s: pg-pool's wait for a connection.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import pg from 'pg';
import { freshPostgresDatabase } from './helpers/databases';
import { must, seed, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';
const code = (i: number) => `PPS22-5100${String(i).padStart(2, '0')}`;

describe('gift desk with a full connection pool stays online (postgres)', { skip: !!skip }, () => {
  let url: string;
  let admin: Station;
  let desk: Station;
  const clock = new FakeClock('2022-04-13T10:00:00+09:00');
  const poolBefore = process.env.FAIRDESK_PG_POOL;

  before(async () => {
    url = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
    admin = await testStation({ db: { kind: 'postgres', url }, role: 'admin', name: 'Console', clock });
    await seed(admin, Array.from({ length: 6 }, (_, i) => visitor({ code: code(i), nameKo: `방문객${i}` })));
    const s = must(await admin.invoke('rally.setup.get', {}));
    const pen = { id: 'pen', labelKo: '볼펜', labelEn: 'Pen', rule: { all: [], anyOf: [], everyone: true }, stock: 20, stockScope: 'day' as const, perVisitor: 'event' as const, active: true, sort: 9 };
    must(await admin.invoke('rally.setup.save', { ...s, gifts: [...s.gifts, pen], settings: { ...s.settings, notCheckedIn: 'allow' as const } }));
    must(await admin.invoke('offline.gift.rule.set', { giftId: 'pen', onlineOnly: false, leaseUnits: 5 }));
    // Two pooled connections: two redeems waiting on the lock fill the pool.
    process.env.FAIRDESK_PG_POOL = '2';
    try {
      desk = await testStation({ db: { kind: 'postgres', url }, role: 'gift', name: 'Gift 1', clock, offline: true });
    } finally {
      if (poolBefore === undefined) delete process.env.FAIRDESK_PG_POOL;
      else process.env.FAIRDESK_PG_POOL = poolBefore;
    }
    await until('the desk holds its lease', async () => {
      const l = await admin.handle.db.selectFrom('offline_gift_leases').select('units').where('station_id', '=', desk.identity.id).where('gift_id', '=', 'pen').executeTakeFirst();
      return l?.units === 5;
    });
  });
  after(async () => {
    await desk?.close();
    await admin?.close();
  });

  test('redeems queued behind a held gift lock are refused, not answered offline; the retry goes through online', async () => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    let released = false;
    try {
      // Another desk's long transaction holding the gift's row lock (as lockGiftForStock takes it).
      await holder.query('BEGIN');
      await holder.query(`UPDATE rally_gifts SET sort = sort WHERE id = 'pen'`);
      const calls = [0, 1, 2, 3].map((i) => desk.invoke('rally.gift.redeem', { code: code(i), giftId: 'pen', nonce: `busy-pool-${i}` }));
      const settled: { i: number; r: Awaited<(typeof calls)[number]> }[] = [];
      calls.forEach((c, i) => void c.then((r) => settled.push({ i, r })));
      // Two hold the pool's connections (waiting on the lock); the other two time out waiting for one.
      await until('the queued redeems answered', async () => settled.length >= 2, 60_000);
      const refused = settled.map((x) => x.i);
      for (const { r } of settled) {
        assert.equal((r as { offline?: boolean }).offline, undefined, 'not answered from the replica');
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.error.code, 'db_unavailable');
      }
      await holder.query('COMMIT');
      released = true;
      const all = await Promise.all(calls);
      for (const [i, r] of all.entries()) if (!refused.includes(i)) assert.equal(must(r).status, 'redeemed');
      // A refusal wrote nothing.
      const early = await admin.handle.db.selectFrom('rally_redemptions').select(['nonce', 'at']).where('nonce', 'in', refused.map((i) => `busy-pool-${i}`)).execute();
      assert.deepEqual(early, [], 'the refused redeems wrote nothing');
      // The desk's retry (same nonce) now goes through online.
      for (const i of refused) {
        const again = await desk.invoke('rally.gift.redeem', { code: code(i), giftId: 'pen', nonce: `busy-pool-${i}` });
        assert.equal((again as { offline?: boolean }).offline, undefined);
        assert.equal(must(again).status, 'redeemed');
      }
      const given = await admin.handle.db.selectFrom('rally_redemptions').select('visitor_code').where('gift_id', '=', 'pen').execute();
      assert.deepEqual(given.map((g) => g.visitor_code).sort(), [0, 1, 2, 3].map(code));
      const audit = await admin.handle.db.selectFrom('audit_log').select(['entity_id', 'detail']).where('channel', '=', 'rally.gift.redeem').execute();
      assert.equal(audit.length, 4, 'four redeems written, each once');
    } finally {
      if (!released) await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  });
});
