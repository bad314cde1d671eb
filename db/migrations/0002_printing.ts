/** 0002_printing: printers, station → printer assignment, print jobs and their history. Frozen; never import app code. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('printers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('interface', 'text', (c) => c.notNull())
    .addColumn('paper_mm', 'integer', (c) => c.notNull())
    .addColumn('stock', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('station_printers')
    .addColumn('station_id', 'text', (c) => c.primaryKey())
    .addColumn('printer_id', 'text')
    .addColumn('auto_print', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('print_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visitor_code', 'text')
    // Unique: a visitor's first badge exists once, however many desks ask at once.
    .addColumn('first_of', 'text', (c) => c.unique())
    .addColumn('printer_id', 'text', (c) => c.notNull())
    .addColumn('printer_name', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('station_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('printed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('print_jobs_visitor').on('print_jobs').column('visitor_code').execute();
  await db.schema.createIndex('print_jobs_station_state').on('print_jobs').columns(['station_id', 'state']).execute();

  await db.schema
    .createTable('print_job_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('print_job_events_job').on('print_job_events').column('job_id').execute();
}
