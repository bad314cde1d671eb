/**
 * The dashboard's running counts (migration 0025) against direct counts, on both
 * databases, through every way a fact or a visitor changes: check-ins and stamps written
 * by the services, a visitor's category changed, a registration day removed, a check-in
 * arriving before its visitor row (as a replica batch may bring it), a row replaced with
 * INSERT OR REPLACE (the SQLite replica's apply), and facts deleted. After each step the
 * dashboard's figures must equal the inner-join counts the screen stood for before.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';

type TS = Station & { clock: FakeClock; dataDir: string };
const DAY = '2022-04-13';

for (const tdb of testDatabases()) {
  describe(`dashboard running counts (${tdb.name})`, () => {
    let st: TS;
    const run = (text: string) => sql.raw(text).execute(st.handle.db);
    const q = async <T = Record<string, unknown>>(text: string) => (await sql<T>`${sql.raw(text)}`.execute(st.handle.db)).rows;

    /** Every dashboard figure the counts feed, against its direct count. */
    async function reconcile(label: string): Promise<void> {
      const s = must(await st.invoke('dashboard.snapshot', {}));
      const byDay = await q<{ day: string; n: number }>('select day, count(*) as n from checkins group by day');
      for (const d of byDay) assert.equal(s.arrivalsByHour.filter((r) => r.day === d.day).reduce((a, r) => a + r.n, 0), Number(d.n), `${label}: arrivals ${d.day}`);
      assert.equal(s.arrivalsByHour.reduce((a, r) => a + r.n, 0), Number((await q<{ n: number }>('select count(*) as n from checkins'))[0]!.n), `${label}: arrivals`);
      const reg = await q<{ category: string; n: number }>(`select v.category, count(*) as n from visitor_days d join visitors v on v.code = d.visitor_code where d.day = '${DAY}' group by v.category`);
      const arr = await q<{ category: string; n: number }>(`select v.category, count(*) as n from checkins c join visitors v on v.code = c.visitor_code where c.day = '${DAY}' group by v.category`);
      const want = new Map<string, { registered: number; arrived: number }>();
      for (const r of reg) want.set(r.category, { registered: Number(r.n), arrived: 0 });
      for (const r of arr) want.set(r.category, { registered: want.get(r.category)?.registered ?? 0, arrived: Number(r.n) });
      assert.deepEqual(
        Object.fromEntries(s.categories.map((c) => [c.category, { registered: c.registered, arrived: c.arrived }])),
        Object.fromEntries(want),
        `${label}: categories`,
      );
      const methods = await q<{ method: string; n: number }>(`select method, count(*) as n from checkins where day = '${DAY}' group by method`);
      assert.deepEqual(Object.fromEntries(s.throughput.map((t) => [t.method, t.today])), Object.fromEntries(methods.map((m) => [m.method, Number(m.n)])), `${label}: methods`);
      for (const p of s.stamps) {
        const n = Number((await q<{ n: number }>(`select count(*) as n from rally_stamps where day = '${DAY}' and point_id = '${p.pointId}'`))[0]!.n);
        assert.equal(p.n, n, `${label}: stamps ${p.pointId}`);
      }
    }

    before(async () => {
      const dir = tempDir();
      st = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: await tdb.target(dir) });
      st.clock.set(`${DAY}T10:00:00+09:00`);
      await seed(st, [
        visitor({ code: 'R-1', nameKo: '가', category: 'visitor', registeredDays: [DAY] }),
        visitor({ code: 'R-2', nameKo: '나', category: 'public_buyer', registeredDays: [DAY] }),
        visitor({ code: 'R-3', nameKo: '다', category: 'visitor', registeredDays: [DAY] }),
      ]);
      // The sample fair's rally points (hall3 …) come with the event.
    });
    after(async () => {
      await st?.close();
    });

    test('check-ins, a category change, a day removed, an orphan check-in, a replace and deletes keep every figure equal to its count', async () => {
      await reconcile('seeded');
      for (const code of ['R-1', 'R-2']) must(await st.invoke('checkin.scan', { code, method: 'scan', nonce: randomUUID() }));
      await reconcile('two check-ins');

      await run(`update visitors set category = 'press' where code = 'R-1'`);
      await reconcile('R-1 now press');

      await run(`delete from visitor_days where visitor_code = 'R-3' and day = '${DAY}'`);
      await reconcile('R-3 not registered today');

      // A check-in whose visitor row comes later (a replica batch in feed order).
      await run(`insert into checkins (id, visitor_code, day, station_id, station_name, method, nonce, reason, at) values ('${randomUUID()}', 'R-9', '${DAY}', 'desk-x', 'Desk X', 'walk_in', '${randomUUID()}', null, '${DAY}T02:10:00.000Z')`);
      await reconcile('orphan check-in');
      await seed(st, [visitor({ code: 'R-9', nameKo: '라', category: 'vip', registeredDays: [DAY] })]);
      await reconcile('its visitor arrived');

      await run(`insert into rally_stamps (id, visitor_code, point_id, station_id, station_name, method, nonce, at, day, hour) values ('${randomUUID()}', 'R-2', 'hall3', 's', 'S', 'scan', '${randomUUID()}', '${DAY}T02:00:00.000Z', '${DAY}', '${DAY} 11')`);
      await reconcile('a stamp');

      if (tdb.name === 'sqlite') {
        // The replica's apply: a row replaced whole, here moved to another hour and method.
        const [c] = await q<Record<string, unknown>>(`select * from checkins where visitor_code = 'R-2'`);
        await run(`insert or replace into checkins (id, visitor_code, day, station_id, station_name, method, nonce, reason, at) values ('${c!.id}', 'R-2', '${DAY}', '${c!.station_id}', 'Desk', 'search', '${c!.nonce}', null, '${DAY}T05:59:00.000Z')`);
        await reconcile('replaced check-in');
        const [v] = await q<Record<string, unknown>>(`select * from visitors where code = 'R-9'`);
        const cols = Object.keys(v!);
        await run(`insert or replace into visitors (${cols.join(', ')}) values (${cols.map((k) => (k === 'category' ? "'staff'" : v![k] === null ? 'null' : `'${String(v![k]).replaceAll("'", "''")}'`)).join(', ')})`);
        await reconcile('replaced visitor with a new category');
      }

      await run(`delete from checkins where visitor_code = 'R-1'`);
      await run(`delete from rally_stamps`);
      await reconcile('deleted');
    });
  });
}
