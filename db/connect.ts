/**
 * Opens the station's database: an embedded SQLite file (default) or, in venue mode,
 * a shared PostgreSQL server. Everything above this module sees one Kysely<Database>
 * plus the small set of dialect-specific operations in `dialect.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Kysely, Migrator, SqliteDialect, type LogEvent } from 'kysely';
import type { Database } from './schema';
import { migrationProvider } from './migrations/index';
import { dialectFor, type DbKind, type DialectOps } from './dialect';

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  ops: DialectOps;
  /** Human-readable location without credentials (for logs and the status screen). */
  where: string;
  close(): Promise<void>;
}

export type DbTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface OpenOptions {
  /** Called for queries slower than `slowMs` (house style: warn on ~40 ms). */
  onSlowQuery?: (ms: number, sqlText: string) => void;
  slowMs?: number;
  /** PostgreSQL: connections in this station's pool (default FAIRDESK_PG_POOL or 6). */
  poolSize?: number;
  /** PostgreSQL: an idle pooled connection failed (server restarted or went away). */
  onConnectionError?: (e: Error) => void;
  /** PostgreSQL: do not test the connection at open (a venue station starting offline on its replica, issue 13). */
  deferConnect?: boolean;
}

const require = createRequire(import.meta.url);

export function slowLogger(opts: OpenOptions) {
  const slowMs = opts.slowMs ?? 40;
  return (ev: LogEvent) => {
    if (ev.queryDurationMillis >= slowMs) opts.onSlowQuery?.(ev.queryDurationMillis, ev.query.sql.slice(0, 200));
  };
}

/**
 * Kysely begins SQLite transactions DEFERRED: a write transaction that reads first takes
 * the write lock only at its first write, and if another process sharing the file (two
 * stations, or the CLI) committed in between, SQLite answers SQLITE_BUSY at once — the
 * busy timeout cannot help a stale snapshot — and the desk has to retry (the chaos gift
 * race saw hundreds of these). BEGIN IMMEDIATE takes the write lock at the start and
 * waits for it under busy_timeout instead. Every Kysely transaction here is a write
 * (reads run outside transactions), and one process has one connection, so nothing
 * in-process waits longer than before.
 */
export function beginImmediate(sqlite: import('better-sqlite3').Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => prepare(/^\s*begin\s*;?\s*$/i.test(source) ? 'begin immediate' : source)) as typeof sqlite.prepare;
}

/**
 * Kysely's SQLite driver prepares every statement anew. The station runs the same few
 * hundred statements all day (and an import the same multi-row INSERT thousands of
 * times), so prepared statements are kept, most recently used first. Safe because
 * better-sqlite3 runs one statement at a time and we never stream (iterate) results.
 */
export function cachePreparedStatements(sqlite: import('better-sqlite3').Database, max = 500): void {
  const cache = new Map<string, import('better-sqlite3').Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) cache.delete(source);
    else {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

export async function openSqlite(file: string, opts: OpenOptions = {}): Promise<DbHandle> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const BetterSqlite3 = require('better-sqlite3') as typeof import('better-sqlite3');
  // Electron and plain Node need different builds of the native module (different
  // ABIs). The Electron shell points FAIRDESK_SQLITE_BINDING at its own copy so the
  // two never overwrite each other (see scripts/native-electron.mjs).
  const nativeBinding = process.env.FAIRDESK_SQLITE_BINDING || undefined;
  const sqlite = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable across application crashes; only an OS crash or
  // power loss can lose the last transactions. FULL for a check-in desk: nothing
  // acknowledged may be lost, and a fsync per check-in is affordable.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  beginImmediate(sqlite);
  // A row replaced (INSERT OR REPLACE) fires its delete triggers too, so the dashboard's
  // counts (0025) count it out before counting it in.
  sqlite.pragma('recursive_triggers = ON');
  cachePreparedStatements(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: slowLogger(opts) });
  return { db, kind: 'sqlite', ops: dialectFor('sqlite'), where: file, close: () => db.destroy() };
}

export async function openDatabase(target: DbTarget, opts: OpenOptions = {}): Promise<DbHandle> {
  if (target.kind === 'sqlite') return openSqlite(target.file, opts);
  const { openPostgres } = await import('./postgres');
  return openPostgres(target.url, opts);
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String((error as Error)?.message ?? error)}`);
  }
}
