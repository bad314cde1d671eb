/** Handlers of contract/reports.channels.ts: exports and the audit viewer. */
import { AppFailure } from '../../../contract/index';
import type { Handlers } from '../../core/router';
import { auditFacets, searchAudit } from './audit.service';
import { runExport } from './export.service';
import { EXPORTERS } from './exporters';
import { eventTimeZone } from '../system/event.service';
import { localTime } from './builtin.exporters';
import { CONTENT_TYPES, exportPath, ReportsRuntime } from './reports-runtime';

type ReportsHandlers = Pick<Handlers, 'reports.list' | 'reports.export' | 'reports.file' | 'audit.search' | 'audit.facets'>;

export const reportsHandlers: ReportsHandlers = {
  'reports.list': async (ctx) =>
    EXPORTERS.map((e) => ({
      name: e.name,
      title: e.title,
      // A role without personal data does not even see which personal columns exist.
      columns: e.columns.filter((c) => !c.personal || ctx.station.role === 'admin').map((c) => ({ key: c.key, ko: c.ko, en: c.en, personal: !!c.personal })),
    })),
  'reports.export': async (ctx, input) => {
    const rt = ctx.runtime.reports;
    const fileName = ReportsRuntime.fileName(input.name.replace(/[^a-z0-9-]/gi, ''), input.format, localTime(ctx.clock.now().toISOString(), await eventTimeZone(ctx.db))!);
    const res = await runExport(
      { db: ctx.db, stationId: ctx.station.id, role: ctx.station.role, now: () => ctx.clock.now(), runtime: ctx.runtime },
      { name: input.name, format: input.format, encoding: input.encoding, personal: input.personal, out: exportPath(rt, fileName) },
    );
    const fileId = rt.remember({ path: res.file, fileName, contentType: CONTENT_TYPES[input.format]! });
    return { fileId, fileName, path: res.file, rows: res.rows, bytes: res.bytes, personal: res.personal };
  },
  'reports.file': async (ctx, input) => {
    const f = ctx.runtime.reports.find(input.fileId);
    if (!f) throw new AppFailure('not_found', 'no such export (or it was removed)');
    return f;
  },
  'audit.search': async (ctx, input) => searchAudit(ctx.db, input),
  'audit.facets': async (ctx) => auditFacets(ctx.db),
};
