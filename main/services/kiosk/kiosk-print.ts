/**
 * The kiosk's seam to badge printing (issue 4's printing.api), narrowed to what a kiosk
 * screen may know.
 *
 * Unlike a desk, a kiosk has nobody standing at its printer: a badge queued while the
 * printer is down would come out later, unattended, for anyone to pick up. So when this
 * station already knows its printer is offline, nothing is queued — the visitor is sent
 * to the staff desk instead. (The known state is used, not a probe: this runs inside
 * the check-in's transaction and must not wait on the network. The welcome screen's
 * kiosk.status keeps that state fresh.)
 */
import type { KioskPrint } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { printerStatusFor, requestBadgePrint } from '../printing/printing.api';
import { stationPrinter } from '../printing/printers.service';

export async function printBadge(ctx: HandlerCtx, code: string, opts: { nonce: string; reprintReason?: string }): Promise<KioskPrint> {
  const { printer } = await stationPrinter(ctx.db, ctx.station.id);
  if (printer && ctx.runtime.printing.state(printer.id)?.online === false) {
    // A retry of a request that did queue a job still answers with that job.
    const prior = await ctx.db.selectFrom('print_jobs').select('id').where('nonce', '=', opts.nonce).executeTakeFirst();
    if (!prior) return { status: 'printer_offline' };
  }
  const r = await requestBadgePrint(ctx, code, opts);
  return { status: r.status, ...(r.jobId ? { jobId: r.jobId } : {}) };
}

export const kioskPrinterStatus = (ctx: HandlerCtx) => printerStatusFor(ctx);
