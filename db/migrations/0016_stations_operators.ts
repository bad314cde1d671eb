/**
 * 0016 — station provisioning and operators (issue 11). Frozen in time: never import app
 * code here.
 *
 * - stations.retired_at: an admin retired the station; it answers nothing from then on.
 * - stations.set_up_at: when it took a role (set-up code, organiser step, or --role).
 * - station_setup_codes: one-time codes for new stations. Only a hash of the code is
 *   kept: a copy of the database cannot set up a station.
 * - operators: the people who sign in at stations (PIN hash with its salt, or a staff
 *   badge); wrong PINs are counted on the row so a lockout holds across stations.
 * - operator_settings: idle sign-out and whether scans need a signed-in operator.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stations').addColumn('retired_at', 'text').execute();
  await db.schema.alterTable('stations').addColumn('set_up_at', 'text').execute();
  await db.schema
    .createTable('station_setup_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('where_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text')
    .execute();
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text')
    .addColumn('badge_code', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('failed_pins', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema.createIndex('operators_badge_code').on('operators').column('badge_code').execute();
  await db.schema
    .createTable('operator_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('operator_settings').ifExists().execute();
  await db.schema.dropIndex('operators_badge_code').ifExists().execute();
  await db.schema.dropTable('operators').ifExists().execute();
  await db.schema.dropTable('station_setup_codes').ifExists().execute();
  await db.schema.alterTable('stations').dropColumn('set_up_at').execute();
  await db.schema.alterTable('stations').dropColumn('retired_at').execute();
}
