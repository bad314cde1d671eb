/**
 * Writing visitors: the one path imports, walk-ins and kiosk registrations share, so
 * search keys, registered days and the change hash can never drift apart.
 */
import { hash } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Category } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { DialectOps } from '../../../db/dialect';
import { phoneDigits } from './mask';
import { orgKeys, orgNorm, visitorKeys } from './search-keys';

export interface VisitorInput {
  code: string;
  nameKo: string;
  nameEn: string | null;
  organisation: string | null;
  title: string | null;
  category: Category;
  phone: string | null;
  email: string | null;
  country: string | null;
  registeredDays: string[];
  consent: boolean;
  walkIn: boolean;
}

export interface UpsertSummary {
  inserted: number;
  updated: number;
  /** Rows equal to what the database holds (purged rows not included). */
  unchanged: number;
  /** Rows of visitors purged when the fair closed: skipped, left purged (see VisitorDiff.purged). */
  purged: number;
}

// An import hashes every row at preview and again at commit (the database may have
// changed in between); the staged VisitorInputs are the same objects, never mutated,
// so the second pass reuses the first's hashes.
const hashMemo = new WeakMap<VisitorInput, string>();

export function rowHash(v: VisitorInput): string {
  let h = hashMemo.get(v);
  if (h === undefined) {
    // One-shot hash(): the same SHA-1 digest as before, without a Hash object per row.
    h = hash(
      'sha1',
      JSON.stringify([v.nameKo, v.nameEn, v.organisation, v.title, v.category, v.phone, v.email, v.country, v.registeredDays, v.consent]),
      'base64url',
    );
    hashMemo.set(v, h);
  }
  return h;
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

type VisitorRowValues = ReturnType<typeof toRow>;
const VISITOR_COLUMNS: (keyof VisitorRowValues)[] = [
  'code', 'name_ko', 'name_en', 'organisation', 'org_norm', 'title', 'category', 'phone', 'phone_last4',
  'email', 'country', 'registered_days', 'consent', 'walk_in', 'row_hash', 'created_at', 'updated_at',
];

/**
 * Multi-row INSERTs of flat parameter arrays, with the SQL compiled once per row count:
 * building kysely's query tree value by value cost more than SQLite's own work on a
 * 100k-visitor import (~800k rows with the search keys). The SQL still comes from
 * kysely's compiler, so placeholders are right for either dialect.
 */
class BulkInsert {
  private readonly templates = new Map<number, string>();
  private readonly rowsPerStatement: number;
  constructor(
    private readonly db: Kysely<Database>,
    ops: DialectOps,
    private readonly table: keyof Database,
    private readonly columns: readonly string[],
    /** 'ignore': skip rows whose key exists; { key, update }: an upsert that overwrites `update` columns. */
    private readonly onConflict?: 'ignore' | { key: string; update: readonly string[] },
  ) {
    // Moderate statements: beyond a few hundred rows SQLite gains nothing, and each stays well under the slow-query mark.
    this.rowsPerStatement = Math.max(1, Math.min(500, Math.floor(ops.maxParams / columns.length)));
  }

  async run(flat: readonly unknown[]): Promise<void> {
    const width = this.columns.length;
    const rows = flat.length / width;
    for (let start = 0; start < rows; start += this.rowsPerStatement) {
      const n = Math.min(this.rowsPerStatement, rows - start);
      await this.db.executeQuery(CompiledQuery.raw(this.template(n), flat.slice(start * width, (start + n) * width)));
    }
  }

  private template(n: number): string {
    let text = this.templates.get(n);
    if (text === undefined) {
      const row = Object.fromEntries(this.columns.map((c) => [c, 0]));
      let q = this.db.insertInto(this.table).values(Array.from({ length: n }, () => row) as never);
      const oc = this.onConflict;
      if (oc === 'ignore') q = q.onConflict((c) => c.doNothing());
      else if (oc) {
        q = q.onConflict((c) =>
          c.column(oc.key as never).doUpdateSet((eb) => Object.fromEntries(oc.update.map((col) => [col, eb.ref(`excluded.${col}` as never)])) as never),
        );
      }
      text = q.compile().sql;
      this.templates.set(n, text);
    }
    return text;
  }
}

/**
 * Index rows grouped by the start of their first column before they are inserted.
 * Search keys arrive in random order, and random inserts into the (key, visitor_code)
 * primary key were most of a 100k import's time (B-tree page splits all over the
 * index); inserting neighbours together cuts that by about a quarter, for far less
 * than a full sort would cost. Days are grouped whole (three "append points" → one).
 */
class Buckets {
  private readonly buckets = new Map<string, string[]>();
  constructor(private readonly width: number) {}
  add(first: string, second: string): void {
    const b = first.slice(0, this.width);
    let list = this.buckets.get(b);
    if (!list) this.buckets.set(b, (list = []));
    list.push(first, second);
  }
  /** first, second, first, second … in bucket order. */
  flat(): string[] {
    const out: string[] = [];
    for (const b of [...this.buckets.keys()].sort()) for (const x of this.buckets.get(b)!) out.push(x);
    return out;
  }
}

function toRow(v: VisitorInput, hash: string, now: string) {
  const digits = phoneDigits(v.phone);
  return {
    code: v.code,
    name_ko: v.nameKo,
    name_en: v.nameEn,
    organisation: v.organisation,
    org_norm: orgNorm(v.organisation),
    title: v.title,
    category: v.category,
    phone: v.phone,
    phone_last4: digits.length >= 4 ? digits.slice(-4) : null,
    email: v.email,
    country: v.country,
    registered_days: [...v.registeredDays].sort().join(';'),
    consent: v.consent ? 1 : 0,
    walk_in: v.walkIn ? 1 : 0,
    row_hash: hash,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The search keys stored for these visitors, recomputed from their rows. search_keys
 * has no index on visitor_code on purpose: on a 100k import that index cost as much
 * as the keys themselves, and only this rare path (a changed visitor) needs it.
 */
async function storedKeys(db: Kysely<Database>, codes: string[]): Promise<string[]> {
  const rows = await db.selectFrom('visitors').select(['code', 'name_ko', 'name_en', 'email', 'phone']).where('code', 'in', codes).execute();
  const keys = new Set<string>();
  for (const r of rows) for (const k of visitorKeys({ code: r.code, nameKo: r.name_ko, nameEn: r.name_en, email: r.email, phone: r.phone })) keys.add(k);
  return [...keys];
}

async function deleteKeys(db: Kysely<Database>, codes: string[], keys: string[]): Promise<void> {
  for (const part of chunk(keys, 5000)) {
    await db.deleteFrom('search_keys').where('key', 'in', part).where('visitor_code', 'in', codes).execute();
  }
}

/** How a batch compares with the database: by registration code and change hash. */
export interface VisitorDiff {
  fresh: VisitorInput[];
  changed: VisitorInput[];
  /** Includes `purged`. */
  unchanged: number;
  /**
   * Rows whose visitor was purged when the fair closed (privacy.purge / privacy.erase): the
   * registrations file imported again must not bring their names, phones and e-mails back,
   * so they are skipped — left purged, counted as unchanged. Someone who comes back is
   * registered again as a walk-in, with fresh consent.
   */
  purged: number;
}

/** Splits visitors into new, changed and unchanged ones (the import preview shows these counts). */
export async function diffVisitors(db: Kysely<Database>, visitors: VisitorInput[]): Promise<VisitorDiff> {
  const existing = new Map<string, string>();
  const purged = new Set<string>();
  for (const part of chunk(visitors.map((v) => v.code), 5000)) {
    const rows = await db.selectFrom('visitors').select(['code', 'row_hash', 'purged_at']).where('code', 'in', part).execute();
    for (const r of rows) {
      existing.set(r.code, r.row_hash);
      if (r.purged_at !== null) purged.add(r.code);
    }
  }
  const diff: VisitorDiff = { fresh: [], changed: [], unchanged: 0, purged: 0 };
  for (const v of visitors) {
    const prev = existing.get(v.code);
    if (purged.has(v.code)) {
      diff.purged++;
      diff.unchanged++;
      continue;
    }
    if (prev === rowHash(v)) {
      diff.unchanged++;
      continue;
    }
    (prev === undefined ? diff.fresh : diff.changed).push(v);
  }
  return diff;
}

/**
 * Inserts new visitors and updates changed ones (by registration code), with their
 * days and search keys. Runs inside the caller's transaction: all or nothing.
 * `onProgress` may return a promise (an import yields to the event loop there, so its
 * progress events reach the screens while the transaction runs).
 */
export async function upsertVisitors(
  db: Kysely<Database>,
  ops: DialectOps,
  visitors: VisitorInput[],
  now: string,
  onProgress?: (done: number, total: number) => void | Promise<void>,
): Promise<UpsertSummary> {
  const diff = await diffVisitors(db, visitors);
  const summary: UpsertSummary = { inserted: 0, updated: 0, unchanged: diff.unchanged - diff.purged, purged: diff.purged };
  const touched = [...diff.fresh, ...diff.changed];
  const changedCodes = new Set(diff.changed.map((v) => v.code));

  // Work in groups of visitors (their rows, days and keys together), so progress is
  // reported in visitors and every statement stays small.
  const GROUP = 2000;
  const total = touched.length;
  // New and changed visitors take one path: an upsert by code that keeps created_at.
  const visitorRows = new BulkInsert(db, ops, 'visitors', VISITOR_COLUMNS, {
    key: 'code',
    update: VISITOR_COLUMNS.filter((c) => c !== 'code' && c !== 'created_at'),
  });
  const dayRows = new BulkInsert(db, ops, 'visitor_days', ['day', 'visitor_code']);
  const keyRows = new BulkInsert(db, ops, 'search_keys', ['key', 'visitor_code']);
  const orgs = new Set<string>();
  for (let g = 0; g < total; g += GROUP) {
    const end = Math.min(g + GROUP, total);
    const flat: unknown[] = [];
    const replaced: string[] = [];
    for (let i = g; i < end; i++) {
      const v = touched[i]!;
      const r = toRow(v, rowHash(v), now);
      for (const c of VISITOR_COLUMNS) flat.push(r[c]);
      if (changedCodes.has(v.code)) replaced.push(v.code);
    }
    // Their old search keys are worked out from the old rows, so read those first.
    const oldKeys = replaced.length ? await storedKeys(db, replaced) : [];
    await visitorRows.run(flat);
    if (replaced.length) {
      await db.deleteFrom('visitor_days').where('visitor_code', 'in', replaced).execute();
      await deleteKeys(db, replaced, oldKeys);
    }
    const days = new Buckets(10);
    const keys = new Buckets(2);
    for (let i = g; i < end; i++) {
      const v = touched[i]!;
      for (const day of new Set(v.registeredDays)) days.add(day, v.code);
      for (const key of visitorKeys(v)) keys.add(key, v.code);
      const on = orgNorm(v.organisation);
      if (on) orgs.add(on);
    }
    await dayRows.run(days.flat());
    await keyRows.run(keys.flat());
    await onProgress?.(end, total);
  }
  const orgFlat: string[] = [];
  for (const on of orgs) for (const key of orgKeys(on)) orgFlat.push(key, on);
  await new BulkInsert(db, ops, 'org_keys', ['key', 'org_norm'], 'ignore').run(orgFlat);
  summary.inserted = diff.fresh.length;
  summary.updated = diff.changed.length;
  return summary;
}
