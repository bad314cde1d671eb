/**
 * 0011_offline — offline-first stations (issue 13). Frozen once landed; never import app code.
 *
 * Both dialects: the conflicts list, gift-desk leases, per-gift offline rules and each
 * station's reported replica lag / outbox depth.
 *
 * PostgreSQL only — the change feed each station's local replica pulls from:
 * every replicated table gets `change_xid xid8`, the id of the transaction that last
 * wrote the row (a column default on insert, a BEFORE UPDATE trigger on update), and
 * deletes leave a tombstone (primary key only, never the row) in offline_tombstones.
 *
 * Why a transaction id and not a sequence number as the cursor: a sequence value is
 * taken when the row is written, not when it commits, so a reader that saw seq 11
 * committed could move its cursor past seq 10 still in flight and never see it. A
 * reader that takes `hi = pg_snapshot_xmin(pg_current_snapshot())` knows every
 * transaction with an id below hi has finished, so reading rows with
 * lo <= change_xid < hi and then moving the cursor to hi misses nothing and repeats
 * nothing (a row rewritten later moves to a later window and is read again there).
 * The cost: a long-running transaction (a 100k import) holds hi back until it ends, so
 * the replica lags behind by that transaction, never by a lost row.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The tables a station replicates, with their primary keys (for tombstones), as of 0011. */
const REPLICATED: Record<string, string[]> = {
  event_config: ['id'],
  stations: ['id'],
  visitors: ['code'],
  visitor_days: ['day', 'visitor_code'],
  search_keys: ['key', 'visitor_code'],
  org_keys: ['key', 'org_norm'],
  checkins: ['id'],
  checkin_tallies: ['day', 'station_id'],
  rally_points: ['id'],
  rally_station_points: ['station_id'],
  rally_stamps: ['id'],
  rally_gifts: ['id'],
  rally_gift_stock: ['gift_id', 'period'],
  rally_redemptions: ['id'],
  rally_redemption_undos: ['id'],
  rally_quiz_questions: ['id'],
  rally_settings: ['id'],
  rally_quiz_attempts: ['id'],
  programme_items: ['id'],
  meeting_events: ['id'],
  floor_settings: ['key'],
  kiosk_settings: ['id'],
  offline_gift_rules: ['gift_id'],
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('offline_conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('offline_at', 'text', (c) => c.notNull())
    .addColumn('offline_status', 'text', (c) => c.notNull())
    .addColumn('settled_status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('offline_conflicts_at').on('offline_conflicts').column('recorded_at').execute();

  await db.schema
    .createTable('offline_gift_leases')
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('gift_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('offline_gift_leases_pk', ['station_id', 'gift_id', 'period'])
    .execute();

  await db.schema
    .createTable('offline_gift_rules')
    .addColumn('gift_id', 'text', (c) => c.primaryKey())
    .addColumn('online_only', 'integer', (c) => c.notNull())
    .addColumn('lease_units', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('offline_station_sync')
    .addColumn('station_id', 'text', (c) => c.primaryKey())
    .addColumn('replica_lag_ms', 'integer')
    .addColumn('outbox_depth', 'integer', (c) => c.notNull())
    .addColumn('refused', 'integer', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .execute();

  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;

  await sql`CREATE TABLE offline_tombstones (
    tbl text NOT NULL,
    pk jsonb NOT NULL,
    change_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
  )`.execute(db);
  await sql`CREATE INDEX offline_tombstones_xid ON offline_tombstones (change_xid)`.execute(db);
  await sql`CREATE FUNCTION offline_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.change_xid := pg_current_xact_id(); RETURN NEW; END $$`.execute(db);
  // The primary key only (trigger arguments name its columns): a deleted visitor's
  // name never lands in the feed.
  await sql`CREATE FUNCTION offline_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE k jsonb := '{}'::jsonb; r jsonb := to_jsonb(OLD); i int;
    BEGIN
      FOR i IN 0 .. TG_NARGS - 1 LOOP k := k || jsonb_build_object(TG_ARGV[i], r -> TG_ARGV[i]); END LOOP;
      INSERT INTO offline_tombstones (tbl, pk) VALUES (TG_TABLE_NAME, k);
      RETURN OLD;
    END $$`.execute(db);
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
      const t = sql.table(table);
      await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_offline_touch`)} ON ${t}`.execute(db);
      await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_offline_gone`)} ON ${t}`.execute(db);
      await sql`ALTER TABLE ${t} DROP COLUMN IF EXISTS change_xid`.execute(db);
    }
    await sql`DROP FUNCTION IF EXISTS offline_touch()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS offline_tombstone()`.execute(db);
    await sql`DROP TABLE IF EXISTS offline_tombstones`.execute(db);
  }
  for (const t of ['offline_station_sync', 'offline_gift_rules', 'offline_gift_leases', 'offline_conflicts']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
