/**
 * Migration 0019 on both databases: a database at 0015 with a programme row migrates to
 * 0019 keeping it (its interpreter empty), gains booth_facts with its per-booth order
 * key (two facts cannot take one place), and migrates back down cleanly.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { Migrator } from 'kysely';
import { tempDir } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { openDatabase } from '../db/connect';
import { migrationProvider } from '../db/migrations/index';

for (const tdb of testDatabases()) {
  describe(`migration 0019_booths (${tdb.name})`, () => {
    test('0015 → 0019 keeps the programme, adds booth facts and the interpreter column; down again', async () => {
      const handle = await openDatabase(await tdb.target(tempDir()));
      const db = handle.db;
      try {
        const m = new Migrator({ db, provider: migrationProvider });
        assert.equal((await m.migrateTo('0015_organiser')).error, undefined);
        const now = '2022-04-13T00:00:00.000Z';
        await db
          .insertInto('programme_items')
          .values({ id: 'V1', kind: 'video_consultation', title: 't', day: '2022-04-13', starts_at: now, ends_at: now, venue: 'B1', seller: 's', seller_norm: 's', buyer: 'b', buyer_norm: 'b', seller_codes: null, buyer_codes: null, country: null, mode: 'online', join_link: null, buyer_tz: null, row_hash: 'h', created_at: now, updated_at: now } as never)
          .execute();
        assert.equal((await m.migrateTo('0019_booths')).error, undefined);
        const row = await db.selectFrom('programme_items').select(['id', 'interpreter']).executeTakeFirstOrThrow();
        assert.deepEqual(row, { id: 'V1', interpreter: null });
        const f = { booth: 'B1', seq: 1, meeting_id: 'V1', type: 'connected', value: null, at: now, station_id: 'x' };
        await db.insertInto('booth_facts').values({ ...f, id: 'f1', nonce: 'n1' }).execute();
        const dup = await db.insertInto('booth_facts').values({ ...f, id: 'f2', nonce: 'n2' }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        assert.equal(Number(dup.numInsertedOrUpdatedRows ?? 0), 0, 'one fact per place at a booth');
        await db.insertInto('booth_facts').values({ ...f, booth: 'B2', id: 'f3', nonce: 'n3' }).execute();
        assert.equal((await m.migrateTo('0015_organiser')).error, undefined);
        assert.equal((await db.selectFrom('programme_items').select('id').execute()).length, 1);
      } finally {
        await db.destroy();
      }
    });
  });
}
