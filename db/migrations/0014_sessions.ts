/**
 * 0014 — sessions: details per programme session, append-only door scans and sign-up
 * facts (unique per visitor, session and sequence number, so racing stations settle in
 * the database), the floor's facts about sessions, door settings. Frozen once landed;
 * never import app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_details')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('capacity', 'integer')
    .addColumn('signup_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mode', 'text')
    .addColumn('stream_url', 'text')
    .addColumn('speakers', 'text')
    .addColumn('meeting_point', 'text')
    .addColumn('min_attendance_pct', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('session_scans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('once_key', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('override_reason', 'text')
    .execute();
  await db.schema.createIndex('session_scans_session').on('session_scans').columns(['session_id', 'visitor_code', 'seq']).execute();
  await db.schema.createIndex('session_scans_visitor').on('session_scans').columns(['visitor_code']).execute();

  await db.schema
    .createTable('session_signups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('once_key', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('session_signups_session').on('session_signups').columns(['session_id', 'at']).execute();
  await db.schema.createIndex('session_signups_visitor').on('session_signups').columns(['visitor_code']).execute();

  await db.schema
    .createTable('session_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer')
    .addColumn('room', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('session_events_session').on('session_events').columns(['session_id', 'at']).execute();

  await db.schema
    .createTable('session_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['session_settings', 'session_events', 'session_signups', 'session_scans', 'session_details']) await db.schema.dropTable(t).ifExists().execute();
}
