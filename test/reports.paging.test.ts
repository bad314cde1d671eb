/**
 * The exports page through the database by keyset on (at, id) (issue 17): more check-ins
 * than one page (2,000), many sharing the same instant, so a page boundary falls inside a
 * run of equal times. Every check-in comes out exactly once, in (at, id) order, on SQLite
 * and PostgreSQL.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { findExporter } from '../main/services/reports/exporters';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';

const N = 2_500;

for (const tdb of testDatabases()) {
  describe(`export paging (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'admin', dataDir: dir, db: await tdb.target(dir) });
      const db = s.handle.db;
      for (let b = 0; b < N; b += 500) {
        const codes = Array.from({ length: Math.min(500, N - b) }, (_, i) => `PG-${String(b + i).padStart(6, '0')}`);
        await db.insertInto('visitors').values(codes.map((code) => ({ code, name_ko: `방문${code}`, name_en: null, organisation: null, org_norm: null, title: null, category: 'general', phone: null, phone_last4: null, email: null, country: null, registered_days: '[]', consent: 1, walk_in: 0, row_hash: 'x', created_at: '2022-04-01T00:00:00Z', updated_at: '2022-04-01T00:00:00Z' }))).execute();
        // Seven check-ins share each second: a page of 2,000 ends inside a run of equal times.
        await db.insertInto('checkins').values(codes.map((code, i) => ({ id: randomUUID(), visitor_code: code, day: '2022-04-13', station_id: s.identity.id, station_name: 'Desk 1', method: 'scan', nonce: `pg-${code}`, reason: null, at: new Date(Date.UTC(2022, 3, 13, 1, 0, Math.floor((b + i) / 7))).toISOString() }))).execute();
      }
    });
    after(() => s.close());

    test('every check-in once, in (at, id) order, across pages that split equal times', async () => {
      const exporter = findExporter('checkins')!;
      const codes: string[] = [];
      for await (const page of exporter.pages({ db: s.handle.db, timeZone: 'Asia/Seoul', personal: true, now: s.clock.now(), runtime: s.runtime })) for (const r of page) codes.push(String(r[2]));
      assert.equal(codes.length, N);
      assert.equal(new Set(codes).size, N);
      const want = await s.handle.db.selectFrom('checkins').select('visitor_code').orderBy('at').orderBy('id').execute();
      assert.deepEqual(codes, want.map((w) => w.visitor_code));
    });
  });
}
