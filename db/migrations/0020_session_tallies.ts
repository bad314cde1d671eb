/**
 * 0020 — sessions, second step: a running tally per session (who is inside, how many
 * were admitted), kept in the door scan's own transaction, so a scan reads one row
 * instead of counting every scan of the room (the count grew with the room: a 5 000-seat
 * seminar's last scans read 5 000 rows each). Filled here from the scans already taken.
 *
 * PostgreSQL: the session tables join the offline change feed of 0011 (change_xid, the
 * update and delete triggers), so a venue door station's replica holds the programme's
 * details, the scans and the tallies and can answer a door while the server is gone.
 * Frozen once landed; never import app code.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The session tables a station replicates, with their primary keys, as of 0020. */
const REPLICATED: Record<string, string[]> = {
  session_details: ['session_id'],
  session_scans: ['id'],
  session_signups: ['id'],
  session_events: ['id'],
  session_settings: ['key'],
  session_tallies: ['session_id'],
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_tallies')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('occupancy', 'integer', (c) => c.notNull())
    .addColumn('admitted', 'integer', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO session_tallies (session_id, occupancy, admitted)
    SELECT session_id,
           SUM(CASE WHEN direction = 'in' THEN 1 ELSE -1 END),
           SUM(CASE WHEN seq = 0 THEN 1 ELSE 0 END)
    FROM session_scans GROUP BY session_id`.execute(db);

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
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of Object.keys(REPLICATED)) {
      if (table === 'session_tallies') continue;
      const t = sql.table(table);
      await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_offline_touch`)} ON ${t}`.execute(db);
      await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_offline_gone`)} ON ${t}`.execute(db);
      await sql`ALTER TABLE ${t} DROP COLUMN IF EXISTS change_xid`.execute(db);
    }
  }
  await db.schema.dropTable('session_tallies').ifExists().execute();
}
