/**
 * Gift receipts: after a redemption, a slip on the desk's printer when the desk has one.
 * It goes through the station's print queue like a badge (a job row in the same
 * transaction, printed after commit), so an offline printer keeps it queued and prints
 * it when it is back. The job's nonce is `receipt:<redemption id>`: one receipt per
 * redemption, and the queue finds what to print from it. Queuing never costs the
 * redemption: it runs under a savepoint, and a failure only logs.
 */
import type { Kysely, Selectable } from 'kysely';
import type { RallyGift } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { RallyRedemptionsTable } from '../../../db/tables/rally.tables';
import type { HandlerCtx } from '../../core/router';
import { encodeBadge } from '../../printing/escpos.encode';
import { renderReceipt, type ReceiptData } from '../../printing/receipt.render';
import { registerJobRenderer } from '../printing/job-renderers';
import { withSavepoint } from '../../../db/savepoint';
import { toKind } from '../printing/printers.service';
import { insertJob, jobEvent } from '../printing/print-jobs.service';
import { getEvent } from '../system/event.service';
import { wallClockIn } from '../../core/clock';
import { giftRowToGift } from './rally-config.service';

const PREFIX = 'receipt:';

/** What became of the receipt: none (no printer here, or it could not be queued), queued, or queued while the printer is off. */
export type ReceiptState = 'none' | 'queued' | 'printer_offline';

export async function queueReceipt(ctx: HandlerCtx, r: Selectable<RallyRedemptionsTable>): Promise<ReceiptState> {
  const { printer } = await ctx.runtime.printing.stationSetting(ctx.db);
  if (!printer) return 'none';
  // The job is inserted under a savepoint: the redemption commits either way.
  return withSavepoint(ctx.db, 'gift_receipt', async (): Promise<ReceiptState> => {
    const job = await insertJob(
      ctx.db,
      {
        kind: 'receipt',
        visitorCode: r.visitor_code,
        firstOf: null,
        printerId: printer.id,
        printerName: printer.name,
        stationId: ctx.station.id,
        stationName: ctx.station.name,
        reason: null,
        nonce: PREFIX + r.id,
      },
      r.at,
    );
    if (!job) return 'none';
    ctx.emit(jobEvent(job, 'queued'));
    const live = ctx.runtime.printing.state(printer.id);
    return live && !live.online ? 'printer_offline' : 'queued';
  }, (e) => {
    ctx.log.warn('gift receipt not queued', { error: String((e as Error)?.message ?? e) });
    return 'none';
  });
}

/** "2026.05.20 14:05" in the event's time zone. */
export function receiptTime(iso: string, timeZone: string): string {
  const p = wallClockIn(timeZone, new Date(iso));
  return `${p.year}.${p.month}.${p.day} ${p.hour}:${p.minute}`;
}

/** The receipt for a print job's nonce, or null when it names no redemption. */
export async function receiptDataFor(db: Kysely<Database>, jobNonce: string): Promise<ReceiptData | null> {
  if (!jobNonce.startsWith(PREFIX)) return null;
  const r = await db.selectFrom('rally_redemptions').selectAll().where('id', '=', jobNonce.slice(PREFIX.length)).executeTakeFirst();
  if (!r) return null;
  const [giftRow, v, ev] = await Promise.all([
    db.selectFrom('rally_gifts').selectAll().where('id', '=', r.gift_id).executeTakeFirst(),
    db.selectFrom('visitors').select(['name_ko', 'name_en']).where('code', '=', r.visitor_code).executeTakeFirst(),
    getEvent(db),
  ]);
  const gift: Pick<RallyGift, 'labelKo' | 'labelEn' | 'perVisitor'> = giftRow ? giftRowToGift(giftRow) : { labelKo: r.gift_id, labelEn: r.gift_id, perVisitor: 'event' };
  return {
    eventName: ev.name.ko,
    giftKo: gift.labelKo,
    giftEn: gift.labelEn,
    visitorName: v?.name_ko || v?.name_en || '',
    code: r.visitor_code,
    at: receiptTime(r.at, ev.timeZone),
    stationName: r.station_name,
    number: r.id.slice(0, 8).toUpperCase(),
    perVisitor: gift.perVisitor,
  };
}

// The gift desk's slip is a print job of its own kind: the print queue renders it through this.
registerJobRenderer('receipt', async (db, job, printer, stock) => {
  const receipt = await receiptDataFor(db, job.nonce);
  if (!receipt) throw new Error('redemption not found');
  return encodeBadge(toKind(printer.kind), renderReceipt(receipt, stock));
});
