/**
 * 0007_rally_limits — quiz attempts per visitor per day. Frozen; never import app code.
 *
 * Every graded quiz submission is an append-only row numbered 1, 2, 3… per visitor and
 * event day. The unique (visitor, day, attempt) key is what enforces the daily limit:
 * two quiz stations racing for a visitor's last attempt both try to insert the same
 * number and the database keeps one, on SQLite and PostgreSQL alike.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rally_settings')
    .addColumn('quiz_attempts_per_day', 'integer', (c) => c.notNull().defaultTo(3))
    .execute();

  await db.schema
    .createTable('rally_quiz_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visitor_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('need', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rally_quiz_attempts_key', ['visitor_code', 'day', 'attempt'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rally_quiz_attempts').ifExists().execute();
  await db.schema.alterTable('rally_settings').dropColumn('quiz_attempts_per_day').execute();
}
