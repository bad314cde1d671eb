/**
 * The change feed's pull as a named (server-side prepared) statement (issue 13): on a real
 * PostgreSQL, across a cursor window with inserts, updates and deletes on a few replicated
 * tables, it returns exactly the rows and tombstones the unnamed statement returned before
 * — also once PostgreSQL switches to its cached generic plan (after five executions) — and
 * a pull applies them to the replica with the same cursor.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { freshPostgresDatabase, postgresSkip } from './helpers/databases';
import { seed, tempDir, testStation, visitor } from './helpers/station';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import { firstSync, PULL_TEXT, pullChanges, pullWindow } from '../main/venue/change-feed';
import { REPLICATED_TABLES, Replica } from '../main/services/offline/replica.service';

type Row = { t: string; r: Record<string, unknown> };

/** The pull as it was sent before: unnamed, each branch with its own pair of parameters. */
async function unnamedPull(pool: pg.Pool, lo: string, hi: string): Promise<Row[]> {
  const branches = [
    ...REPLICATED_TABLES.map(({ table }) => `SELECT '${table}' AS t, to_jsonb(x) AS r FROM "${table}" x WHERE change_xid >= $1::xid8 AND change_xid < $2::xid8`),
    `SELECT 'offline_tombstones' AS t, jsonb_build_object('tbl', tbl, 'pk', pk) AS r FROM offline_tombstones WHERE change_xid >= $1::xid8 AND change_xid < $2::xid8`,
  ];
  return (await pool.query<Row>(branches.join(' UNION ALL '), [lo, hi])).rows;
}

const key = (rows: Row[]) => rows.map((x) => JSON.stringify([x.t, x.r])).sort();

describe('change feed: the prepared pull returns what the unnamed one did', { skip: !!postgresSkip() }, () => {
  let admin: Station;
  let pool: pg.Pool;
  let replica: Replica;
  const clock = new FakeClock('2026-04-13T10:00:00+09:00');
  const codes = Array.from({ length: 6 }, (_, i) => `PFD26-1000${i}`);

  before(async () => {
    const url = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
    admin = await testStation({ db: { kind: 'postgres', url }, clock });
    await seed(admin, codes.slice(0, 3).map((code, i) => visitor({ code, nameKo: `방문객${i}` })));
    pool = new pg.Pool({ connectionString: url, max: 1 });
    replica = await Replica.open(path.join(tempDir('feed-prepared'), 'replica.sqlite'));
    await firstSync(pool, replica);
  });
  after(async () => {
    await replica?.close();
    await pool?.end();
    await admin?.close();
  });

  test('inserts, updates and deletes in one window: same rows, same tombstones, same replica', async () => {
    const lo = replica.cursor!;
    // Inserts (visitors, their days and search keys), an update, deletes (search keys → tombstones).
    await seed(admin, codes.slice(3).map((code, i) => visitor({ code, nameKo: `새방문객${i}` })));
    await sql`UPDATE visitors SET organisation = ${'바뀐기업'} WHERE code = ${codes[0]}`.execute(admin.handle.db);
    const gone = await sql<{ n: number }>`DELETE FROM search_keys WHERE visitor_code = ${codes[1]} RETURNING 1 AS n`.execute(admin.handle.db);
    assert.ok(gone.rows.length > 0, 'the seeded visitor has search keys to delete');
    const hi = (await pool.query<{ hi: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi')).rows[0]!.hi;
    assert.notEqual(hi, lo);

    const before = key(await unnamedPull(pool, lo, hi));
    const tables = new Set(before.map((k) => JSON.parse(k)[0] as string));
    for (const t of ['visitors', 'search_keys', 'offline_tombstones']) assert.ok(tables.has(t), `the window holds ${t}`);
    // Seven runs: the first five are planned with their values, then PostgreSQL may keep a generic plan.
    for (let i = 0; i < 7; i++) assert.deepEqual(key(await pullWindow(pool, lo, hi)), before, `run ${i + 1}`);
    const prepared = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_prepared_statements WHERE statement = $1', [PULL_TEXT]);
    assert.equal(prepared.rows[0]!.n, '1', 'the pull is prepared on the feed connection');
    // An empty window and a narrower one agree too.
    assert.deepEqual(key(await pullWindow(pool, hi, hi)), key(await unnamedPull(pool, hi, hi)));
    assert.deepEqual(key(await pullWindow(pool, lo, String(BigInt(lo) + 1n))), key(await unnamedPull(pool, lo, String(BigInt(lo) + 1n))));

    const applied = await pullChanges(pool, replica);
    assert.ok(applied >= before.length, 'every row of the window applied');
    assert.ok(BigInt(replica.cursor!) >= BigInt(hi));
    const raw = replica.raw;
    assert.equal((raw.prepare('SELECT count(*) AS n FROM visitors').get() as { n: number }).n, codes.length);
    assert.equal((raw.prepare('SELECT organisation FROM visitors WHERE code = ?').get(codes[0]) as { organisation: string }).organisation, '바뀐기업');
    assert.equal((raw.prepare('SELECT count(*) AS n FROM search_keys WHERE visitor_code = ?').get(codes[1]) as { n: number }).n, 0);
    assert.ok((raw.prepare('SELECT count(*) AS n FROM search_keys WHERE visitor_code = ?').get(codes[5]) as { n: number }).n > 0);
  });
});
