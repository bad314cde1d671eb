/**
 * Everything that differs between SQLite and PostgreSQL sits behind this one object,
 * both implementations side by side. Services call these and stay portable.
 */
export type DbKind = 'sqlite' | 'postgres';

export interface DialectOps {
  kind: DbKind;
  /** Largest number of bind parameters one statement may carry (batch inserts size themselves by it). */
  maxParams: number;
  /** Upper bound for a prefix range scan: key >= q AND key < prefixEnd(q). */
  prefixEnd(q: string): string;
  /** True when a thrown error means "the database server cannot be reached" (not a bug). */
  isUnavailable(e: unknown): boolean;
}

const prefixEnd = (q: string) => q + '\uffff';

const sqliteOps: DialectOps = {
  kind: 'sqlite',
  maxParams: 32_000,
  prefixEnd,
  // A local file: "unreachable" means the disk is full or gone.
  // BUSY/LOCKED: another process (e.g. `npm run cli -- import …`) holds the write lock
  // past busy_timeout — nothing was written, and the desk's retry will get through.
  isUnavailable: (e) => /SQLITE_(FULL|IOERR|CANTOPEN|READONLY|BUSY|LOCKED)/.test(String((e as { code?: string })?.code ?? '')),
};
const postgresOps: DialectOps = {
  kind: 'postgres',
  maxParams: 65_000,
  prefixEnd,
  isUnavailable: (e) => {
    const code = String((e as { code?: string })?.code ?? '');
    // Connection refused/reset, server shutting down (57P01 admin shutdown, 57P03 not
    // accepting connections yet), too many connections, SQLSTATE class 08.
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|57P01|57P02|57P03|53300|08\w{3})$/.test(code)) return true;
    // pg's own errors carry no code, only these messages (checked against a real server
    // stopped mid-query, a refused port and a silent one — see test/venue.faults.test.ts):
    // "Connection terminated unexpectedly", "Connection terminated due to connection
    // timeout", "timeout expired", "timeout exceeded when trying to connect" (pool),
    // "Client has encountered a connection error and is not queryable".
    return /Connection terminated|timeout expired|timeout exceeded when trying to connect|not queryable/i.test(String((e as Error)?.message ?? ''));
  },
};

export function dialectFor(kind: DbKind): DialectOps {
  return kind === 'sqlite' ? sqliteOps : postgresOps;
}
