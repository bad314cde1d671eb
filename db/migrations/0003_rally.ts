/**
 * 0003_rally — stamp points, stamps, gifts, stock, redemptions (+ reversals), quiz.
 * Frozen once landed; never import app code. Every "exactly once" is a unique key here,
 * so racing stations settle in the database on SQLite and PostgreSQL alike.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rally_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label_ko', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rally_station_points')
    .addColumn('station_id', 'text', (c) => c.primaryKey())
    .addColumn('point_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rally_stamps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addColumn('point_id', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    // One stamp per visitor per point, however many stations scan at once.
    .addUniqueConstraint('rally_stamps_visitor_point', ['visitor_code', 'point_id'])
    .execute();
  await db.schema.createIndex('rally_stamps_point_hour').on('rally_stamps').columns(['point_id', 'hour']).execute();

  await db.schema
    .createTable('rally_gifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label_ko', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('stock_scope', 'text', (c) => c.notNull())
    .addColumn('per_visitor', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rally_gift_stock')
    .addColumn('gift_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('remaining', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rally_gift_stock_pk', ['gift_id', 'period'])
    .execute();

  await db.schema
    .createTable('rally_redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gift_id', 'text', (c) => c.notNull())
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('stock_period', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    // One active redemption per gift, visitor and period: slot n+1 can only be taken
    // after slot n was undone (checked in the same transaction), and two desks racing
    // for the same slot get one row.
    .addUniqueConstraint('rally_redemptions_key', ['gift_id', 'visitor_code', 'period', 'slot'])
    .execute();
  await db.schema.createIndex('rally_redemptions_visitor').on('rally_redemptions').column('visitor_code').execute();
  await db.schema.createIndex('rally_redemptions_gift_day').on('rally_redemptions').columns(['gift_id', 'day']).execute();

  await db.schema
    .createTable('rally_redemption_undos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('redemption_id', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rally_quiz_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('text_ko', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('answer', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rally_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('not_checked_in', 'text', (c) => c.notNull())
    .addColumn('quiz_pass', 'integer', (c) => c.notNull())
    .addColumn('undo_minutes', 'integer', (c) => c.notNull())
    .addColumn('low_stock_at', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'rally_settings',
    'rally_quiz_questions',
    'rally_redemption_undos',
    'rally_redemptions',
    'rally_gift_stock',
    'rally_gifts',
    'rally_stamps',
    'rally_station_points',
    'rally_points',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
