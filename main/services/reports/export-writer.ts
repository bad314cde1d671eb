/**
 * Writes one exporter's rows to a file, streamed: CSV (UTF-8 with a BOM so Excel reads
 * Hangul; CP949 on request for older Korean Excel) or XLSX (xlsx-stream.ts: the sheet
 * XML written row by row into a streaming zip; each row leaves memory as it is written).
 *
 * The file is written under a temporary name beside the target and renamed only when
 * complete, so a full disk or a killed process never leaves a half file that looks
 * like the export. Every string cell goes through neutraliseCell.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { AppFailure } from '../../../contract/index';
import type { Writable } from 'node:stream';
import type { Cell, ExportColumn, Exporter, ExportQuery, ExportSheet } from './exporter.types';
import { neutraliseCell } from './neutralise';
import { writeXlsx } from './xlsx-stream';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportEncoding = 'utf8' | 'cp949';

export interface WriteOptions {
  format: ExportFormat;
  encoding?: ExportEncoding;
  /** Final path; written as `<out>.<random>.part` first. */
  out: string;
}

export interface WriteResult {
  file: string;
  rows: number;
  bytes: number;
  columns: string[];
}

/** Why a file could not be written: details.reason of the `conflict` failure. */
export type ExportWriteFailure = 'disk_full' | 'unwritable';

export function headerOf(c: ExportColumn): string {
  return c.header ?? `${c.ko} (${c.en})`;
}

function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = String(neutraliseCell(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeFailure(e: unknown, out: string): AppFailure {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason: ExportWriteFailure = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' ? 'disk_full' : 'unwritable';
  return new AppFailure('conflict', `cannot write ${path.basename(out)}: ${code ?? String((e as Error)?.message ?? e).slice(0, 120)}`, { reason });
}

/**
 * Streams `exporter`'s rows into `opts.out`. `personal`: include the personal columns
 * (the caller decided the role may have them).
 */
export async function writeExport(exporter: Exporter, q: ExportQuery, opts: WriteOptions): Promise<WriteResult> {
  const tmp = `${opts.out}.${randomBytes(4).toString('hex')}.part`;
  let stream: fs.WriteStream;
  try {
    stream = fs.createWriteStream(tmp, { flags: 'wx' });
    await once(stream, 'open');
  } catch (e) {
    throw writeFailure(e, opts.out);
  }
  try {
    const { rows, columns } = await writeExportTo(exporter, q, opts, stream);
    const bytes = stream.bytesWritten;
    fs.renameSync(tmp, opts.out);
    return { file: opts.out, rows, bytes, columns };
  } catch (e) {
    stream.destroy();
    fs.rmSync(tmp, { force: true });
    if (e instanceof AppFailure) throw e;
    const errno = (e as NodeJS.ErrnoException)?.code;
    if (errno) throw writeFailure(e, opts.out);
    throw e;
  }
}

/**
 * The same export into any stream (a screen's download in memory, a file): the rows the
 * role may have, neutralised; in XLSX the exporter's further sheets after the main one.
 * Ends `stream`.
 */
export async function writeExportTo(exporter: Exporter, q: ExportQuery, opts: Pick<WriteOptions, 'format' | 'encoding'>, stream: Writable): Promise<{ rows: number; columns: string[] }> {
  const keep = exporter.columns.map((c, i) => (!c.personal || q.personal ? i : -1)).filter((i) => i >= 0);
  const columns = keep.map((i) => exporter.columns[i]!);
  const rows = opts.format === 'xlsx' ? await writeXlsxSheets(exporter, q, columns, keep, stream) : await writeCsv(exporter, q, columns, keep, stream, opts.encoding ?? 'utf8');
  return { rows, columns: columns.map(headerOf) };
}

async function writeCsv(exporter: Exporter, q: ExportQuery, columns: ExportColumn[], keep: number[], stream: Writable, encoding: ExportEncoding): Promise<number> {
  const encode = (s: string) => (encoding === 'cp949' ? iconv.encode(s, 'cp949') : Buffer.from(s, 'utf8'));
  let chunk = (encoding === 'utf8' ? '\uFEFF' : '') + columns.map((c) => csvField(headerOf(c))).join(',') + '\r\n';
  let rows = 0;
  const flush = async () => {
    if (!stream.write(encode(chunk))) await once(stream, 'drain');
    chunk = '';
  };
  for await (const page of exporter.pages(q)) {
    for (const row of page) chunk += keep.map((i) => csvField(row[i] ?? null)).join(',') + '\r\n';
    rows += page.length;
    if (chunk.length > 64 * 1024) await flush();
  }
  await flush();
  stream.end();
  await finished(stream);
  return rows;
}

async function writeXlsxSheets(exporter: Exporter, q: ExportQuery, columns: ExportColumn[], keep: number[], stream: Writable): Promise<number> {
  // Neutralised and cut to the allowed columns a page at a time: one generator step per page.
  async function* main(): AsyncGenerator<Cell[][]> {
    for await (const page of exporter.pages(q)) yield page.map((row) => keep.map((i) => neutraliseCell(row[i] ?? null)));
  }
  const safe = (rows: ExportSheet['rows']): Cell[][] => rows.map((row) => row.map((v) => neutraliseCell(v ?? null)));
  const more = (await exporter.sheets?.(q)) ?? [];
  const [n] = await writeXlsx(stream, [
    { name: exporter.sheetName ?? exporter.name, header: columns.map(headerOf), pages: main() },
    ...more.map((s) => ({ name: s.name, header: s.header.map((h) => neutraliseCell(h)), pages: [safe(s.rows)] })),
  ]);
  return n!;
}
