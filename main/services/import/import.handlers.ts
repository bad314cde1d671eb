/**
 * Registrations import over the contract: preview (parse + stage, writes nothing) and
 * commit (apply the staged rows in batches, each its own transaction with its audit row).
 * The CLI and the bench use the same two channels through `importRegistrationsFile`.
 */
import { randomUUID } from 'node:crypto';
import type { ImportPreview, ImportSummary } from '../../../contract/index';
import type { Handlers, HandlerCtx } from '../../core/router';
import type { Station } from '../../core/station';
import { getEvent } from '../system/event.service';
import { maskPhone } from '../visitors/mask';
import { diffVisitors, upsertVisitors } from '../visitors/visitor-write.service';
import { parseRegistrationsOffThread } from './parse-off-thread';
import { importFailure } from './tabular';
import { writeAudit } from '../../core/audit';

/** Rejected rows sent to the screen; the total is always reported. */
export const MAX_REJECTED_SHOWN = 500;
const SAMPLE_ROWS = 10;

/** Lets the event loop run (SSE writes, other requests) between batches of a long write. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function preview(ctx: HandlerCtx, input: { fileName: string; dataBase64: string; progressId?: string }): Promise<ImportPreview> {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  const event = await getEvent(ctx.db);
  // Parsed in a worker thread: a check-in is answered while a 100k-row file is read (D6).
  const parsed = await parseRegistrationsOffThread(bytes, input.fileName, {
    eventDays: event.days,
    categories: event.categories.map(({ id, ko, en }) => ({ id, ko, en })),
    onProgress: input.progressId ? (done, total) => ctx.emitNow({ type: 'import.progress', importId: input.progressId!, done, total, phase: 'preview' }) : undefined,
  });
  const diff = await diffVisitors(ctx.db, parsed.visitors);
  const importId = randomUUID();
  ctx.runtime.imports.put({
    id: importId,
    fileName: input.fileName,
    visitors: parsed.visitors,
    rejected: parsed.rejected.length,
    createdAt: ctx.clock.now().getTime(),
  });
  ctx.log.debug('import staged', {
    format: parsed.format,
    encoding: parsed.encoding,
    rows: parsed.totalRows,
    valid: parsed.visitors.length,
    rejected: parsed.rejected.length,
  });
  return {
    importId,
    fileName: input.fileName,
    format: parsed.format,
    encoding: parsed.encoding,
    columns: parsed.columns,
    totalRows: parsed.totalRows,
    validRows: parsed.visitors.length,
    newCount: diff.fresh.length,
    updateCount: diff.changed.length,
    rejected: parsed.rejected.slice(0, MAX_REJECTED_SHOWN),
    rejectedTotal: parsed.rejected.length,
    noConsentCount: parsed.noConsentRows.length,
    noConsentRows: parsed.noConsentRows.slice(0, 20),
    sample: parsed.visitors.slice(0, SAMPLE_ROWS).map((v) => ({
      code: v.code,
      nameKo: v.nameKo,
      nameEn: v.nameEn,
      organisation: v.organisation,
      category: v.category,
      phoneMasked: maskPhone(v.phone),
      registeredDays: v.registeredDays,
    })),
  };
}

/**
 * Visitors per transaction. On SQLite a transaction holds the one connection: a batch of
 * 2,000 takes a few tens of ms, so a check-in waits at most that long (one 100k-row
 * transaction made it wait 8 s). Upserts by code are idempotent, so a batch that fails
 * or a cancel leaves a state the same file finishes. FAIRDESK_IMPORT_BATCH overrides it
 * (measurements; a PostgreSQL venue has no single-connection wait and may take larger ones).
 */
export const APPLY_BATCH = Number(process.env.FAIRDESK_IMPORT_BATCH) > 0 ? Math.floor(Number(process.env.FAIRDESK_IMPORT_BATCH)) : 2_000;

async function commit(ctx: HandlerCtx, input: { importId: string }): Promise<ImportSummary> {
  const started = performance.now();
  const staged = ctx.runtime.imports.take(input.importId, ctx.clock.now().getTime());
  if (!staged) throw importFailure('expired', 'this import is no longer waiting to be applied; choose the file again');
  const total = staged.visitors.length;
  const summary = { inserted: 0, updated: 0, unchanged: 0, purged: 0 };
  let cancelled = false;
  const batches = Math.max(1, Math.ceil(total / APPLY_BATCH));
  ctx.runtime.imports.startApplying(staged.id);
  try {
    for (let batch = 0; batch < batches; batch++) {
      const i = batch * APPLY_BATCH;
      if (ctx.runtime.imports.cancelRequested(staged.id)) {
        cancelled = true;
        break;
      }
      const part = staged.visitors.slice(i, i + APPLY_BATCH);
      const now = ctx.clock.now().toISOString();
      const s = await ctx.db.transaction().execute(async (trx) => {
        const r = await upsertVisitors(trx, ctx.ops, part, now);
        // Every batch is a write of its own: its audit row commits with it.
        await writeAudit(trx, { at: now, stationId: ctx.station.id, channel: 'import.registrations.commit', entityId: staged.id, detail: { ...r, batch, rows: part.length, of: total, rejected: staged.rejected } });
        return r;
      });
      summary.inserted += s.inserted;
      summary.updated += s.updated;
      summary.unchanged += s.unchanged;
      summary.purged += s.purged;
      const done = Math.min(i + APPLY_BATCH, total);
      ctx.emitNow({ type: 'import.progress', importId: staged.id, done, total });
      if (summary.inserted + summary.updated > 0) ctx.runtime.registeredCount.invalidate();
      // Other requests (a check-in, the progress events themselves) run between batches.
      await breathe();
    }
  } catch (e) {
    // The batches before stand; applying the same preview again finishes the rest (idempotent).
    ctx.runtime.imports.put(staged);
    if (summary.inserted + summary.updated > 0) ctx.emitNow({ type: 'visitors.changed', inserted: summary.inserted, updated: summary.updated });
    throw e;
  } finally {
    ctx.runtime.imports.doneApplying(staged.id);
  }
  ctx.runtime.registeredCount.invalidate();
  ctx.emitNow({ type: 'visitors.changed', inserted: summary.inserted, updated: summary.updated });
  // `purged` only when the file named purged visitors (a re-import after the fair closed).
  const { purged, ...counts } = summary;
  return { ...counts, ...(purged ? { purged } : {}), rejected: staged.rejected, ms: Math.round(performance.now() - started), ...(cancelled ? { cancelled } : {}) };
}

export const importHandlers = {
  'import.registrations.preview': preview,
  'import.registrations.commit': commit,
  'import.registrations.cancel': async (ctx, input) => ({ cancelled: ctx.runtime.imports.cancel(input.importId) }),
} satisfies Partial<Handlers>;

export interface FileImportResult {
  preview: ImportPreview;
  /** Absent on a dry run. */
  summary?: ImportSummary;
  parseMs: number;
  applyMs: number;
}

/**
 * Parse + apply a registrations file as `station`, through the same channels the
 * import screen uses (validation, role check, transaction, audit). For the CLI and
 * the bench. Throws the channel's error (an Error with `code`) when the file is refused.
 */
export async function importRegistrationsFile(
  station: Pick<Station, 'invoke'>,
  bytes: Buffer,
  fileName: string,
  opts: { dryRun?: boolean } = {},
): Promise<FileImportResult> {
  const t0 = performance.now();
  const p = await station.invoke('import.registrations.preview', { fileName: fileName.slice(0, 200), dataBase64: bytes.toString('base64') });
  if (!p.ok) throw Object.assign(new Error(p.error.message), { code: p.error.code, details: p.error.details });
  const t1 = performance.now();
  if (opts.dryRun) return { preview: p.value, parseMs: t1 - t0, applyMs: 0 };
  const c = await station.invoke('import.registrations.commit', { importId: p.value.importId });
  if (!c.ok) throw Object.assign(new Error(c.error.message), { code: c.error.code, details: c.error.details });
  return { preview: p.value, summary: c.value, parseMs: t1 - t0, applyMs: performance.now() - t1 };
}
