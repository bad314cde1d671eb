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
import { insertJob, jobEvent, transition, type PrintJobRow } from './print-jobs.service';
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
 * - a badge already printed or queued and no reprint reason: `already_printed` with when/where;
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

  const first = await ctx.db.selectFrom('print_jobs').selectAll().where('first_of', '=', visitor.code).executeTakeFirst();
  const reason = opts.reprintReason?.trim() || null;
  if (first && first.state !== 'failed' && !reason) return alreadyPrinted(first);

  const job = await insertJob(
    ctx.db,
    {
      kind: 'badge',
      visitorCode: visitor.code,
      // The first badge is unique per visitor in the database: two desks racing both
      // reach this insert, one wins, the other reports already_printed.
      firstOf: first ? null : visitor.code,
      printerId: printer.id,
      printerName: printer.name,
      stationId: ctx.station.id,
      stationName: ctx.station.name,
      reason: reason ?? (first ? 'retry_after_failure' : null),
      nonce,
      expiresAt: opts.expiresInMs ? new Date(ctx.clock.now().getTime() + opts.expiresInMs).toISOString() : null,
    },
    ctx.clock.now().toISOString(),
  );
  if (job && opts.paper) {
    await transition(ctx.db, job.id, 'queued', 'printed', ctx.clock.now().toISOString(), { detail: 'paper' });
    return { status: 'queued', jobId: job.id, printerName: job.printer_name };
  }
  if (!job) {
    const winner =
      (await ctx.db.selectFrom('print_jobs').selectAll().where('nonce', '=', nonce).executeTakeFirst()) ??
      (await ctx.db.selectFrom('print_jobs').selectAll().where('first_of', '=', visitor.code).executeTakeFirst());
    if (!winner) throw new Error('print job neither inserted nor found');
    return winner.nonce === nonce ? outcomeFor(ctx, winner) : alreadyPrinted(winner);
  }
  ctx.emit(jobEvent(job, 'queued'));
  return outcomeFor(ctx, job);
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
