/**
 * PostgreSQL (venue mode): many stations share one server. A small pg Pool per station
 * behind kysely's PostgresDialect; the same migrations and services as SQLite, with the
 * differences kept in dialect.ts. The SQLite path never loads this module.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema';
import { slowLogger, type DbHandle, type OpenOptions } from './connect';
import { dialectFor } from './dialect';
import { preparedStatementsPool } from './pg-prepared';

/** A station makes a few requests at a time; 30 stations × 6 stays far below max_connections. */
const DEFAULT_POOL = 6;

/** Thrown when the venue server cannot be used at start: one line, no credentials. */
export class VenueDbError extends Error {}

/** postgres://user@host:port/db — the URL without its password (for logs and screens). */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/** Turns a pg connect error into the sentence an operator can act on. */
export function explainPgError(e: unknown, where: string): string {
  const code = String((e as { code?: string })?.code ?? '');
  const msg = String((e as Error)?.message ?? e).split('\n')[0] ?? '';
  const why =
    code === 'ECONNREFUSED' ? 'nothing is listening there (is PostgreSQL running? right host and port?)'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the host name is unknown'
    : code === '28P01' || code === '28000' ? `the user name or password is wrong (${msg})`
    : code === '3D000' ? `the database does not exist (${msg}); create it, then run: npm run cli -- venue init --db URL`
    : /timeout/i.test(msg) ? 'no answer from the server (network, firewall or host down?)'
    : msg;
  return `cannot connect to the venue database ${where}: ${why}`;
}

function poolSize(opts: OpenOptions): number {
  const fromEnv = Number(process.env.FAIRDESK_PG_POOL);
  return opts.poolSize ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_POOL);
}

/** pg Pool settings shared by the station pool and the notification listener. */
export function pgClientConfig(url: string): pg.ClientConfig {
  return {
    connectionString: url,
    // A black-holed network must fail a request within seconds, not hang the desk.
    connectionTimeoutMillis: 5_000,
    application_name: 'fairdesk',
    keepAlive: true,
  };
}

export async function openPostgres(url: string, opts: OpenOptions): Promise<DbHandle> {
  const where = describePgUrl(url);
  if (!URL.canParse(url)) {
    throw new VenueDbError(`--db is not a valid PostgreSQL URL (${where}); expected postgres://user:password@host:5432/database`);
  }
  const pool = new pg.Pool({ ...pgClientConfig(url), max: poolSize(opts), idleTimeoutMillis: 30_000 });
  // An idle pooled connection dies when the server restarts; pg emits that here. Without
  // a listener it would crash the process. The pool drops the client and the next
  // request opens a fresh connection (or fails as db_unavailable while the server is away).
  pool.on('error', (e) => opts.onConnectionError?.(e));
  // Fail at start, with one clear line, on a wrong URL, password or database.
  if (!opts.deferConnect) try {
    const client = await pool.connect();
    // Checked out, the client is outside the pool's idle listener: hear its error here too.
    client.on('error', () => undefined);
    client.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    // The cause keeps pg's code: a station with a replica starts offline on "unreachable".
    throw new VenueDbError(explainPgError(e, where), { cause: e });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedStatementsPool(pool, undefined, (e) => opts.onConnectionError?.(e)) }), log: slowLogger(opts) });
  return { db, kind: 'postgres', ops: dialectFor('postgres'), where, close: () => db.destroy() };
}
