/**
 * Writing visitors: the one path imports, walk-ins and kiosk registrations share, so
 * search keys, registered days and the change hash can never drift apart.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
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
  unchanged: number;
}

export function rowHash(v: VisitorInput): string {
  return createHash('sha1')
    .update(
      JSON.stringify([v.nameKo, v.nameEn, v.organisation, v.title, v.category, v.phone, v.email, v.country, v.registeredDays, v.consent]),
    )
    .digest('base64url');
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
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
 * Inserts new visitors and updates changed ones (by registration code), with their
 * days and search keys. Runs inside the caller's transaction: all or nothing.
 */
export async function upsertVisitors(
  db: Kysely<Database>,
  ops: DialectOps,
  visitors: VisitorInput[],
  now: string,
  onProgress?: (done: number, total: number) => void,
): Promise<UpsertSummary> {
  const summary: UpsertSummary = { inserted: 0, updated: 0, unchanged: 0 };
  const existing = new Map<string, string>();
  for (const part of chunk(visitors.map((v) => v.code), 5000)) {
    const rows = await db.selectFrom('visitors').select(['code', 'row_hash']).where('code', 'in', part).execute();
    for (const r of rows) existing.set(r.code, r.row_hash);
  }

  const fresh: ReturnType<typeof toRow>[] = [];
  const changed: ReturnType<typeof toRow>[] = [];
  const touched: VisitorInput[] = [];
  for (const v of visitors) {
    const hash = rowHash(v);
    const prev = existing.get(v.code);
    if (prev === hash) {
      summary.unchanged++;
      continue;
    }
    (prev === undefined ? fresh : changed).push(toRow(v, hash, now));
    touched.push(v);
  }

  const total = fresh.length + changed.length;
  let done = 0;
  const visitorCols = 17;
  for (const part of chunk(fresh, Math.floor(ops.maxParams / visitorCols))) {
    await db.insertInto('visitors').values(part).execute();
    done += part.length;
    onProgress?.(done, total);
  }
  for (const row of changed) {
    const { code, created_at: _c, ...rest } = row;
    await db.updateTable('visitors').set(rest).where('code', '=', code).execute();
    done++;
    if (done % 1000 === 0) onProgress?.(done, total);
  }
  const changedCodes = changed.map((r) => r.code);
  for (const part of chunk(changedCodes, 5000)) {
    await db.deleteFrom('visitor_days').where('visitor_code', 'in', part).execute();
    await db.deleteFrom('search_keys').where('visitor_code', 'in', part).execute();
  }

  const days: { visitor_code: string; day: string }[] = [];
  const keys: { key: string; visitor_code: string }[] = [];
  const orgs = new Set<string>();
  for (const v of touched) {
    for (const day of new Set(v.registeredDays)) days.push({ visitor_code: v.code, day });
    for (const key of visitorKeys(v)) keys.push({ key, visitor_code: v.code });
    const on = orgNorm(v.organisation);
    if (on) orgs.add(on);
  }
  for (const part of chunk(days, Math.floor(ops.maxParams / 2))) await db.insertInto('visitor_days').values(part).execute();
  for (const part of chunk(keys, Math.floor(ops.maxParams / 2))) await db.insertInto('search_keys').values(part).execute();
  const orgRows: { key: string; org_norm: string }[] = [];
  for (const on of orgs) for (const key of orgKeys(on)) orgRows.push({ key, org_norm: on });
  for (const part of chunk(orgRows, Math.floor(ops.maxParams / 2))) {
    await db.insertInto('org_keys').values(part).onConflict((oc) => oc.doNothing()).execute();
  }
  summary.inserted = fresh.length;
  summary.updated = changed.length;
  onProgress?.(total, total);
  return summary;
}
