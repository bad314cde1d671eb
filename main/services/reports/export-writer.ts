/**
 * Writes one exporter's rows to a file, streamed: CSV (UTF-8 with a BOM so Excel reads
 * Hangul; CP949 on request for older Korean Excel) or XLSX (exceljs' streaming
 * WorkbookWriter: each row is committed and leaves memory).
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
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppFailure } from '../../../contract/index';
import type { Cell, ExportColumn, Exporter, ExportQuery } from './exporter.types';
import { neutraliseCell } from './neutralise';

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
  const keep = exporter.columns.map((c, i) => (!c.personal || q.personal ? i : -1)).filter((i) => i >= 0);
  const columns = keep.map((i) => exporter.columns[i]!);
  const tmp = `${opts.out}.${randomBytes(4).toString('hex')}.part`;
  let stream: fs.WriteStream;
  try {
    stream = fs.createWriteStream(tmp, { flags: 'wx' });
    await once(stream, 'open');
  } catch (e) {
    throw writeFailure(e, opts.out);
  }
  let rows = 0;
  try {
    if (opts.format === 'xlsx') rows = await writeXlsx(exporter, q, columns, keep, stream);
    else rows = await writeCsv(exporter, q, columns, keep, stream, opts.encoding ?? 'utf8');
    const bytes = stream.bytesWritten;
    fs.renameSync(tmp, opts.out);
    return { file: opts.out, rows, bytes, columns: columns.map(headerOf) };
  } catch (e) {
    stream.destroy();
    fs.rmSync(tmp, { force: true });
    if (e instanceof AppFailure) throw e;
    const errno = (e as NodeJS.ErrnoException)?.code;
    if (errno) throw writeFailure(e, opts.out);
    throw e;
  }
}

async function writeCsv(exporter: Exporter, q: ExportQuery, columns: ExportColumn[], keep: number[], stream: fs.WriteStream, encoding: ExportEncoding): Promise<number> {
  const encode = (s: string) => (encoding === 'cp949' ? iconv.encode(s, 'cp949') : Buffer.from(s, 'utf8'));
  let chunk = (encoding === 'utf8' ? '\uFEFF' : '') + columns.map((c) => csvField(headerOf(c))).join(',') + '\r\n';
  let rows = 0;
  const flush = async () => {
    if (!stream.write(encode(chunk))) await once(stream, 'drain');
    chunk = '';
  };
  for await (const row of exporter.rows(q)) {
    chunk += keep.map((i) => csvField(row[i] ?? null)).join(',') + '\r\n';
    rows++;
    if (chunk.length > 64 * 1024) await flush();
  }
  await flush();
  stream.end();
  await finished(stream);
  return rows;
}

async function writeXlsx(exporter: Exporter, q: ExportQuery, columns: ExportColumn[], keep: number[], stream: fs.WriteStream): Promise<number> {
  // No shared strings and no styles: both would be held in memory until the end.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet(exporter.name.slice(0, 31));
  // A failed write (full disk) surfaces here, not from commit(): race it against the rows.
  let failed: unknown = null;
  stream.on('error', (e) => (failed = e));
  ws.addRow(columns.map(headerOf)).commit();
  let rows = 0;
  for await (const row of exporter.rows(q)) {
    if (failed) throw failed;
    ws.addRow(keep.map((i) => neutraliseCell(row[i] ?? null))).commit();
    rows++;
  }
  ws.commit();
  await Promise.race([wb.commit(), once(stream, 'error').then(([e]) => Promise.reject(e))]);
  if (failed) throw failed;
  if (!stream.writableFinished) await finished(stream);
  return rows;
}
