/**
 * Every number of the live dashboard, after a scripted day, reconciled with a direct
 * count in the database (SQLite and PostgreSQL): arrivals per hour and per entrance,
 * registered vs arrived per category, throughput, stamps per hall, gift stock and its
 * burn rate, stations. The board role may read it; a desk may not.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { scriptedDay, type ScriptedDay } from './helpers/organiser-day';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';

type TS = Station & { clock: FakeClock; dataDir: string };

for (const tdb of testDatabases()) {
  describe(`dashboard snapshot (${tdb.name})`, () => {
    let admin: TS;
    let day: ScriptedDay;
    const q = async <T = Record<string, unknown>>(text: string) => (await sql<T>`${sql.raw(text)}`.execute(admin.handle.db)).rows;
    const num = async (text: string) => Number(Object.values((await q(text))[0] as object)[0]);

    before(async () => {
      const dir = tempDir();
      const target = await tdb.target(dir);
      admin = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: target });
      day = await scriptedDay(tdb, admin, target);
    });
    after(async () => {
      await day.close();
      await admin.close();
    });

    test('day one, just after the gift desk rush: every figure equals its database count', async () => {
      admin.clock.set('2022-04-13T12:46:00+09:00');
      const s = must(await admin.invoke('dashboard.snapshot', {}));
      assert.equal(s.today, '2022-04-13');
      const total = await num('select count(*) from checkins');
      assert.equal(s.arrivalsByHour.reduce((a, r) => a + r.n, 0), total);
      for (const d of await q<{ day: string; n: number }>('select day, count(*) as n from checkins group by day')) {
        assert.equal(s.arrivalsByHour.filter((r) => r.day === d.day).reduce((a, r) => a + r.n, 0), Number(d.n), d.day);
      }
      // Local hours: the first check-in of day one was at 09:31 in Seoul.
      assert.equal(s.arrivalsByHour[0]!.hour, '09');
      const today = await num("select count(*) from checkins where day = '2022-04-13'");
      assert.equal(s.arrivalsByStation.reduce((a, r) => a + r.n, 0), today);
      assert.ok(s.arrivalsByStation.some((r) => r.name === 'Console'));
      for (const r of await q<{ station_id: string; n: number }>("select station_id, count(*) as n from checkins where day = '2022-04-13' group by station_id")) {
        assert.equal(s.arrivalsByStation.find((x) => x.stationId === r.station_id)?.n, Number(r.n));
      }
      for (const r of await q<{ category: string; n: number }>("select v.category, count(*) as n from visitor_days d join visitors v on v.code = d.visitor_code where d.day = '2022-04-13' group by v.category")) {
        assert.equal(s.categories.find((c) => c.category === r.category)?.registered, Number(r.n), `registered ${r.category}`);
      }
      for (const r of await q<{ category: string; n: number }>("select v.category, count(*) as n from checkins c join visitors v on v.code = c.visitor_code where c.day = '2022-04-13' group by v.category")) {
        assert.equal(s.categories.find((c) => c.category === r.category)?.arrived, Number(r.n), `arrived ${r.category}`);
      }
      assert.equal(s.throughput.reduce((a, r) => a + r.today, 0), today);
      assert.equal(s.throughput.find((r) => r.method === 'walk_in')?.today, 3);
      const since15 = new Date(Date.parse('2022-04-13T12:46:00+09:00') - 15 * 60_000).toISOString();
      assert.equal(s.throughput.reduce((a, r) => a + r.last15, 0), await num(`select count(*) from checkins where at >= '${since15}' and at <= '${admin.clock.now().toISOString()}'`));
      for (const p of s.stamps) assert.equal(p.n, await num(`select count(*) from rally_stamps where day = '2022-04-13' and point_id = '${p.pointId}'`), p.pointId);
      assert.ok(s.stamps.find((p) => p.pointId === 'hall3')!.n >= 10);
      const eco = s.gifts.find((g) => g.id === 'ecobag')!;
      const handed = await num("select count(*) from rally_redemptions where gift_id = 'ecobag'");
      assert.ok(handed > 0);
      assert.equal(eco.lastHour, handed);
      const stockRow = await q<{ remaining: number }>("select remaining from rally_gift_stock where gift_id = 'ecobag'");
      assert.equal(eco.remaining, Number(stockRow[0]!.remaining));
      // At the last hour's pace, the forecast is now + remaining / pace.
      assert.equal(eco.emptyAt, new Date(admin.clock.now().getTime() + (eco.remaining / eco.lastHour) * 3_600_000).toISOString());
      assert.equal(s.stations.length, await num('select count(*) from stations'));
      assert.deepEqual(s.consultations, { total: 0, running: 0, late: 0, noShow: 0, done: 0 });
    });

    test('day two: today moves; the board may read it, a desk may not', async () => {
      admin.clock.set('2022-04-14T11:30:00+09:00');
      const board = { station: { id: 'board-1', name: 'Ops room', role: 'board' as const } };
      const s = must(await admin.router.invoke(board, 'dashboard.snapshot', {}));
      assert.equal(s.today, '2022-04-14');
      assert.equal(s.arrivalsByStation.reduce((a, r) => a + r.n, 0), await num("select count(*) from checkins where day = '2022-04-14'"));
      assert.equal(s.categories.reduce((a, r) => a + r.registered, 0), await num("select count(*) from visitor_days where day = '2022-04-14'"));
      assert.ok(s.stamps.every((p) => p.n === 0));
      assert.ok(s.gifts.every((g) => g.emptyAt === null), 'no pace, no forecast');
      const desk = { station: { id: 'desk-9', name: 'Desk 9', role: 'desk' as const } };
      const r = await admin.router.invoke(desk, 'dashboard.snapshot', {});
      assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden');
    });
  });
}
