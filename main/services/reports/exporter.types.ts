/**
 * What an exporter is (see exporters.ts for the registry) and the keyset pager every
 * exporter pages its rows with. Kept apart from the registry so feature exporters can
 * import these without importing the registry that imports them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { Runtime } from '../../core/runtime';

export type Cell = string | number | null;

export interface ExportColumn {
  key: string;
  ko: string;
  en: string;
  /** Names, phones, e-mails …: written only for an admin who asked for them. */
  personal?: boolean;
  /** The header cell as written; default "ko (en)". Walk-ins use the importer's own headers. */
  header?: string;
}

export interface ExportQuery {
  db: Kysely<Database>;
  /** The event's time zone, for local times and hour buckets. */
  timeZone: string;
  /** The event's categories, id → Korean label (an id missing here is written as it is). */
  categoryKo?: ReadonlyMap<string, string>;
  /** Whether the personal columns will be written (exporters may skip joining them when not). */
  personal: boolean;
  /** The moment of the export (meetings still to come, sessions still running are judged at it). */
  now: Date;
  /** The station's caches (the programme), for exporters built on a feature's own reader. */
  runtime: Runtime;
}

/** A further sheet of an XLSX export (a CSV has the main rows only). Never personal; small (a summary), so held whole. */
export interface ExportSheet {
  name: string;
  header: readonly string[];
  rows: readonly Cell[][];
}

/**
 * Rows come a page at a time: one await per page, not per row. Handing 100k rows one
 * by one through nested async generators (database pages → exporter → neutralising →
 * writer) cost a microtask chain per row per level — more than writing them (issue 17).
 */
export type RowPages = AsyncIterable<readonly Cell[][]>;

export interface Exporter {
  name: string;
  title: { ko: string; en: string };
  columns: readonly ExportColumn[];
  /** Rows aligned with `columns`, a page at a time (personal cells included; the writer drops them when not allowed). */
  pages(q: ExportQuery): RowPages;
  /** The main sheet's tab in XLSX (default: the exporter's name). */
  sheetName?: string;
  /** Sheets written after the main one in XLSX (the consultations' per-SME, per-buyer, per-country results). */
  sheets?(q: ExportQuery): Promise<ExportSheet[]>;
}

/**
 * Keyset paging: `page(after, limit)` returns the next rows after the last one seen
 * (null: from the start), each page turned into cells by `toRow` and handed on whole.
 * Both SQLite and PostgreSQL serve this from an index, without a cursor and without
 * holding a read transaction open while the file is written.
 */
export async function* paged<R>(page: (after: R | null, limit: number) => Promise<R[]>, toRow: (r: R) => Cell[], limit = 2000): AsyncGenerator<Cell[][]> {
  let after: R | null = null;
  for (;;) {
    const rows = await page(after, limit);
    if (rows.length) yield rows.map(toRow);
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!;
  }
}

/** Rows already in memory (an aggregate, a summary) as pages of the usual size. */
export async function* inPages(rows: readonly Cell[][], size = 2000): AsyncGenerator<Cell[][]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
