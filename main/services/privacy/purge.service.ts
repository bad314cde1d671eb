/**
 * Closing the fair (pretix's data shredders, run by the organiser): a visitor's
 * personal data — names, title, phone, e-mail, their search keys, personal details in
 * their audit rows — is deleted or replaced by a pseudonym; their code, category,
 * registered days and every fact stay, so each report still adds up.
 *
 * A run goes through visitors in code order, BATCH at a time, one transaction per
 * batch that also moves the run's keyset position: stopped halfway (a crash, a pulled
 * plug), the next start resumes after the last batch that committed, and a visitor
 * purged before is skipped (idempotent). At the end SQLite's file is VACUUMed and its
 * WAL truncated, so the old values are gone from the bytes on disk, not only from the
 * rows; PostgreSQL's tables get VACUUM FULL where the station's role may run it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { PrivacyRunsTable } from '../../../db/tables/reports.tables';
import type { PurgeRun } from '../../../contract/index';
import { phoneDigits } from '../visitors/mask';
import { visitorKeys } from '../visitors/search-keys';
import type { Logger } from '../../core/logger';

export type PurgeMode = PurgeRun['mode'];
export const BATCH = 500;

/** A stable pseudonym: the same visitor reads the same in every export, and cannot be turned back into a name. */
export const pseudonym = (code: string) => `참관객 ${createHash('sha256').update(`fairdesk-purge:${code}`).digest('hex').slice(0, 8).toUpperCase()}`;

const PERSONAL_KEYS = new Set(['name', 'nameKo', 'nameEn', 'phone', 'email', 'title', 'reason', 'q', 'query']);

/** An audit detail without the visitor's personal details (keys that can carry them, and any value that spells them). */
export function scrubDetail(detail: string | null, secrets: string[]): string | null {
  if (detail === null) return null;
  let out: string;
  try {
    const obj = JSON.parse(detail) as unknown;
    if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
      for (const k of Object.keys(obj)) if (PERSONAL_KEYS.has(k)) delete (obj as Record<string, unknown>)[k];
    }
    out = JSON.stringify(obj);
  } catch {
    out = detail;
  }
  return secrets.some((s) => s.length >= 2 && out.includes(s)) ? '{"scrubbed":true}' : out;
}

/** Purges these visitors inside the caller's transaction. Returns how many were not purged before. */
export async function purgeVisitors(trx: Kysely<Database>, codes: string[], mode: PurgeMode, now: string): Promise<number> {
  if (!codes.length) return 0;
  const rows = await trx
    .selectFrom('visitors')
    .select(['code', 'name_ko', 'name_en', 'email', 'phone', 'title', 'organisation'])
    .where('code', 'in', codes)
    .where('purged_at', 'is', null)
    .execute();
  if (!rows.length) return 0;
  const mine = rows.map((r) => r.code);
  const keys = new Set<string>();
  for (const r of rows) for (const k of visitorKeys({ code: r.code, nameKo: r.name_ko, nameEn: r.name_en, email: r.email, phone: r.phone })) keys.add(k);
  if (keys.size) await trx.deleteFrom('search_keys').where('key', 'in', [...keys]).where('visitor_code', 'in', mine).execute();

  for (const r of rows) {
    await trx
      .updateTable('visitors')
      .set({
        name_ko: mode === 'pseudonymise' ? pseudonym(r.code) : '',
        name_en: null,
        title: null,
        phone: null,
        phone_last4: null,
        email: null,
        ...(mode === 'delete' ? { organisation: null, org_norm: null } : {}),
        // The import's change detector hashed the personal fields: a hash of a phone number is still the number.
        row_hash: 'purged',
        updated_at: now,
        purged_at: now,
      })
      .where('code', '=', r.code)
      .execute();
  }

  const secrets = new Map<string, string[]>();
  for (const r of rows) {
    const digits = phoneDigits(r.phone);
    secrets.set(r.code, [r.name_ko, r.name_en, r.email, r.phone, digits.length >= 8 ? digits : null, r.title].filter((s): s is string => !!s));
  }
  const audit = await trx.selectFrom('audit_log').select(['id', 'entity_id', 'detail']).where('entity_id', 'in', mine).where('detail', 'is not', null).execute();
  for (const a of audit) {
    const scrubbed = scrubDetail(a.detail, secrets.get(a.entity_id!) ?? []);
    if (scrubbed !== a.detail) await trx.updateTable('audit_log').set({ detail: scrubbed }).where('id', '=', a.id).execute();
  }
  return rows.length;
}

export function runRowToDomain(r: Omit<PrivacyRunsTable, 'last_code' | 'station_id' | 'updated_at'>): PurgeRun {
  return { id: r.id, mode: r.mode, state: r.state, total: Number(r.total), done: Number(r.done), startedAt: r.started_at, finishedAt: r.finished_at, error: r.error };
}

export async function latestRun(db: Kysely<Database>): Promise<PurgeRun | null> {
  const r = await db.selectFrom('privacy_runs').selectAll().orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  return r ? runRowToDomain(r) : null;
}

export interface PurgeDeps {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
  stationId: string;
  now: () => Date;
  log: Logger;
  /** Test hook: called after each committed batch (a test stops a run here to resume it). */
  afterBatch?: (done: number) => void | Promise<void>;
  /** Visitors per transaction (default BATCH). */
  batch?: number;
}

/** Runs in this process: one purge at a time per database handle. */
const running = new WeakMap<object, Promise<PurgeRun>>();

export const isRunning = (db: Kysely<Database>) => running.has(db);

/**
 * Opens a run (or picks up the one that did not finish) and drives it to the end in
 * the background. Returns the run as it starts.
 */
export async function startPurge(deps: PurgeDeps, mode: PurgeMode): Promise<{ run: PurgeRun; done: Promise<PurgeRun> } | { already: PurgeRun } | null> {
  const { db } = deps;
  // Claimed before the first await: two clicks (or two consoles on this station) cannot both start a run.
  if (running.has(db)) return { already: (await latestRun(db))! };
  let release!: (r: PurgeRun) => void;
  running.set(db, new Promise<PurgeRun>((r) => (release = r)));
  try {
    const started = await openRun(deps, mode);
    if (!started) {
      running.delete(db);
      return null;
    }
    const done = drive(deps, started.id).finally(() => running.delete(db));
    void done.then(release);
    return { run: started, done };
  } catch (e) {
    running.delete(db);
    throw e;
  }
}

async function openRun(deps: PurgeDeps, mode: PurgeMode): Promise<PurgeRun | null> {
  const { db } = deps;
  const last = await latestRun(db);
  const remaining = Number((await db.selectFrom('visitors').select(sql<number>`count(*)`.as('n')).where('purged_at', 'is', null).executeTakeFirstOrThrow()).n);
  const now = deps.now().toISOString();
  let runId: string;
  if (last && last.state !== 'done') {
    // Resume: the keyset position and the count so far are in the row.
    runId = last.id;
    await db.updateTable('privacy_runs').set({ state: 'running', mode, error: null, updated_at: now }).where('id', '=', runId).execute();
  } else {
    if (remaining === 0) return null;
    runId = randomUUID();
    await db.insertInto('privacy_runs').values({ id: runId, mode, state: 'running', total: remaining, done: 0, last_code: null, station_id: deps.stationId, started_at: now, updated_at: now, finished_at: null, error: null }).execute();
  }
  await audit(db, deps, 'privacy.purge.start', runId, { mode, remaining });
  return runRowToDomain(await db.selectFrom('privacy_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow());
}

async function audit(db: Kysely<Database>, deps: PurgeDeps, channel: string, entity: string, detail: Record<string, unknown>) {
  await db.insertInto('audit_log').values({ id: randomUUID(), at: deps.now().toISOString(), station_id: deps.stationId, channel, entity_id: entity, detail: JSON.stringify(detail) }).execute();
}

async function drive(deps: PurgeDeps, runId: string): Promise<PurgeRun> {
  const { db } = deps;
  try {
    for (;;) {
      const batchDone = await db.transaction().execute(async (trx) => {
        const run = await trx.selectFrom('privacy_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
        let q = trx.selectFrom('visitors').select('code').where('purged_at', 'is', null).orderBy('code').limit(deps.batch ?? BATCH);
        if (run.last_code) q = q.where('code', '>', run.last_code);
        const codes = (await q.execute()).map((r) => r.code);
        if (!codes.length) return null;
        const n = await purgeVisitors(trx, codes, run.mode, deps.now().toISOString());
        const done = Number(run.done) + n;
        await trx.updateTable('privacy_runs').set({ done, last_code: codes[codes.length - 1]!, updated_at: deps.now().toISOString() }).where('id', '=', runId).execute();
        return done;
      });
      if (batchDone === null) break;
      await deps.afterBatch?.(batchDone);
    }
    // Visitors purged one by one (on request) before this run, or a batch whose keys
    // were computed by an older key scheme: no search key may point at a purged visitor.
    await db.deleteFrom('search_keys').where('visitor_code', 'in', db.selectFrom('visitors').select('code').where('purged_at', 'is not', null)).execute();
    await compact(deps);
    const now = deps.now().toISOString();
    await db.updateTable('privacy_runs').set({ state: 'done', finished_at: now, updated_at: now }).where('id', '=', runId).execute();
    const run = runRowToDomain(await db.selectFrom('privacy_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow());
    await audit(db, deps, 'privacy.purge.done', runId, { mode: run.mode, purged: run.done });
    return run;
  } catch (e) {
    const msg = String((e as Error)?.message ?? e).slice(0, 200);
    deps.log.error('purge stopped', { error: msg });
    await db.updateTable('privacy_runs').set({ state: 'failed', error: msg, updated_at: deps.now().toISOString() }).where('id', '=', runId).execute().catch(() => undefined);
    return runRowToDomain(await db.selectFrom('privacy_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow());
  }
}

/** Removes the old values from the database's files: freed pages and the WAL still hold them after UPDATE/DELETE. */
export async function compact(deps: Pick<PurgeDeps, 'db' | 'kind' | 'log'>): Promise<void> {
  const { db } = deps;
  if (deps.kind === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    await sql`vacuum`.execute(db);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return;
  }
  for (const t of ['visitors', 'search_keys', 'audit_log']) {
    try {
      await sql`vacuum full ${sql.table(t)}`.execute(db);
    } catch (e) {
      // A venue role that does not own the tables: rows are purged, the server's own autovacuum reclaims the space.
      deps.log.warn('vacuum not permitted', { table: t, error: String((e as Error)?.message ?? e).slice(0, 120) });
    }
  }
}
