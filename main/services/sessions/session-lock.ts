/**
 * Serialises the writes that decide a seat in one session. The last seat must go to one
 * of two doors scanning at the same moment: a count taken in two concurrent PostgreSQL
 * transactions would let both in. PostgreSQL: a transaction-scoped advisory lock per
 * session (released at commit). SQLite: the station's one connection already runs one
 * write transaction at a time. (The unique once_key still settles a badge scanned at two
 * doors at once, lock or not.)
 */
import { sql } from 'kysely';
import type { HandlerCtx } from '../../core/router';

export async function lockSession(ctx: Pick<HandlerCtx, 'db' | 'ops'>, sessionId: string): Promise<void> {
  if (ctx.ops.kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`fairdesk.session:${sessionId}`}))`.execute(ctx.db);
}
