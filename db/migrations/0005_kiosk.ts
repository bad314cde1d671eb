/** 0005 — kiosk settings (idle timeout, walk-in categories, staff PIN hash) and PIN throttling. Frozen; never import app code. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kiosk_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idle_seconds', 'integer', (c) => c.notNull())
    .addColumn('walk_in_enabled', 'integer', (c) => c.notNull())
    .addColumn('walk_in_categories', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('kiosk_unlock_state')
    .addColumn('station_id', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('lockouts', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kiosk_unlock_state').ifExists().execute();
  await db.schema.dropTable('kiosk_settings').ifExists().execute();
}
