/**
 * Printers and which station prints on which. Rows → views here; the live state
 * (online, reason) comes from the station's print queue.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { BadgeStock, PrinterInput, PrinterKind, PrinterView, StationPrinting } from '../../../contract/index';
import { BADGE_STOCKS, PRINTER_KINDS } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { PrintersTable } from '../../../db/tables/printing.tables';
import { STOCK_SPECS } from '../../printing/badge.templates';
import { parseTcpInterface } from '../../printing/tcp.transport';
import type { PrinterLiveState } from './print-queue';

export type PrinterRow = Selectable<PrintersTable>;

export const toKind = (s: string): PrinterKind => ((PRINTER_KINDS as readonly string[]).includes(s) ? (s as PrinterKind) : 'epson');
export const toStock = (s: string): BadgeStock => ((BADGE_STOCKS as readonly string[]).includes(s) ? (s as BadgeStock) : 'roll80');

export async function getPrinter(db: Kysely<Database>, id: string): Promise<PrinterRow | undefined> {
  return db.selectFrom('printers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The printer this station prints badges on (enabled), if any. */
export async function stationPrinter(db: Kysely<Database>, stationId: string): Promise<{ printer: PrinterRow | null; autoPrint: boolean }> {
  const s = await db.selectFrom('station_printers').selectAll().where('station_id', '=', stationId).executeTakeFirst();
  if (!s?.printer_id) return { printer: null, autoPrint: s?.auto_print === 1 };
  const p = await getPrinter(db, s.printer_id);
  return { printer: p && p.enabled === 1 ? p : null, autoPrint: s.auto_print === 1 };
}

export async function listPrinters(db: Kysely<Database>, live: (id: string) => PrinterLiveState | undefined): Promise<PrinterView[]> {
  const [printers, queued, assigned] = await Promise.all([
    db.selectFrom('printers').selectAll().orderBy('name').execute(),
    db.selectFrom('print_jobs').select(['printer_id', (eb) => eb.fn.countAll<number>().as('n')]).where('state', 'in', ['queued', 'printing']).groupBy('printer_id').execute(),
    db
      .selectFrom('station_printers')
      .innerJoin('stations', 'stations.id', 'station_printers.station_id')
      .select(['station_printers.printer_id', 'stations.name'])
      .where('station_printers.printer_id', 'is not', null)
      .orderBy('stations.name')
      .execute(),
  ]);
  return printers.map((p) => printerView(p, live(p.id), Number(queued.find((q) => q.printer_id === p.id)?.n ?? 0), assigned.filter((a) => a.printer_id === p.id).map((a) => a.name)));
}

export function printerView(p: PrinterRow, live: PrinterLiveState | undefined, queued: number, stations: string[]): PrinterView {
  return {
    id: p.id,
    name: p.name,
    kind: toKind(p.kind),
    interface: p.interface,
    paperMm: p.paper_mm,
    stock: toStock(p.stock),
    enabled: p.enabled === 1,
    online: live ? live.online : null,
    ...(live?.reason ? { reason: live.reason } : {}),
    queued,
    stations,
  };
}

export type SavePrinterResult =
  | { status: 'saved'; row: PrinterRow }
  | { status: 'paper_mismatch'; needMm: number; paperMm: number }
  | { status: 'bad_interface' };

export async function savePrinter(db: Kysely<Database>, input: PrinterInput, now: string): Promise<SavePrinterResult> {
  if (!parseTcpInterface(input.interface)) return { status: 'bad_interface' };
  const needMm = STOCK_SPECS[input.stock].paperMm;
  if (input.paperMm < needMm) return { status: 'paper_mismatch', needMm, paperMm: input.paperMm };
  const existing = input.id ? await getPrinter(db, input.id) : undefined;
  const row: PrinterRow = {
    id: existing?.id ?? randomUUID(),
    name: input.name,
    kind: input.kind,
    interface: input.interface.trim(),
    paper_mm: input.paperMm,
    stock: input.stock,
    enabled: input.enabled ? 1 : 0,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  if (existing) {
    const { id, created_at, ...rest } = row;
    await db.updateTable('printers').set(rest).where('id', '=', id).execute();
  } else {
    await db.insertInto('printers').values(row).execute();
  }
  return { status: 'saved', row };
}

export async function stationSettings(db: Kysely<Database>, stationId: string): Promise<StationPrinting | null> {
  const st = await db.selectFrom('stations').select(['id', 'name', 'role']).where('id', '=', stationId).executeTakeFirst();
  if (!st) return null;
  const s = await db.selectFrom('station_printers').selectAll().where('station_id', '=', stationId).executeTakeFirst();
  return { stationId: st.id, stationName: st.name, role: st.role, printerId: s?.printer_id ?? null, autoPrint: s?.auto_print === 1 };
}

export async function listStationSettings(db: Kysely<Database>): Promise<StationPrinting[]> {
  const rows = await db
    .selectFrom('stations')
    .leftJoin('station_printers', 'station_printers.station_id', 'stations.id')
    .select(['stations.id', 'stations.name', 'stations.role', 'station_printers.printer_id', 'station_printers.auto_print'])
    .orderBy('stations.name')
    .execute();
  return rows.map((r) => ({ stationId: r.id, stationName: r.name, role: r.role, printerId: r.printer_id ?? null, autoPrint: r.auto_print === 1 }));
}

export async function setStationPrinter(db: Kysely<Database>, stationId: string, printerId: string | null, autoPrint: boolean, now: string): Promise<void> {
  await db
    .insertInto('station_printers')
    .values({ station_id: stationId, printer_id: printerId, auto_print: autoPrint ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.column('station_id').doUpdateSet({ printer_id: printerId, auto_print: autoPrint ? 1 : 0, updated_at: now }))
    .execute();
}
