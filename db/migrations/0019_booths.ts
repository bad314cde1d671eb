/**
 * 0019 — video booths: what happens at a booth PC, append-only (the buyer connected, the
 * connection failed, a retry, the tech check before the first meeting, an interpreter set
 * for the booth or one meeting), and the programme's interpreter column (통역).
 * Frozen once landed; never import app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('booth_facts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The booth as the programme names it (programme_items.venue).
    .addColumn('booth', 'text', (c) => c.notNull())
    // 1, 2, 3 … per booth: the order of its facts (a frozen or rehearsal clock can give two
    // the same instant), and two PCs tapping at once settle on the unique key.
    .addColumn('seq', 'integer', (c) => c.notNull())
    // null: about the booth (a tech check, the booth's interpreter), not one meeting.
    .addColumn('meeting_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    // The interpreter's name on an interpreter fact (empty: none); a short note on a failure.
    .addColumn('value', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addUniqueConstraint('booth_facts_seq', ['booth', 'seq'])
    .execute();
  await db.schema.createIndex('booth_facts_meeting').on('booth_facts').column('meeting_id').execute();
  await db.schema.alterTable('programme_items').addColumn('interpreter', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programme_items').dropColumn('interpreter').execute();
  await db.schema.dropTable('booth_facts').ifExists().execute();
}
