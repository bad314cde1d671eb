/**
 * Search as you type over the precomputed keys (see search-keys.ts). Every query kind
 * is one or two index range scans plus a lookup of at most `limit` visitors.
 */
import type { Kysely } from 'kysely';
import type { SearchHit, SearchKind } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { DialectOps } from '../../../db/dialect';
import { phoneDigits } from './mask';
import { classifyQuery } from './search-keys';
import { visitorRowToSummary, type VisitorRow } from './visitor.mapper';

export async function searchVisitors(
  db: Kysely<Database>,
  ops: DialectOps,
  q: string,
  today: string,
  limit = 20,
): Promise<{ kind: SearchKind | null; hits: SearchHit[] }> {
  const { kind, key } = classifyQuery(q);
  if (!kind) return { kind, hits: [] };

  const codes: string[] = [];
  const seen = new Set<string>();
  /** Found by the whole query (a full name, a given name, all of the 초성, the last 4 digits). */
  const exact = new Set<string>();
  const add = (c: string) => {
    if (!seen.has(c) && codes.length < limit) {
      seen.add(c);
      codes.push(c);
    }
  };

  if (kind === 'phone_last4') {
    const rows = await db.selectFrom('visitors').select('code').where('phone_last4', '=', key).orderBy('code').limit(limit).execute();
    rows.forEach((r) => {
      add(r.code);
      exact.add(r.code);
    });
  }
  if (kind === 'phone') {
    // The last 4 digits narrow 100k visitors to a handful; the rest of the number is
    // compared here (a whole number, or its tail, typed with or without dashes).
    const rows = await db.selectFrom('visitors').select(['code', 'phone']).where('phone_last4', '=', key.slice(-4)).orderBy('code').limit(500).execute();
    rows.filter((r) => phoneDigits(r.phone).endsWith(key)).forEach((r) => {
      add(r.code);
      exact.add(r.code);
    });
    return finish(db, codes, exact, kind, today);
  }
  if (kind === 'code' || kind === 'text') {
    const upper = key.toUpperCase();
    const rows = await db.selectFrom('visitors').select('code').where('code', '>=', upper).where('code', '<', ops.prefixEnd(upper)).orderBy('code').limit(limit).execute();
    rows.forEach((r) => {
      add(r.code);
      if (r.code === upper) exact.add(r.code);
    });
  }
  // Exact key first (a full name typed in full ranks above names that merely start with it).
  const keyRows = await db
    .selectFrom('search_keys')
    .select(['visitor_code', 'key'])
    .where('key', '>=', key)
    .where('key', '<', ops.prefixEnd(key))
    .orderBy('key')
    .limit(limit * 3)
    .execute();
  keyRows
    .filter((r) => r.key === key)
    .forEach((r) => {
      add(r.visitor_code);
      exact.add(r.visitor_code);
    });
  keyRows.forEach((r) => add(r.visitor_code));

  if ((kind === 'name' || kind === 'text') && codes.length < limit) {
    const orgRows = await db
      .selectFrom('visitors')
      .select('code')
      .where(
        'org_norm',
        'in',
        db
          .selectFrom('org_keys')
          .select('org_norm')
          .where('key', '>=', key)
          .where('key', '<', ops.prefixEnd(key))
          .limit(50),
      )
      .limit(limit)
      .execute();
    orgRows.forEach((r) => add(r.code));
  }
  return finish(db, codes, exact, kind, today);
}

/** Loads the found visitors (masked) with today's check-in marks, best matches first. */
async function finish(
  db: Kysely<Database>,
  codes: string[],
  exact: Set<string>,
  kind: SearchKind,
  today: string,
): Promise<{ kind: SearchKind | null; hits: SearchHit[] }> {
  if (codes.length === 0) return { kind, hits: [] };
  const [rows, checked] = await Promise.all([
    db.selectFrom('visitors').selectAll().where('code', 'in', codes).execute(),
    db.selectFrom('checkins').select('visitor_code').where('day', '=', today).where('visitor_code', 'in', codes).execute(),
  ]);
  const byCode = new Map<string, VisitorRow>(rows.map((r) => [r.code, r]));
  const checkedIn = new Set(checked.map((r) => r.visitor_code));
  const hits: SearchHit[] = [];
  for (const c of codes) {
    const r = byCode.get(c);
    if (r) hits.push({ ...visitorRowToSummary(r), checkedInToday: checkedIn.has(c) });
  }
  // The person at the desk is most likely registered for today: within what was found,
  // whole-query matches first, then today's registrations (a stable sort keeps key order).
  const rank = (h: SearchHit) => (exact.has(h.code) ? 0 : 2) + (h.registeredDays.includes(today) ? 0 : 1);
  hits.sort((a, b) => rank(a) - rank(b));
  return { kind, hits };
}
