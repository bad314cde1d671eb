/**
 * 0015 — the organiser's console: indexes its exports, audit viewer and dashboard read
 * through. Frozen in time: never import app code here.
 *
 * Exports page through facts in (time, id) order (keyset paging: no cursor, no long
 * read transaction); the audit viewer filters by station, channel or visitor and shows
 * the newest first.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('checkins_at_id').on('checkins').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_at_id').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_station_at').on('audit_log').columns(['station_id', 'at']).execute();
  await db.schema.createIndex('audit_log_channel_at').on('audit_log').columns(['channel', 'at']).execute();
  await db.schema.createIndex('audit_log_entity_at').on('audit_log').columns(['entity_id', 'at']).execute();
  await db.schema.createIndex('visitors_walk_in').on('visitors').columns(['walk_in', 'code']).execute();

  // Closing the fair: a purged visitor keeps their code, category and days (every
  // aggregate still adds up) and loses names, phone, e-mail and search keys.
  await db.schema.alterTable('visitors').addColumn('purged_at', 'text').execute();
  await db.schema
    .createTable('privacy_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One row per purge run: where it stands (keyset position), so a run interrupted
  // halfway resumes from the next batch and the screen can say how far it got.
  await db.schema
    .createTable('privacy_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('last_code', 'text')
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('privacy_runs').ifExists().execute();
  await db.schema.dropTable('privacy_settings').ifExists().execute();
  await db.schema.alterTable('visitors').dropColumn('purged_at').execute();
  for (const i of ['visitors_walk_in', 'audit_log_entity_at', 'audit_log_channel_at', 'audit_log_station_at', 'audit_log_at_id', 'checkins_at_id']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
}
