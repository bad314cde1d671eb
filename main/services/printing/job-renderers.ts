/**
 * What each kind of print job looks like on paper, registered by the feature that owns
 * the kind: badges and test pages here (badge-jobs.ts), gift receipts by the rally
 * (rally/receipt.service.ts). The print queue only looks the kind up, so printing
 * knows no feature and a new kind of slip is one registration, not an edit of the queue.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { Stock } from '../../printing/badge.templates';
import type { PrintJobRow } from './print-jobs.service';
import type { PrinterRow } from './printers.service';

/** The printer's bytes for one job; throws when the job cannot be made (the queue fails it as render_failed). */
export type JobRenderer = (db: Kysely<Database>, job: PrintJobRow, printer: PrinterRow, stock: Stock) => Promise<Buffer>;

const renderers = new Map<string, JobRenderer>();

export function registerJobRenderer(kind: string, render: JobRenderer): void {
  if (renderers.has(kind)) throw new Error(`a renderer for print jobs of kind ${kind} is already registered`);
  renderers.set(kind, render);
}

export function jobRendererFor(kind: string): JobRenderer | undefined {
  return renderers.get(kind);
}
