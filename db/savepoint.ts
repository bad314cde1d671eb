/**
 * One step inside the caller's transaction that may fail without failing it: a failed
 * statement aborts a whole PostgreSQL transaction, so catching the error is not enough —
 * the step runs under a savepoint that is rolled back when it throws (SQLite alike).
 * Used where a side effect (a badge, a receipt) must never undo the fact it follows.
 */
import { sql, type Kysely } from 'kysely';

/** Runs `fn` under a savepoint of `db` (a transaction): its value, or `onError`'s after rolling the step back. */
export async function withSavepoint<DB, T>(db: Kysely<DB>, name: string, fn: () => Promise<T>, onError: (e: unknown) => T): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad savepoint name ${name}`);
  await sql`savepoint ${sql.raw(name)}`.execute(db);
  try {
    const value = await fn();
    await sql`release savepoint ${sql.raw(name)}`.execute(db);
    return value;
  } catch (e) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(db);
    return onError(e);
  }
}
