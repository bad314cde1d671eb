/**
 * Reads the venue database's change feed (migration 0011) into a station's replica.
 *
 *   hi  = pg_snapshot_xmin(pg_current_snapshot())   — every transaction below hi has finished
 *   rows with cursor <= change_xid < hi, tombstones in the same window → replica.apply, cursor = hi
 *
 * One round trip when nothing changed (hi equals the cursor), two when something did:
 * all tables are read in one UNION ALL statement as jsonb, so thirty stations polling
 * four times a second cost the server a few cheap index probes, not thirty per table.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { REPLICATED_TABLES, type Replica } from '../services/offline/replica.service';

type Row = Record<string, unknown>;

async function horizon(pg: Kysely<Database>): Promise<string> {
  const r = await sql<{ hi: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi`.execute(pg);
  return r.rows[0]!.hi;
}

/**
 * Full copy of every replicated table (the replica's first sync, or a replica too far
 * behind). The horizon is taken first: rows written while copying are read again by the
 * next pull, never lost.
 */
export async function firstSync(pg: Kysely<Database>, replica: Replica): Promise<{ rows: number; ms: number }> {
  const t0 = performance.now();
  const hi = await horizon(pg);
  const rows: Array<{ table: string; row: Row }> = [];
  // One snapshot for every table, so the copy is consistent across them.
  await pg.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    for (const { table } of REPLICATED_TABLES) {
      const r = await sql<Row>`SELECT * FROM ${sql.table(table)}`.execute(trx);
      for (const row of r.rows) rows.push({ table, row });
    }
  });
  await replica.apply({ deletes: [], rows, cursor: hi, replaceTables: REPLICATED_TABLES.map((t) => t.table) });
  const ms = performance.now() - t0;
  replica.stats.firstSyncMs = ms;
  return { rows: rows.length, ms };
}

/** One incremental step; returns the number of rows and deletes applied. */
export async function pullChanges(pg: Kysely<Database>, replica: Replica): Promise<number> {
  const lo = replica.cursor;
  if (lo === null) return (await firstSync(pg, replica)).rows;
  const hi = await horizon(pg);
  if (hi === lo) {
    replica.touch();
    return 0;
  }
  const parts = REPLICATED_TABLES.map(
    ({ table }) => sql`SELECT ${sql.lit(table)} AS t, to_jsonb(x) AS r FROM ${sql.table(table)} x WHERE change_xid >= ${lo}::xid8 AND change_xid < ${hi}::xid8`,
  );
  parts.push(sql`SELECT 'offline_tombstones' AS t, jsonb_build_object('tbl', tbl, 'pk', pk) AS r FROM offline_tombstones WHERE change_xid >= ${lo}::xid8 AND change_xid < ${hi}::xid8`);
  const res = await sql<{ t: string; r: Row }>`${sql.join(parts, sql` UNION ALL `)}`.execute(pg);
  const deletes: Array<{ table: string; pk: Row }> = [];
  const rows: Array<{ table: string; row: Row }> = [];
  for (const { t, r } of res.rows) {
    if (t === 'offline_tombstones') deletes.push({ table: String(r.tbl), pk: r.pk as Row });
    else rows.push({ table: t, row: r });
  }
  await replica.apply({ deletes, rows, cursor: hi });
  return deletes.length + rows.length;
}
