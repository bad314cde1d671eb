/**
 * Named (server-side prepared) statements for the station's PostgreSQL pool.
 *
 * kysely sends every query as unnamed SQL, so PostgreSQL parses and plans each scan's
 * half-dozen statements afresh. With thirty stations on one server that planning is a
 * fifth or more of the server's CPU per scan (bench: 0.63 → 0.47 ms). The same few
 * statement texts repeat all day, so each pooled connection prepares a statement once,
 * under a name derived from its text, and then only binds and executes it.
 *
 * Only parameterised DML is named, and only up to a bound on text length and parameter
 * count, so the set of names per connection stays small (an IN list of 1..n values is at
 * most n variants); DDL, transaction control and big import batches go unnamed.
 *
 * A venue upgrade that alters a table under a running station makes PostgreSQL refuse a
 * statement prepared before it ("cached plan must not change result type", 0A000). Outside
 * a transaction the query is re-run unnamed at once; inside one the transaction is already
 * aborted, so the request fails (db error, the screen retries) and the connection is
 * dropped from the pool rather than returned with its stale statements.
 *
 * FAIRDESK_PG_PREPARE=0 turns the naming off (e.g. behind a pooler that cannot keep
 * prepared statements across transactions); the error guard below stays on.
 *
 * Every checked-out client gets an 'error' listener for as long as it is out. pg-pool
 * listens only on idle clients; a client inside a transaction, between two statements,
 * when the server stops (restart, failover, admin shutdown) emits 'error' with no query
 * to deliver it to — unheard, that event ends the station process. Heard, it marks the
 * client broken: the next statement on it fails as "unavailable" (the screen retries) and
 * release destroys it instead of returning it to the pool.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

const MAX_TEXT = 4_000;
const MAX_PARAMS = 64;
const DML = /^\s*(select|insert|update|delete|with)\b/i;
const STALE_PLAN = '0A000';

/** Whether a statement is worth a name: repeated, parameterised DML of bounded variety. */
export function shouldPrepare(sql: string, params: ReadonlyArray<unknown>): boolean {
  return params.length > 0 && params.length <= MAX_PARAMS && sql.length <= MAX_TEXT && DML.test(sql);
}

/** The statement's name on every connection: stable for the same text, distinct otherwise. */
export function statementName(sql: string): string {
  return `fd_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
}

export function preparedStatementsPool(
  pool: pg.Pool,
  enabled = process.env.FAIRDESK_PG_PREPARE !== '0',
  onConnectionError: (e: Error) => void = () => undefined,
): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (name === undefined) names.set(sql, (name = statementName(sql)));
    return name;
  };
  return {
    end: () => pool.end(),
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let inTransaction = false;
      let stale = false;
      let broken = false;
      const onError = (e: Error) => {
        broken = true;
        onConnectionError(e);
      };
      client.on('error', onError);
      const run = async <R>(sql: string, params: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> => {
        const head = sql.trimStart().slice(0, 8).toLowerCase();
        if (head.startsWith('begin') || head.startsWith('start')) inTransaction = true;
        else if (head.startsWith('commit') || head.startsWith('rollback')) inTransaction = false;
        if (!enabled || !shouldPrepare(sql, params)) return (await client.query(sql, [...params])) as unknown as PostgresQueryResult<R>;
        try {
          return (await client.query({ name: nameOf(sql), text: sql, values: [...params] })) as unknown as PostgresQueryResult<R>;
        } catch (e) {
          if ((e as { code?: string }).code !== STALE_PLAN) throw e;
          stale = true;
          if (inTransaction) throw e;
          return (await client.query(sql, [...params])) as unknown as PostgresQueryResult<R>;
        }
      };
      return {
        query: ((a: string | PostgresCursor<unknown>, params?: ReadonlyArray<unknown>) =>
          typeof a === 'string' ? run(a, params ?? []) : client.query(a as never)) as PostgresPoolClient['query'],
        release: (destroy?: boolean) => {
          client.removeListener('error', onError);
          client.release(destroy || stale || broken);
        },
      };
    },
  };
}
