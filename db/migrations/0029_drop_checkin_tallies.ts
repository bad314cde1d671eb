/**
 * 0029 — one count of check-ins, not two (issue 13). checkin_tallies (0001: day, station
 * → n, bumped by the check-in service) and dashboard_checkins (0025: hour, day, station,
 * method, category → n, kept by a trigger on checkins) counted the same facts; the
 * dashboard's is the finer one and is kept by every writer (services, replay, the
 * replica's feed), so "checked in today" and the per-station arrivals now sum it, and
 * the tally table goes — one statement less in every venue check-in's transaction.
 * On PostgreSQL its change-feed triggers (0011) go with it; a tombstone of it left in
 * offline_tombstones names a table no replica copies any more, and is skipped.
 * Frozen once landed; never import app code.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checkin_tallies').ifExists().execute();
}

/** The table back, counted from the check-ins (without 0011's change feed on it). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checkin_tallies')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_tallies_pk', ['day', 'station_id'])
    .execute();
  await sql`INSERT INTO checkin_tallies (day, station_id, n) SELECT day, station_id, count(*) FROM checkins GROUP BY day, station_id`.execute(db);
}
