/**
 * 0009_event_setup on a database that ran the sample fair before it (Signal's
 * migration_*_test): migrate to 0007, write the old event row (hall labels) and its
 * rally hall points, migrate to latest — the halls become { id, ko, en } with the
 * rally points' ids, the fair counts as configured, and audit_log has operator_id.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { Migrator, type Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from '../db/connect';
import { migrationProvider } from '../db/migrations/index';
import type { Database } from '../db/schema';
import { getEvent } from '../main/services/system/event.service';
import { testDatabases } from './helpers/databases';
import { tempDir } from './helpers/station';

for (const tdb of testDatabases()) describe(`migration 0009_event_setup (${tdb.name})`, () => {
  test('an existing fair keeps its days and zone; hall labels become halls with the rally ids', async () => {
    const dir = tempDir();
    const handle = await openDatabase(await tdb.target(dir), {});
    try {
      const db = handle.db as unknown as Kysely<any>;
      const migrator = new Migrator({ db, provider: migrationProvider });
      const to7 = await migrator.migrateTo('0007_rally_limits');
      assert.equal(to7.error, undefined);
      await db
        .insertInto('event_config')
        .values({ id: 'event', name: '2022 공공조달박람회', name_en: 'Expo 2022', days: JSON.stringify(['2022-04-13', '2022-04-14']), halls: JSON.stringify(['3홀', '4홀']), timezone: 'Asia/Seoul', updated_at: '2022-04-01T00:00:00Z' })
        .execute();
      await db
        .insertInto('rally_points')
        .values([
          { id: 'hall3', label_ko: '3홀', label_en: 'Hall 3', kind: 'hall', open: 1, sort: 1 },
          { id: 'hall4', label_ko: '4홀', label_en: 'Hall 4', kind: 'hall', open: 1, sort: 2 },
          { id: 'quiz', label_ko: '퀴즈', label_en: 'Quiz', kind: 'quiz', open: 1, sort: 3 },
        ])
        .execute();

      await migrateToLatest(handle.db);
      const ev = await getEvent(handle.db as Kysely<Database>);
      assert.deepEqual(ev.halls, [
        { id: 'hall3', ko: '3홀', en: 'Hall 3' },
        { id: 'hall4', ko: '4홀', en: 'Hall 4' },
      ]);
      assert.deepEqual(ev.days, ['2022-04-13', '2022-04-14']);
      assert.equal(ev.timeZone, 'Asia/Seoul');
      assert.equal(ev.configured, true);
      assert.equal(ev.walkInValidity, 'today');
      await handle.db.insertInto('audit_log').values({ id: 'a1', at: '2022-04-13T00:00:00Z', station_id: 's', channel: 'x', entity_id: null, detail: null, operator_id: 'op-1' }).execute();
      assert.equal((await handle.db.selectFrom('audit_log').select('operator_id').executeTakeFirstOrThrow()).operator_id, 'op-1');
    } finally {
      await handle.close();
    }
  });
});
