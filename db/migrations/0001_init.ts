/**
 * 0001 — the foundation: event, stations, visitors (+ search keys), check-ins, audit.
 * Frozen in time: never import app code here.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Prefix search uses range scans (key >= q AND key < q || U+FFFF); on PostgreSQL that
  // only matches code-point order under the "C" collation.
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const keyType = pg ? sql`text collate "C"` : sql`text`;
  // Narrow key-only tables are their primary key on SQLite: WITHOUT ROWID stores each
  // row once (in the key's b-tree) instead of twice — the 100k-visitor import writes
  // ~1M such rows, so this halves its index work.
  const keyOnly = pg ? sql`` : sql`without rowid`;

  await db.schema
    .createTable('event_config')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('halls', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('visitors')
    .addColumn('code', keyType, (c) => c.primaryKey())
    .addColumn('name_ko', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('organisation', 'text')
    .addColumn('org_norm', keyType)
    .addColumn('title', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('phone_last4', 'text')
    .addColumn('email', 'text')
    .addColumn('country', 'text')
    .addColumn('registered_days', 'text', (c) => c.notNull())
    .addColumn('consent', 'integer', (c) => c.notNull())
    .addColumn('walk_in', 'integer', (c) => c.notNull())
    .addColumn('row_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visitors_phone_last4').on('visitors').column('phone_last4').execute();
  await db.schema.createIndex('visitors_org_norm').on('visitors').column('org_norm').execute();

  await db.schema
    .createTable('visitor_days')
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('visitor_days_pk', ['day', 'visitor_code'])
    .modifyEnd(keyOnly)
    .execute();

  await db.schema
    .createTable('search_keys')
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_keys_pk', ['key', 'visitor_code'])
    .modifyEnd(keyOnly)
    .execute();

  await db.schema
    .createTable('org_keys')
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('org_norm', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('org_keys_pk', ['key', 'org_norm'])
    .modifyEnd(keyOnly)
    .execute();

  await db.schema
    .createTable('checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    // The database, not the process, guarantees one check-in per visitor per day —
    // so two desks (or two stations on PostgreSQL) racing on one visitor get one row.
    .addUniqueConstraint('checkins_visitor_day', ['visitor_code', 'day'])
    .execute();
  await db.schema.createIndex('checkins_day').on('checkins').column('day').execute();

  // "Checked in today" is read on every check-in and shown on every desk. Counting the
  // day's check-ins grows through the day; a tally per station and day, bumped in the
  // check-in's own transaction, is summed over a handful of rows instead. One row per
  // station: desks on one PostgreSQL never contend for the same counter row.
  await db.schema
    .createTable('checkin_tallies')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_tallies_pk', ['day', 'station_id'])
    .modifyEnd(keyOnly)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'checkin_tallies', 'checkins', 'org_keys', 'search_keys', 'visitor_days', 'visitors', 'stations', 'event_config']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
