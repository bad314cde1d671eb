/**
 * Migration 0014 (sessions) on a database that already holds a programme: migrate to the
 * one before, store a session the old way, migrate to 0014 — the session reads with the
 * defaults, and the new tables take door scans with their unique keys (Signal's
 * migration_*_test pattern).
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { Migrator, type Kysely } from 'kysely';
import { openDatabase } from '../db/connect';
import { migrationProvider } from '../db/migrations/index';
import type { Database } from '../db/schema';
import { findSession } from '../main/services/sessions/sessions.service';
import { tempDir } from './helpers/station';
import { testDatabases } from './helpers/databases';

for (const tdb of testDatabases()) {
  test(`0014 sessions migrates a database with a programme (${tdb.name})`, async () => {
    const dir = tempDir();
    const h = await openDatabase(await tdb.target(dir));
    const db = h.db as Kysely<Database>;
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      const before = Object.keys(await migrationProvider.getMigrations()).filter((n) => n < '0014_sessions').pop()!;
      assert.equal((await migrator.migrateTo(before)).error, undefined);
      const now = new Date().toISOString();
      await db
        .insertInto('programme_items')
        .values({ id: 'S1', kind: 'training', title: '교육', day: '2022-04-13', starts_at: '2022-04-13T04:00:00.000Z', ends_at: '2022-04-13T05:00:00.000Z', venue: '교육장 A', seller: null, seller_norm: null, buyer: null, buyer_norm: null, seller_codes: null, buyer_codes: null, country: null, mode: 'offline', row_hash: 'x', created_at: now, updated_at: now })
        .execute();
      assert.equal((await migrator.migrateTo('0014_sessions')).error, undefined);

      const s = await findSession(db, 'S1');
      assert.deepEqual(s?.details, { capacity: null, signupRequired: false, languages: ['ko'], mode: 'offline', streamUrl: null, speakers: null, meetingPoint: null, minAttendancePct: 80 });
      const scan = { session_id: 'S1', visitor_code: 'V1', direction: 'in', seq: 0, once_key: 'S1|V1|0', at: now, station_id: 'x', station_name: 'x', override_reason: null };
      await db.insertInto('session_scans').values({ ...scan, id: 'a', nonce: 'n1' }).execute();
      await assert.rejects(db.insertInto('session_scans').values({ ...scan, id: 'b', nonce: 'n2' }).execute(), 'one entry per visitor per session');
    } finally {
      await h.close();
    }
  });
}

for (const tdb of testDatabases()) {
  test(`0020 session tallies are filled from the scans already taken (${tdb.name})`, async () => {
    const dir = tempDir();
    const h = await openDatabase(await tdb.target(dir));
    const db = h.db as Kysely<Database>;
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      assert.equal((await migrator.migrateTo('0015_organiser')).error, undefined);
      const now = new Date().toISOString();
      const scan = (id: string, session: string, code: string, direction: 'in' | 'out', seq: number) => ({ id, session_id: session, visitor_code: code, direction, seq, once_key: `${session}|${code}|${seq}`, at: now, station_id: 'x', station_name: 'x', nonce: `n-${id}`, override_reason: null });
      await db
        .insertInto('session_scans')
        .values([scan('a', 'S1', 'V1', 'in', 0), scan('b', 'S1', 'V1', 'out', 1), scan('c', 'S1', 'V1', 'in', 2), scan('d', 'S1', 'V2', 'in', 0), scan('e', 'S2', 'V1', 'in', 0), scan('f', 'S2', 'V1', 'out', 1)])
        .execute();
      assert.equal((await migrator.migrateTo('0020_session_tallies')).error, undefined);
      const rows = await db.selectFrom('session_tallies').selectAll().orderBy('session_id').execute();
      assert.deepEqual(rows.map((r) => [r.session_id, Number(r.occupancy), Number(r.admitted)]), [['S1', 2, 2], ['S2', 0, 1]]);
    } finally {
      await h.close();
    }
  });
}
