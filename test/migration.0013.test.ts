/**
 * Migration 0013 on both databases: a database at 0007 with a programme row and a
 * meeting fact migrates to 0013 keeping them (the new booth columns empty), gains the
 * outcomes table with its (meeting, version) key, and migrates back down cleanly.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { Migrator } from 'kysely';
import { tempDir } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { openDatabase } from '../db/connect';
import { migrationProvider } from '../db/migrations/index';

for (const tdb of testDatabases()) {
  describe(`migration 0013_consultation_outcomes (${tdb.name})`, () => {
    test('0007 → 0013 keeps the programme, adds outcomes and booth columns; down again', async () => {
      const handle = await openDatabase(await tdb.target(tempDir()));
      const db = handle.db;
      try {
        const m = new Migrator({ db, provider: migrationProvider });
        const to7 = await m.migrateTo('0007_rally_limits');
        assert.equal(to7.error, undefined);
        const now = '2022-04-13T00:00:00.000Z';
        await db
          .insertInto('programme_items')
          .values({ id: 'C1', kind: 'consultation', title: 't', day: '2022-04-13', starts_at: now, ends_at: now, venue: 'v', seller: 's', seller_norm: 's', buyer: 'b', buyer_norm: 'b', seller_codes: null, buyer_codes: null, country: null, mode: 'offline', row_hash: 'h', created_at: now, updated_at: now } as never)
          .execute();
        const up = await m.migrateTo('0013_consultation_outcomes');
        assert.equal(up.error, undefined);
        const row = await db.selectFrom('programme_items').select(['id', 'join_link', 'buyer_tz']).executeTakeFirstOrThrow();
        assert.deepEqual(row, { id: 'C1', join_link: null, buyer_tz: null });
        const o = { meeting_id: 'C1', version: 1, result: 'held', interest: 'some', amount: null, currency: null, follow_ups: '', reason: null, station_id: 'x', recorded_at: now };
        await db.insertInto('meeting_outcomes').values({ ...o, id: 'o1', nonce: 'n1' }).execute();
        const dup = await db.insertInto('meeting_outcomes').values({ ...o, id: 'o2', nonce: 'n2' }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        assert.equal(Number(dup.numInsertedOrUpdatedRows ?? 0), 0, 'one version 1 per meeting');
        const down = await m.migrateTo('0007_rally_limits');
        assert.equal(down.error, undefined);
        assert.equal((await db.selectFrom('programme_items').select('id').execute()).length, 1);
      } finally {
        await db.destroy();
      }
    });
  });
}
