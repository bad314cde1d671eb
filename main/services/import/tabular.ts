/**
 * Reading organisers' exports: one reader for every import (registrations,
 * programme, exhibitors …). It takes the uploaded bytes and gives back a header and
 * rows of strings, whatever the file was:
 *
 *  - CSV (RFC 4180: quoted fields with commas, quotes and newlines; CRLF or LF), in
 *    UTF-8 with or without BOM, UTF-16 with BOM, or CP949 as Korean Excel writes
 *    "CSV" — detected from the bytes, never asked. ';' and tab delimiters are accepted
 *    when the header line clearly uses them.
 *  - XLSX (first worksheet), via exceljs; dates, numbers, rich text and formulas
 *    become plain strings.
 *
 * The format is decided by the content, not the file name (a ".csv" that is really an
 * XLSX, or the other way round, still reads). Anything else is refused with an
 * `import_failed` AppFailure whose `details.reason` is an ImportFailure code.
 *
 * Usage, for a new import:
 *
 *   const table = await readTable(bytes, fileName);
 *   const { index, columns } = mapHeaders(table.headers, { code: ['등록번호', 'code'], … });
 *   for (const r of table.rows) { const code = cellAt(r.cells, index.code); … }
 */
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { AppFailure } from '../../../contract/result';
import type { ImportFailure, ImportFailureDetails } from '../../../contract/import.channels';

export interface TableRow {
  /** 1-based row number as a spreadsheet shows it (the header is row 1 in a normal export). */
  rowNumber: number;
  /** Raw cell text (not trimmed); may be shorter or longer than the header. */
  cells: string[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** How the text was decoded: 'utf-8', 'utf-8-bom', 'cp949', 'utf-16le', 'utf-16be'; 'xlsx' for workbooks. */
  encoding: string;
  headers: string[];
  /** Data rows after the header; rows whose cells are all blank are left out (their numbers are skipped). */
  rows: TableRow[];
}

export function importFailure(reason: ImportFailure, message: string, extra: Omit<ImportFailureDetails, 'reason'> = {}): AppFailure {
  const details: ImportFailureDetails = { reason, ...extra };
  return new AppFailure('import_failed', message, details);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // .xls, .doc … (Compound File Binary)
const startsWith = (b: Buffer, magic: number[]) => magic.every((m, i) => b[i] === m);

/**
 * Reads a CSV or XLSX upload. Async because exceljs reads workbooks asynchronously;
 * CSV parsing itself is synchronous and allocation-light (100k rows in well under a
 * second).
 */
export async function readTable(bytes: Buffer, fileName: string): Promise<Table> {
  if (bytes.length === 0) throw importFailure('empty_file', `${fileName} is empty`);
  if (startsWith(bytes, ZIP_MAGIC)) return readXlsx(bytes, fileName);
  if (startsWith(bytes, OLE_MAGIC)) {
    throw importFailure('xls_not_supported', `${fileName} is an old binary Excel file (.xls); save it as .xlsx or CSV`);
  }
  const { text, encoding } = decodeText(bytes, fileName);
  return { format: 'csv', encoding, ...splitHeader(parseCsv(text, detectDelimiter(text)), fileName) };
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → text. UTF-16 is recognised by its BOM; otherwise strict UTF-8 is tried and
 * anything that is not valid UTF-8 is CP949 (Korean Excel's "CSV"), decoded with
 * iconv-lite: the WHATWG 'euc-kr' decoder in Node garbles CP949's extended syllables
 * (똠, 햏 …) that real Korean names use.
 */
export function decodeText(bytes: Buffer, fileName = 'file'): { text: string; encoding: string } {
  let text: string;
  let encoding: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = iconv.decode(bytes, 'utf-16le');
    encoding = 'utf-16le';
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = iconv.decode(bytes, 'utf-16be');
    encoding = 'utf-16be';
  } else {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    try {
      text = utf8Strict.decode(bytes);
      encoding = bom ? 'utf-8-bom' : 'utf-8';
    } catch {
      const mixed = mixedEncoding(bytes);
      if (mixed) {
        throw importFailure('mixed_encoding', `${fileName} mixes UTF-8 (line ${mixed.utf8Line}) with another encoding (line ${mixed.otherLine}); save it again in one encoding`, { line: mixed.otherLine });
      }
      text = iconv.decode(bytes, 'cp949');
      encoding = 'cp949';
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\u0000');
  // A few stray NULs in otherwise good text (a bad export, a copy from a terminal): say
  // where, rather than calling a real CSV "not a CSV". Many NULs: UTF-16 without a BOM or binary.
  if (nul >= 0 && countNul(text) <= MAX_STRAY_NUL && isCleanText(text.replaceAll('\u0000', ''))) {
    const line = lineAt(text, nul);
    throw importFailure('nul_in_text', `${fileName} has a NUL character on line ${line}; remove it and save again`, { line });
  }
  if (!looksLikeText(text)) throw importFailure('not_a_table', `${fileName} is not a CSV or XLSX file`);
  return { text, encoding };
}

const MAX_STRAY_NUL = 16;

/** Text with no control character but TAB/CR/LF and nothing undecodable: junk and images never are. */
function isCleanText(text: string): boolean {
  const n = Math.min(text.length, 256 * 1024);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) return false;
  }
  return true;
}

function countNul(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\u0000'); i >= 0 && n <= MAX_STRAY_NUL; i = text.indexOf('\u0000', i + 1)) n++;
  return n;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Lines that are valid UTF-8 with multi-byte text next to lines that are not: a file
 * pasted together from a UTF-8 export and a CP949 one. Decoding it either way garbles
 * half the names, so it is refused with the two line numbers. Byte-level (no exceptions)
 * because it runs on every CP949 file.
 */
export function mixedEncoding(bytes: Buffer): { utf8Line: number; otherLine: number } | null {
  let utf8Line = 0;
  let otherLine = 0;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const kind = utf8Kind(bytes, start, i);
    if (kind === 'binary') return null;
    if (kind === 'utf8' && !utf8Line) utf8Line = line;
    else if (kind === 'other' && !otherLine) otherLine = line;
    if (utf8Line && otherLine) return { utf8Line, otherLine };
    line++;
    start = i + 1;
  }
  return null;
}

/** 'ascii' (nothing to tell), 'utf8' (valid, with a multi-byte sequence), 'other', or 'binary' (control bytes: not text at all). */
function utf8Kind(b: Buffer, start: number, end: number): 'ascii' | 'utf8' | 'other' | 'binary' {
  let multi = false;
  let other = false;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0d) return 'binary';
    if (c < 0x80) continue;
    if (other) continue;
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let valid = n > 0 && i + n < end;
    for (let k = 1; valid && k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) valid = false;
    if (!valid) {
      other = true;
      continue;
    }
    multi = true;
    i += n;
  }
  return other ? 'other' : multi ? 'utf8' : 'ascii';
}

/**
 * Binary junk decodes "successfully" as CP949 into noise, so the decoded text is
 * checked: text files have no NUL and almost no other control characters or
 * undecodable bytes. A sample is enough; junk shows on its first kilobytes.
 */
function looksLikeText(text: string): boolean {
  const n = Math.min(text.length, 256 * 1024);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad <= Math.max(2, n * 0.002);
}

/** ',' unless the first line (outside quotes) clearly uses ';' or tabs instead. */
export function detectDelimiter(text: string): string {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seen = false; // leading blank lines are skipped; the first line with text decides
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (seen) break;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
    if (ch !== ' ' && ch !== '\n' && ch !== '\r') seen = true;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * RFC 4180 parser over the decoded string, one pass. Lenient where exports are
 * sloppy: a stray quote inside an unquoted field is kept as text, text after a closing
 * quote is appended, and an unterminated quote runs to the end of the file.
 * Returns records (blank lines included as single empty cells, so record index + 1 is
 * the spreadsheet row).
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const d = delimiter.charCodeAt(0);
  const records: string[][] = [];
  const len = text.length;
  let row: string[] = [];
  let i = 0;
  while (i < len) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      // Quoted field: jump from quote to quote; "" is an escaped quote.
      let start = i + 1;
      field = '';
      for (;;) {
        const q = text.indexOf('"', start);
        if (q < 0) {
          field += text.slice(start);
          i = len;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          field += text.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        field += text.slice(start, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept rather than lost.
      let j = i;
      while (j < len) {
        const c = text.charCodeAt(j);
        if (c === d || c === CR || c === LF) break;
        j++;
      }
      if (j > i) field += text.slice(i, j);
      i = j;
    } else {
      let j = i;
      while (j < len) {
        const c = text.charCodeAt(j);
        if (c === d || c === CR || c === LF) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= len) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i === len) row.push('');
      continue;
    }
    // End of record: CRLF, LF or a lone CR.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    records.push(row);
    row = [];
  }
  if (row.length) records.push(row);
  return records;
}

const isBlankRow = (cells: string[]) => cells.every((c) => c.trim() === '');

/** First non-blank record is the header; all-blank records are dropped (Excel's ",,,," tail). */
function splitHeader(records: string[][], fileName: string): { headers: string[]; rows: TableRow[] } {
  let h = 0;
  while (h < records.length && isBlankRow(records[h]!)) h++;
  if (h >= records.length) throw importFailure('empty_file', `${fileName} has no header row`);
  const headers = records[h]!.map((c) => c.trim());
  // Trailing empty header cells (",,," after the last column) are not columns.
  while (headers.length && headers[headers.length - 1] === '') headers.pop();
  const rows: TableRow[] = [];
  for (let r = h + 1; r < records.length; r++) {
    const cells = records[r]!;
    if (!isBlankRow(cells)) rows.push({ rowNumber: r + 1, cells });
  }
  return { headers, rows };
}

/**
 * XLSX through exceljs's streaming reader: a 100k-row workbook reads in about half
 * the time and memory of loading the whole workbook model. Only the first worksheet is
 * read; styles are kept so date cells come back as dates.
 */
async function readXlsx(bytes: Buffer, fileName: string): Promise<Table> {
  const records: TableRow[] = [];
  let sawSheet = false;
  try {
    // Loaded on first use: a CSV parse (the usual case, in a fresh worker) does not pay for it.
    const { default: ExcelJS } = await import('exceljs');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'emit',
    });
    for await (const ws of reader) {
      sawSheet = true;
      for await (const row of ws as unknown as AsyncIterable<{ number: number; values: unknown[] }>) {
        const values = row.values; // 1-based, sparse
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(xlsxCellText(values[c]));
        records.push({ rowNumber: row.number, cells });
      }
      break;
    }
  } catch {
    throw importFailure('unreadable_xlsx', `${fileName} is a zip file but not a readable XLSX workbook`);
  }
  if (!sawSheet) throw importFailure('unreadable_xlsx', `${fileName} has no worksheet`);
  const first = records.findIndex((r) => !isBlankRow(r.cells));
  if (first < 0) throw importFailure('empty_file', `${fileName} has an empty first worksheet`);
  const headers = records[first]!.cells.map((c) => c.trim());
  while (headers.length && headers[headers.length - 1] === '') headers.pop();
  const rows = records.slice(first + 1).filter((r) => !isBlankRow(r.cells));
  return { format: 'xlsx', encoding: 'xlsx', headers, rows };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * One XLSX cell value as the text a person sees. exceljs gives dates as JS Dates
 * holding the sheet's wall-clock time in UTC, so UTC parts are the written date.
 */
export function xlsxCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const day = `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
    return v.getUTCHours() || v.getUTCMinutes() ? `${day} ${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())}` : day;
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o || 'formula' in o) return xlsxCellText(o.result);
    if (o.text !== undefined) return xlsxCellText(o.text); // hyperlink
    if (o.error !== undefined) return '';
  }
  return String(v);
}

/**
 * Header text folded for matching: NFC, lower case, and no spaces, underscores,
 * hyphens, dots, slashes, colons, asterisks ("필수*") or brackets — so "E-mail",
 * "e mail" and "EMAIL" meet, and "성명(국문)" becomes "성명국문".
 */
export function normalizeHeader(h: string): string {
  return h.normalize('NFC').toLowerCase().replace(/[\s_\-./:*·()[\]{}<>（）【】「」]+/g, '');
}

/** The header with bracketed parts removed: "성명(국문)" → "성명", "Phone [mobile]" → "phone". */
function headerStem(h: string): string {
  return normalizeHeader(h.replace(/[([{（【<「][^)\]}）】>」]*[)\]}）】>」]/g, ''));
}

export interface HeaderMapping<F extends string> {
  /** Every header in file order with the field it feeds (null: ignored column). */
  columns: { header: string; field: F | null }[];
  /** Field → column index, for the fields that were found. */
  index: Partial<Record<F, number>>;
}

/**
 * Maps a file's headers onto fields by alias lists, in any column order. Each field
 * takes at most one column (the first that matches) and each column feeds at most one
 * field. Exact (normalised) matches win over matches on the header without its
 * brackets, so "성명(영문)" can be an alias of the English name while "성명(국문)"
 * still falls back to "성명".
 */
export function mapHeaders<F extends string>(headers: string[], aliases: Record<F, readonly string[]>): HeaderMapping<F> {
  const lookup = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[]) {
    for (const a of aliases[field]) {
      const k = normalizeHeader(a);
      if (!lookup.has(k)) lookup.set(k, field);
    }
  }
  const assigned: (F | null)[] = headers.map(() => null);
  const index: Partial<Record<F, number>> = {};
  const pass = (key: (h: string) => string) => {
    headers.forEach((h, i) => {
      if (assigned[i] !== null) return;
      const field = lookup.get(key(h));
      if (field !== undefined && index[field] === undefined) {
        index[field] = i;
        assigned[i] = field;
      }
    });
  };
  pass(normalizeHeader);
  pass(headerStem);
  return { columns: headers.map((header, i) => ({ header, field: assigned[i]! })), index };
}

/** The cell at a mapped column, trimmed ('' when the column is absent or the row is short). */
export function cellAt(cells: string[], i: number | undefined): string {
  return i === undefined ? '' : (cells[i] ?? '').trim();
}
