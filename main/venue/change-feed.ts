/**
 * Reads the venue database's change feed (migration 0011) into a station's replica.
 *
 *   hi  = pg_snapshot_xmin(pg_current_snapshot())   — every transaction below hi has finished
 *   rows with cursor <= change_xid < hi, tombstones in the same window → replica.apply, cursor = hi
 *
 * One round trip when nothing changed (hi equals the cursor), two when something did:
 * all tables are read in one UNION ALL statement as jsonb, so thirty stations polling
 * four times a second cost the server a few cheap index probes, not thirty per table.
 * That statement is a named (server-side prepared) one with lo and hi as its only
 * parameters: the feed's connection parses and plans the ~30-branch UNION once, then only
 * binds and runs it. Sent unnamed, planning was most of a pull's server cost (500 pulls
 * on one connection, 10k visitors: ~1.5 ms of backend CPU per pull, ~0.2 ms prepared; in
 * the venue bench, PostgreSQL CPU per scan with replicas 3.09 → 2.44 ms, 2.31 without).
 */
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { statementName } from '../../db/pg-prepared';
import { REPLICATED_TABLES, type Replica } from '../services/offline/replica.service';

type Row = Record<string, unknown>;

/**
 * Full copy of every replicated table (the replica's first sync, or a replica too far
 * behind): each table streamed with COPY … TO STDOUT on one repeatable-read snapshot (so
 * the copy is consistent across tables) and inserted with one prepared statement per
 * table, all in ONE SQLite transaction with the cursor. Row-by-row SELECTs built a JS
 * object per row and cost ~4× as much (bench: offline). The horizon is the snapshot's own
 * xmin: a row committed after it is read again by the next pull, never lost.
 */
/** Where a first sync's time went (ms): the rows copied in, the indexes rebuilt, the commit, per table. */
export interface FirstSyncPhases {
  copy: Record<string, number>;
  index: Record<string, number>;
  commit: number;
}

export async function firstSync(pool: pg.Pool, replica: Replica): Promise<{ rows: number; ms: number; phases: FirstSyncPhases }> {
  const t0 = performance.now();
  const phases: FirstSyncPhases = { copy: {}, index: {}, commit: 0 };
  const client = await pool.connect();
  let rows = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const hi = (await client.query<{ hi: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi')).rows[0]!.hi;
    await replica.exclusiveAsync(async (raw) => {
      // Bulk load: a page cache that holds the indexes being built (the default 2 MB makes
      // every insert into a 500k-row index a disk read), rows in primary-key order (appends
      // to the table's B-tree), secondary indexes dropped and rebuilt once by sorting.
      const cacheSize = raw.pragma('cache_size', { simple: true }) as number;
      raw.pragma('cache_size = -131072');
      raw.exec('BEGIN');
      try {
        for (const { table, pk } of REPLICATED_TABLES) {
          raw.prepare(`DELETE FROM "${table}"`).run();
          const indexes = raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(table) as Array<{ name: string; sql: string }>;
          for (const ix of indexes) raw.exec(`DROP INDEX "${ix.name}"`);
          const cols = (raw.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name);
          const ins = raw.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
          const list = cols.map((c) => `"${c}"`).join(',');
          const stream = client.query(copyTo(`COPY (SELECT ${list} FROM "${table}" ORDER BY ${pk.map((c) => `"${c}"`).join(',')}) TO STDOUT`));
          const tc = performance.now();
          rows += await readCopyText(stream, (fields) => ins.run(fields));
          const ti = performance.now();
          for (const ix of indexes) raw.exec(ix.sql);
          phases.copy[table] = Math.round(ti - tc);
          phases.index[table] = Math.round(performance.now() - ti);
        }
        replica.markSynced(raw, hi);
        const tk = performance.now();
        raw.exec('COMMIT');
        phases.commit = Math.round(performance.now() - tk);
      } catch (e) {
        if (raw.inTransaction) raw.exec('ROLLBACK');
        throw e;
      } finally {
        raw.pragma(`cache_size = ${Number(cacheSize)}`);
      }
    });
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  const ms = performance.now() - t0;
  replica.stats.firstSyncMs = ms;
  return { rows, ms, phases };
}

/** PostgreSQL's COPY text format: \t between fields, \n after rows, \N for null, backslash escapes. */
const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
function field(f: string): string | null {
  if (f === '\\N') return null;
  return f.includes('\\') ? f.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : f;
}

async function readCopyText(stream: AsyncIterable<Buffer>, row: (fields: Array<string | null>) => void): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  for await (const chunk of stream) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      row(text.slice(start, nl).split('\t').map(field));
      n++;
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest + decoder.end()) throw new Error('COPY stream ended inside a row');
  return n;
}

/** The pull's text: every replicated table's rows and the tombstones in the window [$1, $2). */
export const PULL_TEXT = [
  ...REPLICATED_TABLES.map(({ table }) => `SELECT '${table}' AS t, to_jsonb(x) AS r FROM "${table}" x WHERE change_xid >= $1::xid8 AND change_xid < $2::xid8`),
  `SELECT 'offline_tombstones' AS t, jsonb_build_object('tbl', tbl, 'pk', pk) AS r FROM offline_tombstones WHERE change_xid >= $1::xid8 AND change_xid < $2::xid8`,
].join(' UNION ALL ');
const PULL_NAME = statementName(PULL_TEXT);
const STALE_PLAN = '0A000';

/**
 * The rows and tombstones in [lo, hi). Named so each connection plans it once;
 * FAIRDESK_PG_PREPARE=0 (a pooler that cannot keep prepared statements) sends it unnamed.
 * A venue upgrade that changes a statement's result type under a running station is
 * refused as a stale plan (0A000) — the pull is read-only, so it is simply re-run unnamed.
 */
export async function pullWindow(pool: pg.Pool, lo: string, hi: string): Promise<Array<{ t: string; r: Row }>> {
  if (process.env.FAIRDESK_PG_PREPARE === '0') return (await pool.query<{ t: string; r: Row }>(PULL_TEXT, [lo, hi])).rows;
  try {
    return (await pool.query<{ t: string; r: Row }>({ name: PULL_NAME, text: PULL_TEXT, values: [lo, hi] })).rows;
  } catch (e) {
    if ((e as { code?: string }).code !== STALE_PLAN) throw e;
    return (await pool.query<{ t: string; r: Row }>(PULL_TEXT, [lo, hi])).rows;
  }
}

/** One incremental step, on the feed's own pool; returns the number of rows and deletes applied. */
export async function pullChanges(pool: pg.Pool, replica: Replica): Promise<number> {
  const lo = replica.cursor;
  if (lo === null) throw new Error('replica never synced: firstSync first');
  const hi = (await pool.query<{ hi: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi')).rows[0]!.hi;
  if (hi === lo) {
    replica.touch();
    return 0;
  }
  const deletes: Array<{ table: string; pk: Row }> = [];
  const rows: Array<{ table: string; row: Row }> = [];
  for (const { t, r } of await pullWindow(pool, lo, hi)) {
    if (t === 'offline_tombstones') deletes.push({ table: String(r.tbl), pk: r.pk as Row });
    else rows.push({ table: t, row: r });
  }
  await replica.apply({ deletes, rows, cursor: hi });
  return deletes.length + rows.length;
}
