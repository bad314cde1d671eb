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
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['visitors_walk_in', 'audit_log_entity_at', 'audit_log_channel_at', 'audit_log_station_at', 'audit_log_at_id', 'checkins_at_id']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
}
