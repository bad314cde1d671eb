/**
 * The printing API other services call (check-in auto-print, walk-ins, the kiosk):
 * queue a badge inside the caller's transaction and read this station's printer
 * state. Queuing is a row insert; the printing happens in the station's queue after
 * the transaction commits, so a slow or jammed printer never slows or fails a check-in.
 */
import { randomUUID } from 'node:crypto';
import { AppFailure, type PrinterStatus, type PrintRequestOutcome } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { findVisitorByScan } from '../visitors/visitor-lookup.service';
import { withSavepoint } from '../../../db/savepoint';
import { cancelJob, insertJob, jobEvent, transition, type PrintJobRow } from './print-jobs.service';
import { stationPrinter } from './printers.service';

export interface BadgePrintOptions {
  /** lost | misprint | name_change | free text. Without one, a second badge is refused. */
  reprintReason?: 'lost' | 'misprint' | 'name_change' | string;
  /** Client nonce: a repeated request returns the first job instead of printing twice. */
  nonce?: string;
  /**
   * An A6 paper badge instead of a thermal one: logged under PAPER_PRINTER as printed
   * (handed to the OS print dialog; no queue can know whether the sheet came out).
   */
  paper?: boolean;
  /** The job must not print after this long (a kiosk: nobody waits at the printer); the print worker enforces it. */
  expiresInMs?: number;
}

/** The print log's printer for A6 paper badges (office printers, through the OS print dialog). */
export const PAPER_PRINTER = { id: 'paper:a6', name: 'A6 paper' } as const;


/**
 * Queues a visitor's badge on this station's printer.
 * - no printer assigned (or disabled): `no_printer`, nothing written;
 * - a badge of this visitor still waiting for its printer: `waiting` (nothing queued), or with a
 *   reason (or for a paper badge) that waiting job is cancelled and replaced by this one;
 * - a badge already printed and no reprint reason: `already_printed` with when/where;
 * - otherwise a job is queued: `queued`, or `printer_offline` when the printer is known to be
 *   down right now (the job stays queued and prints when the printer is back).
 * Throws AppFailure('not_found') for a code that is no visitor.
 */
export async function requestBadgePrint(ctx: HandlerCtx, rawCode: string, opts: BadgePrintOptions = {}): Promise<PrintRequestOutcome> {
  const { row: visitor } = await findVisitorByScan(ctx.db, rawCode);
  if (!visitor) throw new AppFailure('not_found', 'no such visitor');

  const nonce = opts.nonce ?? randomUUID();
  const byNonce = await ctx.db.selectFrom('print_jobs').selectAll().where('nonce', '=', nonce).executeTakeFirst();
  if (byNonce) return outcomeFor(ctx, byNonce);

  const { printer } = opts.paper ? { printer: PAPER_PRINTER } : await stationPrinter(ctx.db, ctx.station.id);
  if (!printer) return { status: 'no_printer' };

  const reason = opts.reprintReason?.trim() || null;
  // A badge that has not come out yet (printer off, or busy) is not "already printed",
  // and a second request must not queue a second badge beside it: when the printer comes
  // back both would print. Without a reason the answer is `waiting`; with one (lost,
  // misprint, a paper badge instead) the waiting job is cancelled and this one replaces
  // it. A job the printer is taking right now cannot be cancelled: `waiting` too.
  // (A paper badge without a reason replaces only a first badge that never came out.)
  const given = await lastPrinted(ctx, visitor.code);
  const mayReplace = !!reason || (!!opts.paper && !given);
  let replaced: string | undefined;
  const pending = await waitingBadge(ctx, visitor.code);
  if (pending) {
    if (pending.state !== 'queued' || !mayReplace) return waiting(pending);
    const c = await cancelJob(ctx.db, pending.id, ctx.clock.now().toISOString(), { by: `replaced by ${ctx.station.name}` });
    // Two desks replacing at once: the one whose cancel moved the job goes on, the
    // other sees the winner's new job waiting (or the printer taking the old one).
    if (c.status !== 'cancelled' || !c.changed) {
      const now = await waitingBadge(ctx, visitor.code);
      return now ? waiting(now) : waiting(c.status === 'not_found' ? pending : c.job);
    }
    ctx.emit(jobEvent(c.job, 'failed', 'cancelled'));
    replaced = pending.id;
  }

  // Any badge that came out counts (the first, a reprint, a paper one replacing a waiting
  // thermal one); a failed or cancelled one does not.
  if (given && !reason) return alreadyPrinted(given);
  const first = await firstBadge(ctx, visitor.code);

  const job = await insertJob(
    ctx.db,
    {
      kind: 'badge',
      visitorCode: visitor.code,
      // The first badge is unique per visitor in the database: two desks racing both
      // reach this insert, one wins, the other reports it (waiting, or already_printed).
      firstOf: first ? null : visitor.code,
      printerId: printer.id,
      printerName: printer.name,
      stationId: ctx.station.id,
      stationName: ctx.station.name,
      reason: reason ?? (replaced ? 'replaces_waiting' : first ? 'retry_after_failure' : null),
      nonce,
      expiresAt: opts.expiresInMs ? new Date(ctx.clock.now().getTime() + opts.expiresInMs).toISOString() : null,
    },
    ctx.clock.now().toISOString(),
  );
  if (job && opts.paper) {
    await transition(ctx.db, job.id, 'queued', 'printed', ctx.clock.now().toISOString(), { detail: 'paper' });
    return { status: 'queued', jobId: job.id, printerName: job.printer_name, ...(replaced ? { replaced } : {}) };
  }
  if (!job) {
    const winner =
      (await ctx.db.selectFrom('print_jobs').selectAll().where('nonce', '=', nonce).executeTakeFirst()) ??
      (await firstBadge(ctx, visitor.code));
    if (!winner) throw new Error('print job neither inserted nor found');
    if (winner.nonce === nonce) return outcomeFor(ctx, winner);
    return winner.state === 'queued' || winner.state === 'printing' ? waiting(winner) : alreadyPrinted(winner);
  }
  ctx.emit(jobEvent(job, 'queued'));
  return { ...outcomeFor(ctx, job), ...(replaced ? { replaced } : {}) };
}

const firstBadge = (ctx: HandlerCtx, code: string) => ctx.db.selectFrom('print_jobs').selectAll().where('first_of', '=', code).executeTakeFirst();

/** The visitor's latest badge that came out (thermal or paper). */
const lastPrinted = (ctx: HandlerCtx, code: string) =>
  ctx.db.selectFrom('print_jobs').selectAll().where('visitor_code', '=', code).where('kind', '=', 'badge').where('state', '=', 'printed').orderBy('id', 'desc').limit(1).executeTakeFirst();

/** The visitor's badge that has not come out yet (queued or being printed), newest first. */
async function waitingBadge(ctx: HandlerCtx, code: string): Promise<PrintJobRow | undefined> {
  return ctx.db
    .selectFrom('print_jobs')
    .selectAll()
    .where('visitor_code', '=', code)
    .where('kind', '=', 'badge')
    .where('state', 'in', ['queued', 'printing'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function waiting(job: PrintJobRow): PrintRequestOutcome {
  return { status: 'waiting', jobId: job.id, printerName: job.printer_name, firstStation: job.station_name, queuedAt: job.created_at };
}

function alreadyPrinted(first: PrintJobRow): PrintRequestOutcome {
  return { status: 'already_printed', jobId: first.id, printerName: first.printer_name, firstPrintedAt: first.printed_at ?? first.created_at, firstStation: first.station_name };
}

function outcomeFor(ctx: HandlerCtx, job: PrintJobRow): PrintRequestOutcome {
  const live = ctx.runtime.printing.state(job.printer_id);
  const offline = live && !live.online && job.state === 'queued';
  return { status: offline ? 'printer_offline' : 'queued', jobId: job.id, printerName: job.printer_name };
}

/** This station's printer and whether it answers now (probes it if the last word is stale). */
export async function printerStatusFor(ctx: HandlerCtx): Promise<PrinterStatus> {
  const { printer } = await stationPrinter(ctx.db, ctx.station.id);
  if (!printer) return { printerName: null, online: false, reason: 'no_printer' };
  const live = await ctx.runtime.printing.freshState(printer);
  return { printerName: printer.name, online: live.online, ...(live.reason ? { reason: live.reason } : {}) };
}

/**
 * The check-in hook: queue the badge when this station prints on check-in. A problem
 * queueing the badge must not undo or fail the check-in it follows.
 */
export async function autoPrintAfterCheckin(ctx: HandlerCtx, code: string, checkinNonce: string): Promise<void> {
  const { printer, autoPrint } = await ctx.runtime.printing.stationSetting(ctx.db);
  if (!printer || !autoPrint) return;
  // The badge is queued under a savepoint: the check-in commits either way.
  await withSavepoint(
    ctx.db,
    'auto_print',
    async () => void (await requestBadgePrint(ctx, code, { nonce: `auto:${checkinNonce}` })),
    (e) => ctx.log.warn('auto-print not queued', { error: String((e as Error)?.message ?? e) }),
  );
}
