/**
 * 0022 — a set-up code the admin cancels before it is used: `cancelled_at` (null: not
 * cancelled). A cancelled code is refused with its own message, like a used or expired
 * one; the row stays (who made it, when, for which station). Frozen once landed; never
 * import app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('station_setup_codes').addColumn('cancelled_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('station_setup_codes').dropColumn('cancelled_at').execute();
}
