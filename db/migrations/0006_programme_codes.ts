/**
 * 0006 — programme: the participants' registration codes on a meeting (so a scanned
 * badge finds its meeting by code, not only by organisation name), and the minutes a
 * started meeting was given (so a changed consultation length applies only to rounds
 * not yet started). Frozen once landed; never import app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One column per ALTER: SQLite adds one column at a time.
  await db.schema.alterTable('programme_items').addColumn('seller_codes', 'text').execute();
  await db.schema.alterTable('programme_items').addColumn('buyer_codes', 'text').execute();
  await db.schema.alterTable('meeting_events').addColumn('pitch_min', 'integer').execute();
  await db.schema.alterTable('meeting_events').addColumn('qa_min', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [t, c] of [
    ['meeting_events', 'qa_min'],
    ['meeting_events', 'pitch_min'],
    ['programme_items', 'buyer_codes'],
    ['programme_items', 'seller_codes'],
  ] as const) {
    await db.schema.alterTable(t).dropColumn(c).execute();
  }
}
