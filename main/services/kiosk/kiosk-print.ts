/**
 * The kiosk's seam to badge printing (issue 4). Until the printing service lands this
 * reports "no printer", which the kiosk already handles: the visitor is checked in and
 * sent to the staff desk for the badge.
 */
import type { KioskPrint } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';

export async function printBadge(_ctx: HandlerCtx, _code: string, _opts: { nonce: string; reprintReason?: string }): Promise<KioskPrint> {
  return { status: 'no_printer' };
}

export async function kioskPrinterStatus(_ctx: HandlerCtx): Promise<{ printerName: string | null; online: boolean; reason?: string }> {
  return { printerName: null, online: false, reason: 'no_printer' };
}
