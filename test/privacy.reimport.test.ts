/**
 * The registrations file imported again after the fair was closed (issue 17): a purged
 * visitor's row is skipped — their name, phone and e-mail stay deleted, their search keys
 * stay gone — while everyone else is imported as usual. Both databases.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import { diffVisitors, upsertVisitors } from '../main/services/visitors/visitor-write.service';

const gone = visitor({ code: 'PPS22-820001', nameKo: '윤서진', phone: '010-8200-0001', email: 'gone@example.kr' });
const kept = visitor({ code: 'PPS22-820002', nameKo: '장하람', phone: '010-8200-0002', email: 'kept@example.kr' });

for (const tdb of testDatabases()) {
  describe(`re-import after a purge (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'admin', dataDir: dir, db: await tdb.target(dir) });
      await seed(s, [gone, kept]);
      assert.equal(must(await s.invoke('privacy.erase', { code: gone.code, nonce: 'erase-820001' })).status, 'erased');
    });
    after(() => s.close());

    test('the same file again: the purged visitor stays purged, the other is updated as usual', async () => {
      const again = [gone, { ...kept, organisation: '새 소속' }];
      const diff = await diffVisitors(s.handle.db, again);
      assert.deepEqual([diff.fresh.length, diff.changed.length, diff.unchanged, diff.purged], [0, 1, 1, 1]);
      await seed(s, again);
      const rows = await s.handle.db.selectFrom('visitors').selectAll().where('code', 'in', [gone.code, kept.code]).orderBy('code').execute();
      assert.equal(rows[0]!.phone, null);
      assert.equal(rows[0]!.email, null);
      assert.notEqual(rows[0]!.name_ko, gone.nameKo);
      assert.ok(rows[0]!.purged_at);
      assert.equal(rows[1]!.organisation, '새 소속');
      for (const q of ['윤서진', '8200-0001', 'gone@example.kr']) {
        const hits = must(await s.invoke('visitors.search', { q }));
        assert.ok(!hits.hits.some((h) => h.code === gone.code), `search "${q}" finds nobody purged`);
      }
      assert.ok(must(await s.invoke('visitors.search', { q: '장하람' })).hits.some((h) => h.code === kept.code));
    });

    test('the import summary counts the skipped purged rows apart from the unchanged ones', async () => {
      const again = [gone, { ...kept, organisation: '새 소속' }];
      const r = await s.handle.db.transaction().execute((trx) => upsertVisitors(trx, s.handle.ops, again, s.clock.now().toISOString()));
      assert.deepEqual(r, { inserted: 0, updated: 0, unchanged: 1, purged: 1 });
    });
  });
}
