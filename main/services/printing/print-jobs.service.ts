/**
 * Print jobs in the database: the request row (a fact with a nonce) and the
 * append-only history of its state changes. Every transition is a guarded UPDATE
 * (`where state = from`) plus an event row, so two workers can never both claim a job
 * and the log shows what happened to each badge.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { JobState, PrintFailure, PrintJobView, PushEvent } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { PrintJobEventsTable, PrintJobsTable } from '../../../db/tables/printing.tables';

export type PrintJobRow = Selectable<PrintJobsTable>;

export interface NewJob {
  /** receipt: a gift desk's slip; its nonce is `receipt:<redemption id>` (main/services/rally/receipt.service.ts). */
  kind: 'badge' | 'test' | 'receipt' | 'itinerary' | 'ticket';
  visitorCode: string | null;
  /** Set to the visitor code for a visitor's first badge (unique in the database). */
  firstOf: string | null;
  printerId: string;
  printerName: string;
  stationId: string;
  stationName: string;
  reason: string | null;
  nonce: string;
  /** ISO instant after which the job must not print (kiosk badges); absent = no expiry. */
  expiresAt?: string | null;
}

let seq = 0;
/**
 * Job and event ids sort in the order they were written: the station clock may stand
 * still (a rehearsal, a test), so `created_at` alone cannot keep a queue first-in
 * first-out or order a job's history. Wall time + a per-process counter + randomness.
 */
function sortableId(): string {
  seq = (seq + 1) % 36 ** 4;
  return `${Date.now().toString(36).padStart(9, '0')}${seq.toString(36).padStart(4, '0')}-${randomUUID().slice(0, 8)}`;
}

export async function appendJobEvent(db: Kysely<Database>, jobId: string, at: string, state: PrintJobEventsTable['state'], detail: string | null = null): Promise<void> {
  await db.insertInto('print_job_events').values({ id: sortableId(), job_id: jobId, at, state, detail }).execute();
}

/** Inserts a queued job; null when the nonce or the visitor's first badge already exists. */
export async function insertJob(db: Kysely<Database>, job: NewJob, at: string): Promise<PrintJobRow | null> {
  const row: PrintJobRow = {
    id: sortableId(),
    kind: job.kind,
    visitor_code: job.visitorCode,
    first_of: job.firstOf,
    printer_id: job.printerId,
    printer_name: job.printerName,
    station_id: job.stationId,
    station_name: job.stationName,
    reason: job.reason,
    nonce: job.nonce,
    state: 'queued',
    attempts: 0,
    last_error: null,
    created_at: at,
    printed_at: null,
    updated_at: at,
    expires_at: job.expiresAt ?? null,
  };
  const r = await db.insertInto('print_jobs').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return null;
  await appendJobEvent(db, row.id, at, 'queued', job.reason);
  return row;
}

/**
 * Moves a job from one state to another if (and only if) it is still in `from`.
 * Returns false when another worker or an earlier step already moved it. Runs in its
 * own transaction, or in the caller's (a handler's) when `db` is one.
 */
export async function transition(
  db: Kysely<Database>,
  jobId: string,
  from: JobState,
  to: JobState,
  at: string,
  opts: { error?: PrintFailure | null; detail?: string | null; countAttempt?: boolean; eventState?: PrintJobEventsTable['state'] } = {},
): Promise<boolean> {
  const within = <T>(fn: (trx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  return within(async (trx) => {
    const current = await trx.selectFrom('print_jobs').select(['attempts', 'state']).where('id', '=', jobId).executeTakeFirst();
    if (!current || current.state !== from) return false;
    const r = await trx
      .updateTable('print_jobs')
      .set({
        state: to,
        updated_at: at,
        attempts: current.attempts + (opts.countAttempt ? 1 : 0),
        ...(opts.error !== undefined ? { last_error: opts.error } : {}),
        ...(to === 'printed' ? { printed_at: at } : {}),
      })
      .where('id', '=', jobId)
      .where('state', '=', from)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await appendJobEvent(trx, jobId, at, opts.eventState ?? to, opts.detail ?? opts.error ?? null);
    return true;
  });
}

export type CancelResult =
  | { status: 'not_found' }
  /** `changed`: this call cancelled it (false: it was cancelled before — a repeated request). */
  | { status: 'cancelled'; job: PrintJobRow; changed: boolean }
  | { status: 'printing' | 'printed' | 'failed'; job: PrintJobRow };

/**
 * Takes a queued job out of the queue for good: 'failed' with the reason 'cancelled',
 * the history gets a 'cancelled' entry. The queue claims a job with the same guarded
 * update (queued → printing), so the database settles a cancel racing the queue: one
 * of them moves the job, the other sees it gone — a cancelled job is never sent, and a
 * job being printed is not cancelled (answered 'printing'). `stationId` limits the
 * cancel to that station's own jobs.
 */
export async function cancelJob(db: Kysely<Database>, jobId: string, at: string, opts: { by: string; stationId?: string }): Promise<CancelResult> {
  let q = db.selectFrom('print_jobs').selectAll().where('id', '=', jobId);
  if (opts.stationId) q = q.where('station_id', '=', opts.stationId);
  // A job can go queued → printing → queued (retry) under us: look again, a few times at most.
  for (let tries = 0; tries < 5; tries++) {
    const job = await q.executeTakeFirst();
    if (!job) return { status: 'not_found' };
    if (job.state === 'queued') {
      if (await transition(db, job.id, 'queued', 'failed', at, { error: 'cancelled', eventState: 'cancelled', detail: opts.by })) return { status: 'cancelled', job, changed: true };
      continue;
    }
    if (job.state === 'failed') return job.last_error === 'cancelled' ? { status: 'cancelled', job, changed: false } : { status: 'failed', job };
    return { status: job.state === 'printed' ? 'printed' : 'printing', job };
  }
  throw new Error('print job kept changing while being cancelled');
}

/** The oldest queued job of a printer that this station prints. */
export async function nextQueuedJob(db: Kysely<Database>, stationId: string, printerId: string): Promise<PrintJobRow | undefined> {
  return db
    .selectFrom('print_jobs')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('printer_id', '=', printerId)
    .where('state', '=', 'queued')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Printers that have queued jobs for this station. */
export async function printersWithQueuedJobs(db: Kysely<Database>, stationId: string): Promise<string[]> {
  const rows = await db.selectFrom('print_jobs').select('printer_id').distinct().where('station_id', '=', stationId).where('state', '=', 'queued').execute();
  return rows.map((r) => r.printer_id);
}

/**
 * Fails this station's queued jobs whose expiry has passed (`expired`): a kiosk badge
 * the visitor stopped waiting for never prints later, whatever the screen did or did
 * not do (reloaded, lost its link). The same guarded update as a claim, so a job the
 * queue is taking right now is either printed or expired, never both.
 */
export async function expireJobs(db: Kysely<Database>, stationId: string, at: string): Promise<PrintJobRow[]> {
  const rows = await db
    .selectFrom('print_jobs')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('state', '=', 'queued')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', at)
    .execute();
  const expired: PrintJobRow[] = [];
  for (const r of rows) {
    if (await transition(db, r.id, 'queued', 'failed', at, { error: 'expired' })) expired.push(r);
  }
  return expired;
}

/** Has this job's expiry passed at `at`? */
export const isExpired = (job: Pick<PrintJobRow, 'expires_at'>, at: string): boolean => job.expires_at !== null && job.expires_at <= at;

/**
 * After a restart, a job still marked `printing` may or may not have come out of the
 * printer. Printing it again could make a second badge, so it is marked failed
 * (station_restarted) and staff decide with a reprint.
 */
export async function failInterruptedJobs(db: Kysely<Database>, stationId: string, at: string): Promise<PrintJobRow[]> {
  const rows = await db.selectFrom('print_jobs').selectAll().where('station_id', '=', stationId).where('state', '=', 'printing').execute();
  const failed: PrintJobRow[] = [];
  for (const r of rows) {
    if (await transition(db, r.id, 'printing', 'failed', at, { error: 'station_restarted' })) failed.push(r);
  }
  return failed;
}

export async function jobViews(db: Kysely<Database>, rows: PrintJobRow[]): Promise<PrintJobView[]> {
  if (rows.length === 0) return [];
  const events = await db
    .selectFrom('print_job_events')
    .selectAll()
    .where(
      'job_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === 'test' || r.kind === 'receipt' || r.kind === 'itinerary' || r.kind === 'ticket' ? r.kind : 'badge',
    code: r.visitor_code,
    state: r.state,
    reason: r.reason,
    error: r.last_error,
    printerName: r.printer_name,
    stationName: r.station_name,
    attempts: r.attempts,
    createdAt: r.created_at,
    printedAt: r.printed_at,
    events: events.filter((e) => e.job_id === r.id).map((e) => ({ at: e.at, state: e.state, detail: e.detail })),
  }));
}

/** A visitor's print log, oldest first; or the latest jobs of the venue. */
export async function printLog(db: Kysely<Database>, code: string | null, limit: number): Promise<PrintJobView[]> {
  let q = db.selectFrom('print_jobs').selectAll();
  q = code ? q.where('visitor_code', '=', code).orderBy('created_at', 'asc') : q.orderBy('created_at', 'desc');
  return jobViews(db, await q.orderBy('id').limit(limit).execute());
}

/** The push event announcing a job's state (codes only, no personal data). */
export function jobEvent(
  job: PrintJobRow,
  state: 'queued' | 'printing' | 'printed' | 'failed' | 'retry',
  error?: PrintFailure,
): Extract<PushEvent, { type: 'printing.job' }> {
  return {
    type: 'printing.job',
    jobId: job.id,
    stationId: job.station_id,
    printerId: job.printer_id,
    printerName: job.printer_name,
    code: job.visitor_code,
    state,
    ...(error ? { error } : {}),
  };
}
