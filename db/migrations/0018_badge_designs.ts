/**
 * 0018 — the organiser's badge design (issue 14): one row per event database ('event',
 * like event_config), the design as JSON (header text, fields per category, colours,
 * font sizes) and the validated logo as a base64 PNG. Frozen in time: never import app
 * code here.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('badge_designs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('design', 'text', (c) => c.notNull())
    .addColumn('logo_png', 'text')
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('badge_designs').ifExists().execute();
}
