/**
 * The kiosk's seam to badge printing (issue 4's printing.api), narrowed to what a kiosk
 * screen may know.
 *
 * Unlike a desk, a kiosk has nobody standing at its printer: a badge queued while the
 * printer is down would come out later, unattended, for anyone to pick up. So when this
 * station already knows its printer is offline, nothing is queued — the visitor is sent
 * to the staff desk instead. (The known state is used, not a probe: this runs inside
 * the check-in's transaction and must not wait on the network. The welcome screen's
 * kiosk.status keeps that state fresh.) A printer that goes away after the job was
 * queued: every kiosk job carries an expiry (KIOSK_BADGE_EXPIRY_MS) that the print
 * worker enforces, so a reloaded screen or a dropped link cannot leave a badge to print
 * later, unattended; the screen also cancels the job when it gives up (kiosk.cancelBadge).
 */
import { KIOSK_BADGE_EXPIRY_MS, type KioskJobState, type KioskPrint } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { cancelJob, jobEvent, type CancelResult } from '../printing/print-jobs.service';
import { printerStatusFor, requestBadgePrint } from '../printing/printing.api';
import { stationPrinter } from '../printing/printers.service';

export async function printBadge(ctx: HandlerCtx, code: string, opts: { nonce: string; reprintReason?: string }): Promise<KioskPrint> {
  const { printer } = await stationPrinter(ctx.db, ctx.station.id);
  if (printer && ctx.runtime.printing.state(printer.id)?.online === false) {
    // A retry of a request that did queue a job still answers with that job.
    const prior = await ctx.db.selectFrom('print_jobs').select('id').where('nonce', '=', opts.nonce).executeTakeFirst();
    if (!prior) return { status: 'printer_offline' };
  }
  const r = await requestBadgePrint(ctx, code, { ...opts, expiresInMs: KIOSK_BADGE_EXPIRY_MS });
  if (r.status === 'printer_offline' && r.jobId) {
    // A repeated confirm finds the first one's job still waiting for a printer now known
    // to be down: it must not come out later either.
    await cancelOwnJob(ctx, r.jobId);
    return { status: 'printer_offline' };
  }
  return { status: r.status, ...(r.jobId ? { jobId: r.jobId } : {}) };
}

/** Cancels one of this kiosk's own jobs if it is still queued (see cancelJob), announcing it when it was. */
export async function cancelOwnJob(ctx: HandlerCtx, jobId: string): Promise<CancelResult> {
  const r = await cancelJob(ctx.db, jobId, ctx.clock.now().toISOString(), { by: ctx.station.name, stationId: ctx.station.id });
  if (r.status === 'cancelled' && r.changed) ctx.emit(jobEvent(r.job, 'failed', 'cancelled'));
  return r;
}

export const kioskPrinterStatus = (ctx: HandlerCtx) => printerStatusFor(ctx);

/** This kiosk's own badge job only: another station's jobs are none of a kiosk screen's business. */
export async function kioskBadgeState(ctx: HandlerCtx, jobId: string): Promise<KioskJobState | null> {
  const job = await ctx.db
    .selectFrom('print_jobs')
    .select(['state', 'last_error'])
    .where('id', '=', jobId)
    .where('station_id', '=', ctx.station.id)
    .executeTakeFirst();
  if (!job) return null;
  // The queue puts a job the printer refused back to 'queued' with its error: that is a retry.
  return job.state === 'queued' && job.last_error ? 'retry' : (job.state as KioskJobState);
}
