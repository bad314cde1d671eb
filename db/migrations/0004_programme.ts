/**
 * 0004 — programme and consultation floor: programme items, append-only meeting facts,
 * floor settings. Frozen once landed; never import app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programme_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('venue', 'text', (c) => c.notNull())
    .addColumn('seller', 'text')
    .addColumn('seller_norm', 'text')
    .addColumn('buyer', 'text')
    .addColumn('buyer_norm', 'text')
    .addColumn('country', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('row_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('programme_items_day').on('programme_items').columns(['day', 'starts_at']).execute();

  await db.schema
    .createTable('meeting_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('once_key', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('meeting_events_meeting').on('meeting_events').columns(['meeting_id', 'at']).execute();

  await db.schema
    .createTable('floor_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['floor_settings', 'meeting_events', 'programme_items']) await db.schema.dropTable(t).ifExists().execute();
}
