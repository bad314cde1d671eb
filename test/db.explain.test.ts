/**
 * The hot queries use their indexes on both databases: visitor search (key prefix,
 * phone last four, code prefix, organisation suffix), check-in (visitor by code, the
 * one-per-day check) and stamp (one per visitor and point, nonce). A full table scan
 * here is invisible at 200 rows and minutes at 100,000.
 *
 * SQLite: EXPLAIN QUERY PLAN must SEARCH the table, never SCAN it. PostgreSQL: with
 * sequential scans priced out (enable_seqscan = off, so an empty test table does not
 * make the planner pick one), the plan must still name an index — it does only when an
 * index can serve the predicate.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import { migrateToLatest, openDatabase, type DbHandle } from '../db/connect';
import type { Database } from '../db/schema';
import { testDatabases } from './helpers/databases';
import { tempDir } from './helpers/station';

type Q = (db: Kysely<Database>, h: DbHandle) => Compilable;
const HOT: Record<string, { table: string; q: Q }> = {
  'search: key prefix': { table: 'search_keys', q: (db, h) => db.selectFrom('search_keys').select(['visitor_code', 'key']).where('key', '>=', '김은').where('key', '<', h.ops.prefixEnd('김은')).orderBy('key').limit(60) },
  'search: phone last four': { table: 'visitors', q: (db) => db.selectFrom('visitors').select('code').where('phone_last4', '=', '2066').orderBy('code').limit(20) },
  'search: code prefix': { table: 'visitors', q: (db, h) => db.selectFrom('visitors').select('code').where('code', '>=', 'PPS22-1').where('code', '<', h.ops.prefixEnd('PPS22-1')).orderBy('code').limit(20) },
  'search: organisation suffix': { table: 'org_keys', q: (db, h) => db.selectFrom('org_keys').select('org_norm').where('key', '>=', '토지').where('key', '<', h.ops.prefixEnd('토지')) },
  'check-in: visitor by code': { table: 'visitors', q: (db) => db.selectFrom('visitors').selectAll().where('code', '=', 'PPS22-100001') },
  'check-in: once per visitor and day': { table: 'checkins', q: (db) => db.selectFrom('checkins').selectAll().where('visitor_code', '=', 'PPS22-100001').where('day', '=', '2022-04-13') },
  'check-in: by nonce or visitor and day': {
    table: 'checkins',
    q: (db) => db.selectFrom('checkins').selectAll().where((eb) => eb.or([eb('nonce', '=', 'n1'), eb.and([eb('visitor_code', '=', 'PPS22-100001'), eb('day', '=', '2022-04-13')])])),
  },
  'stamp: by nonce': { table: 'rally_stamps', q: (db) => db.selectFrom('rally_stamps').selectAll().where('nonce', '=', 'n1') },
  'stamp: one per visitor and point': { table: 'rally_stamps', q: (db) => db.selectFrom('rally_stamps').selectAll().where('visitor_code', '=', 'PPS22-100001').where('point_id', '=', 'hall3') },
  "stamp: a visitor's stamps": { table: 'rally_stamps', q: (db) => db.selectFrom('rally_stamps').selectAll().where('visitor_code', '=', 'PPS22-100001') },
};

for (const tdb of testDatabases()) describe(`hot queries use their indexes (${tdb.name})`, () => {
  test('search, check-in and stamp: no full scan of their table', async () => {
    const dir = tempDir();
    const h = await openDatabase(await tdb.target(dir));
    try {
      await migrateToLatest(h.db);
      for (const [what, { table, q }] of Object.entries(HOT)) {
        const c = q(h.db, h).compile();
        if (h.kind === 'sqlite') {
          const plan = (await h.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]))).rows.map((r) => r.detail);
          assert.ok(plan.some((d) => new RegExp(`^SEARCH ${table}\\b`).test(d)), `${what}: ${plan.join(' | ')}`);
          assert.ok(!plan.some((d) => new RegExp(`^SCAN ${table}\\b`).test(d)), `${what} scans ${table}: ${plan.join(' | ')}`);
        } else {
          const plan = await h.db.transaction().execute(async (trx) => {
            await sql`set local enable_seqscan = off`.execute(trx);
            return (await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]))).rows.map((r) => r['QUERY PLAN']);
          });
          const text = plan.join('\n');
          assert.match(text, /Index (Only )?Scan|Bitmap Index Scan/, `${what}:\n${text}`);
          assert.doesNotMatch(text, new RegExp(`Seq Scan on ${table}\\b`), `${what}:\n${text}`);
        }
      }
    } finally {
      await h.close();
    }
  });
});
