/**
 * 0010_print_job_expiry — a print job may carry the time after which it must not print.
 * Frozen; never import app code.
 *
 * A kiosk has nobody at its printer: a badge still queued when the visitor has walked
 * away (the screen reloaded, the link dropped, the printer came back an hour later)
 * must never come out unattended. The print worker enforces `expires_at`, not the
 * screen's timers. NULL = no expiry (desk badges, receipts, test pages).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('print_jobs').addColumn('expires_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('print_jobs').dropColumn('expires_at').execute();
}
