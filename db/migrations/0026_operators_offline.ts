/**
 * 0026 — the operator tables join the offline change feed of 0011 (issue 11), so a venue
 * station's replica holds the operators (PIN hashes, staff badges, locks) and the
 * operator settings, and staff can still sign in by PIN or badge while the venue
 * PostgreSQL server is gone. PostgreSQL only (change_xid, the update and delete
 * triggers, as 0011 and 0020 did); SQLite has no feed, nothing to do.
 * Frozen once landed; never import app code.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The operator tables a station replicates, with their primary keys, as of 0026. */
const REPLICATED: Record<string, string[]> = {
  operators: ['id'],
  operator_settings: ['key'],
};

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [table, pk] of Object.entries(REPLICATED)) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id()`.execute(db);
    await sql`CREATE INDEX ${sql.id(`${table}_change_xid`)} ON ${t} (change_xid)`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_offline_touch`)} BEFORE UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION offline_touch()`.execute(db);
    const args = sql.join(pk.map((c) => sql.lit(c)));
    await sql`CREATE TRIGGER ${sql.id(`${table}_offline_gone`)} AFTER DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION offline_tombstone(${args})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of Object.keys(REPLICATED)) {
    const t = sql.table(table);
    await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_offline_touch`)} ON ${t}`.execute(db);
    await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_offline_gone`)} ON ${t}`.execute(db);
    await sql`ALTER TABLE ${t} DROP COLUMN IF EXISTS change_xid`.execute(db);
  }
}
