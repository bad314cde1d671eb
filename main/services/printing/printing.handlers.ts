import { AppFailure, BADGE_STOCKS } from '../../../contract/index';
import { categoryTemplate, STOCK_SPECS, type CategoryTemplate } from '../../printing/badge.templates';
import type { Handlers } from '../../core/router';
import { rasterToPng, renderBadge } from '../../printing/badge.render';
import { normalizeScannedCode } from '../checkin/scan-code';
import { badgeDataFor, sampleBadge } from './badge-data';
import { renderDesignFor } from './badge-design.service';
import { cancelJob, insertJob, jobEvent, printLog } from './print-jobs.service';
import { getPrinter, listPrinters, listStationSettings, printerView, savePrinter, setStationPrinter, stationPrinter, stationSettings, toStock } from './printers.service';
import { printerStatusFor, requestBadgePrint } from './printing.api';
import { getEvent } from '../system/event.service';

export const printingHandlers = {
  'printing.printers.list': async (ctx) => {
    // Printers nobody has talked to lately are asked now (in parallel, nothing printed),
    // so the console shows every printer's state, not only this station's own.
    const enabled = await ctx.db.selectFrom('printers').selectAll().where('enabled', '=', 1).execute();
    await Promise.all(enabled.map((p) => ctx.runtime.printing.freshState(p)));
    return { printers: await listPrinters(ctx.db, (id) => ctx.runtime.printing.state(id)) };
  },
  'printing.printers.save': async (ctx, input) => {
    const r = await savePrinter(ctx.db, input, ctx.clock.now().toISOString());
    if (r.status !== 'saved') return r;
    ctx.runtime.printing.settingChanged();
    ctx.audit(r.row.id, { printer: r.row.name, paperMm: r.row.paper_mm, stock: r.row.stock, enabled: r.row.enabled });
    return { status: 'saved' as const, printer: printerView(r.row, ctx.runtime.printing.state(r.row.id), 0, []) };
  },
  'printing.stations.list': async (ctx) => ({ stations: await listStationSettings(ctx.db) }),
  'printing.station.get': async (ctx) => {
    const s = await stationSettings(ctx.db, ctx.station.id);
    return s ?? { stationId: ctx.station.id, stationName: ctx.station.name, role: ctx.station.role, printerId: null, autoPrint: false };
  },
  'printing.station.set': async (ctx, input) => {
    const stationId = input.stationId ?? ctx.station.id;
    if (stationId !== ctx.station.id && ctx.station.role !== 'admin') throw new AppFailure('forbidden', 'only an admin station assigns printers to other stations');
    if (input.printerId && !(await getPrinter(ctx.db, input.printerId))) throw new AppFailure('not_found', 'no such printer');
    if (!(await stationSettings(ctx.db, stationId))) throw new AppFailure('not_found', 'no such station');
    await setStationPrinter(ctx.db, stationId, input.printerId, input.autoPrint, ctx.clock.now().toISOString());
    ctx.runtime.printing.settingChanged();
    ctx.audit(stationId, { printerId: input.printerId, autoPrint: input.autoPrint });
    return (await stationSettings(ctx.db, stationId))!;
  },
  'printing.status': async (ctx) => printerStatusFor(ctx),
  'printing.badge.print': async (ctx, input) => {
    const out = await requestBadgePrint(ctx, input.code, { nonce: input.nonce, reprintReason: input.reprintReason });
    ctx.audit(normalizeScannedCode(input.code), { status: out.status, ...(input.reprintReason ? { reason: input.reprintReason } : {}), ...(out.replaced ? { replaced: out.replaced } : {}) });
    return out;
  },
  'printing.badge.preview': async (ctx, input) => {
    const { printer } = await stationPrinter(ctx.db, ctx.station.id);
    const stock = input.stock ?? toStock(printer?.stock ?? 'roll80');
    const code = input.code ? normalizeScannedCode(input.code) : null;
    const data = code ? await badgeDataFor(ctx.db, code) : await sampleBadge(ctx.db, input.category ?? 'visitor', input.sampleName);
    if (!data) throw new AppFailure('not_found', 'no such visitor');
    const raster = renderBadge(data, stock, await renderDesignFor(ctx.db));
    return { dataUrl: `data:image/png;base64,${rasterToPng(raster).toString('base64')}`, width: raster.width, height: raster.height, stock };
  },
  'printing.templates': async (ctx) => ({
    categories: (await getEvent(ctx.db)).categories.map((c) => ({ category: c.id, ...pick(categoryTemplate(c.id, c)) })),
    stocks: BADGE_STOCKS.map((stock) => ({ stock, widthDots: STOCK_SPECS[stock].widthDots, heightDots: STOCK_SPECS[stock].heightDots, paperMm: STOCK_SPECS[stock].paperMm })),
  }),
  'printing.log': async (ctx, input) => {
    const code = input.code ? normalizeScannedCode(input.code) : null;
    return { jobs: await printLog(ctx.db, code, input.limit ?? (code ? 50 : 30)) };
  },
  'printing.job.cancel': async (ctx, input) => {
    const r = await cancelJob(ctx.db, input.jobId, ctx.clock.now().toISOString(), { by: ctx.station.name });
    if (r.status === 'cancelled' && r.changed) ctx.emit(jobEvent(r.job, 'failed', 'cancelled'));
    ctx.audit(input.jobId, { cancel: r.status });
    return { status: r.status };
  },
  'printing.testPage': async (ctx, input) => {
    const printer = await getPrinter(ctx.db, input.printerId);
    if (!printer) throw new AppFailure('not_found', 'no such printer');
    const job =
      (await insertJob(
        ctx.db,
        { kind: 'test', visitorCode: null, firstOf: null, printerId: printer.id, printerName: printer.name, stationId: ctx.station.id, stationName: ctx.station.name, reason: null, nonce: input.nonce },
        ctx.clock.now().toISOString(),
      )) ?? (await ctx.db.selectFrom('print_jobs').selectAll().where('nonce', '=', input.nonce).executeTakeFirstOrThrow());
    ctx.emit({ type: 'printing.job', jobId: job.id, stationId: job.station_id, printerId: job.printer_id, printerName: job.printer_name, code: null, state: 'queued' });
    ctx.audit(printer.id, { testPage: true });
    return { jobId: job.id };
  },
} satisfies Partial<Handlers>;

const pick = ({ labelKo, labelEn, colour, band }: CategoryTemplate) => ({ labelKo, labelEn, colour, band });
