/**
 * The kiosk's seam to badge printing (issue 4's printing.api): the printing service's
 * answer narrowed to what a kiosk screen may know (no first-print station or time of
 * someone else's desk).
 */
import type { KioskPrint } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { printerStatusFor, requestBadgePrint } from '../printing/printing.api';

export async function printBadge(ctx: HandlerCtx, code: string, opts: { nonce: string; reprintReason?: string }): Promise<KioskPrint> {
  const r = await requestBadgePrint(ctx, code, opts);
  return { status: r.status, ...(r.jobId ? { jobId: r.jobId } : {}) };
}

export const kioskPrinterStatus = (ctx: HandlerCtx) => printerStatusFor(ctx);
