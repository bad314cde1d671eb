/**
 * 0013 — consultation outcomes, and the video booths' join link and buyer time zone: what came of each meeting (held / a side absent /
 * connection failed, interest, expected amount, follow-ups), append-only. The first
 * record of a meeting is version 1; an edit appends version n+1 with a reason, so the
 * history stays and two tablets racing on one version settle on the unique key.
 * Frozen once landed; never import app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meeting_outcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('interest', 'text')
    // A decimal string ("120000.50"): amounts in KRW pass 2^31, and text stays exact on both databases.
    .addColumn('amount', 'text')
    .addColumn('currency', 'text')
    .addColumn('follow_ups', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addUniqueConstraint('meeting_outcomes_version', ['meeting_id', 'version'])
    .execute();
  // Video booths: an online meeting's join link and the buyer's IANA time zone (the
  // country alone cannot say which of the United States' zones).
  await db.schema.alterTable('programme_items').addColumn('join_link', 'text').execute();
  await db.schema.alterTable('programme_items').addColumn('buyer_tz', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programme_items').dropColumn('buyer_tz').execute();
  await db.schema.alterTable('programme_items').dropColumn('join_link').execute();
  await db.schema.dropTable('meeting_outcomes').ifExists().execute();
}
