/**
 * The audit viewer's queries: newest first, filtered, paged by an (at, id) cursor so a
 * page costs the same on day three as on day one.
 *
 * audit_log.operator_id (who was signed in at the station) arrives in a parallel
 * migration: it is read when the column exists and the filter is offered only then.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { AuditRow } from '../../../contract/index';

const operatorColumn = new WeakMap<object, boolean>();

/** Whether this database's audit_log records the operator (asked once per connection). */
export async function hasOperatorColumn(db: Kysely<Database>): Promise<boolean> {
  const known = operatorColumn.get(db);
  if (known !== undefined) return known;
  let has = true;
  try {
    await sql`select operator_id from audit_log where 1 = 0`.execute(db);
  } catch {
    has = false;
  }
  operatorColumn.set(db, has);
  return has;
}

export interface AuditFilter {
  stationId?: string;
  operatorId?: string;
  channel?: string;
  entityId?: string;
  from?: string;
  to?: string;
  before?: { at: string; id: string };
  limit: number;
}

function parseDetail(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

const isoUtc = (s: string) => new Date(s).toISOString();

export async function searchAudit(db: Kysely<Database>, f: AuditFilter): Promise<{ rows: AuditRow[]; next: { at: string; id: string } | null; hasOperator: boolean }> {
  const hasOperator = await hasOperatorColumn(db);
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('stations as s', 's.id', 'a.station_id')
    .select(['a.id', 'a.at', 'a.station_id', 's.name as station_name', 'a.channel', 'a.entity_id', 'a.detail'])
    .select(hasOperator ? sql<string | null>`a.operator_id`.as('operator_id') : sql<string | null>`null`.as('operator_id'));
  if (f.stationId) q = q.where('a.station_id', '=', f.stationId);
  if (f.channel) q = q.where('a.channel', '=', f.channel);
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
  if (f.operatorId && hasOperator) q = q.where(sql<boolean>`a.operator_id = ${f.operatorId}`);
  // Stored times are UTC ISO strings: compare in the same form.
  if (f.from) q = q.where('a.at', '>=', isoUtc(f.from));
  if (f.to) q = q.where('a.at', '<', isoUtc(f.to));
  if (f.before) q = q.where(sql<boolean>`(a.at < ${f.before.at} or (a.at = ${f.before.at} and a.id < ${f.before.id}))`);
  const rows = await q.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      id: r.id,
      at: r.at,
      stationId: r.station_id,
      stationName: r.station_name ?? null,
      operatorId: r.operator_id ?? null,
      channel: r.channel,
      entityId: r.entity_id,
      detail: parseDetail(r.detail),
    })),
    next: rows.length > f.limit && last ? { at: last.at, id: last.id } : null,
    hasOperator,
  };
}

export async function auditFacets(db: Kysely<Database>) {
  const [stations, channels, hasOperator] = await Promise.all([
    db.selectFrom('stations').select(['id', 'name']).orderBy('name').execute(),
    db.selectFrom('audit_log').select('channel').distinct().orderBy('channel').execute(),
    hasOperatorColumn(db),
  ]);
  return { stations, channels: channels.map((c) => c.channel), hasOperator };
}
