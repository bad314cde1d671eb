/**
 * Consultations in the Reports registry (and so in `npm run cli -- export consultations`
 * and the closing bundle): one row per meeting with its effective result — the same
 * `meetingRow` the consultations screen's own export writes, read from the same
 * `meetingResults`, so the two reconcile; in XLSX also the per-SME, per-buyer and
 * per-country sheets. The registry's writer does the CSV/XLSX, for the Reports screen,
 * the CLI and the consultations screen's own download alike.
 * No personal columns: a meeting names companies and institutions, not people.
 */
import { PassThrough } from 'node:stream';
import { inPages, type Exporter } from '../reports/exporter.types';
import { writeExportTo } from '../reports/export-writer';
import type { HandlerCtx } from '../../core/router';
import { getEvent } from '../system/event.service';
import { RESULT_GROUPS, type ExportFormat } from '../../../contract/index';
import { GROUP_TITLE, MEETING_HEADER, SUMMARY_HEADER, meetingRow, summaryRow } from './consultations.export';
import { meetingResults, summarise } from './results.service';

/** "일정ID ID" → { ko: 일정ID, en: ID }: the header stays exactly as the screen's export writes it. */
const columns = MEETING_HEADER.map((h, i) => {
  const sp = h.indexOf(' ');
  return { key: `c${i}`, ko: h.slice(0, sp), en: h.slice(sp + 1), header: h };
});

/**
 * The consultations export for one day (null: the whole fair): the meetings sheet, and in
 * XLSX one sheet per grouping (per SME, per buyer, per country) with its total row — the
 * console's results (`summarise`) over the same meetings, so every sheet reconciles.
 */
export function consultationsExporterFor(day: string | null): Exporter {
  return {
    name: 'consultations',
    title: { ko: '상담 결과 (상담별)', en: 'Consultations, one row per meeting' },
    columns,
    sheetName: '상담 Meetings',
    async *pages(q) {
      const results = await meetingResults({ db: q.db, clock: { now: () => q.now }, runtime: q.runtime }, day);
      // An amount stays a number (sums work in Excel); empty cells stay empty.
      yield* inPages(results.map((r) => meetingRow(r).map((v, i) => (i === 11 && v !== '' ? Number(v) : v === '' ? null : v))));
    },
    async sheets(q) {
      const results = await meetingResults({ db: q.db, clock: { now: () => q.now }, runtime: q.runtime }, day);
      return RESULT_GROUPS.map((by) => {
        const rep = summarise(results, by, day);
        return { name: GROUP_TITLE[by].split(' ')[0]!, header: SUMMARY_HEADER, rows: [...rep.rows, rep.total].map(summaryRow) };
      });
    },
  };
}

export const consultationsExporters: readonly Exporter[] = [consultationsExporterFor(null)];

/** The consultations screen's download (one day or the whole fair), in memory for the channel. */
export async function consultationsDownload(ctx: HandlerCtx, { format, day }: { format: ExportFormat; day: string | null }): Promise<{ fileName: string; mime: string; bytes: Buffer; rows: number }> {
  const { timeZone } = await getEvent(ctx.db);
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const q = { db: ctx.db, timeZone, personal: false, now: ctx.clock.now(), runtime: ctx.runtime };
  const { rows } = await writeExportTo(consultationsExporterFor(day), q, { format }, sink);
  const mime = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return { fileName: `consultations-${day ?? 'all'}.${format}`, mime, bytes: Buffer.concat(chunks), rows };
}
