/**
 * 0028 — the devices (browsers) that opened a LAN station (issue 11). A page load with the
 * station's pairing token gets a device token of its own; the database keeps only its
 * sha256 (`token_hash`), the device's label (a user-agent summary) and address, when it
 * was first and last seen, and when an admin revoked it (null: still allowed). Rows are
 * never deleted: a revoked device stays listed with its revocation time.
 * Frozen once landed; never import app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('station_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('station_devices_station').on('station_devices').column('station_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('station_devices').execute();
}
