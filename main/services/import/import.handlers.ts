/**
 * Registrations import over the contract: preview (parse + stage, writes nothing) and
 * commit (apply the staged rows in the router's transaction: all or nothing).
 * The CLI and the bench use the same two channels through `importRegistrationsFile`.
 */
import { randomUUID } from 'node:crypto';
import type { ImportPreview, ImportSummary } from '../../../contract/index';
import type { Handlers, HandlerCtx } from '../../core/router';
import type { Station } from '../../core/station';
import { getEvent } from '../system/event.service';
import { maskPhone } from '../visitors/mask';
import { diffVisitors, upsertVisitors } from '../visitors/visitor-write.service';
import { parseRegistrations } from './registrations.import';
import { importFailure } from './tabular';

/** Rejected rows sent to the screen; the total is always reported. */
export const MAX_REJECTED_SHOWN = 500;
const SAMPLE_ROWS = 10;

/** Lets the event loop run (SSE writes, other requests) between batches of a long write. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function preview(ctx: HandlerCtx, input: { fileName: string; dataBase64: string }): Promise<ImportPreview> {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  const event = await getEvent(ctx.db);
  const parsed = await parseRegistrations(bytes, input.fileName, { eventDays: event.days });
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

async function commit(ctx: HandlerCtx, input: { importId: string }): Promise<ImportSummary> {
  const started = performance.now();
  const staged = ctx.runtime.imports.take(input.importId, ctx.clock.now().getTime());
  if (!staged) throw importFailure('expired', 'this import is no longer waiting to be applied; choose the file again');
  let lastEmit = -1;
  try {
    const summary = await upsertVisitors(ctx.db, ctx.ops, staged.visitors, ctx.clock.now().toISOString(), async (done, total) => {
      // About fifty updates for any size: enough for a smooth bar, few enough to cost nothing.
      if (done !== total && done - lastEmit < total / 50) return;
      lastEmit = done;
      ctx.emitNow({ type: 'import.progress', importId: staged.id, done, total });
      await breathe();
    });
    ctx.runtime.registeredCount.invalidate();
    ctx.emit({ type: 'visitors.changed', inserted: summary.inserted, updated: summary.updated });
    ctx.audit(staged.id, { ...summary, rejected: staged.rejected });
    return { ...summary, rejected: staged.rejected, ms: Math.round(performance.now() - started) };
  } catch (e) {
    // Nothing was written (the transaction rolls back): the same preview may be applied again.
    ctx.runtime.imports.put(staged);
    throw e;
  }
}

export const importHandlers = {
  'import.registrations.preview': preview,
  'import.registrations.commit': commit,
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
