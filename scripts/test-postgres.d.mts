/** Types for test-postgres.mjs (imported by TypeScript tests and the bench). */
export interface TestPostgres {
  /** postgres://postgres:…@127.0.0.1:PORT/postgres — the admin database. */
  url: string;
  port: number;
  /** The postmaster's process id while running (the bench reads its CPU time). */
  readonly pid: number | undefined;
  /** Stop the server, keeping its data (fault tests); resume() starts it again on the same port. */
  halt(): Promise<void>;
  resume(): Promise<void>;
  /** Stop and delete everything. */
  stop(): Promise<void>;
}
export function startTestPostgres(opts?: {
  maxConnections?: number;
  /** fsync and synchronous commit on, as on a venue server (tests turn them off). */
  durable?: boolean;
  /** Extra postgres flags, e.g. ['-c', 'shared_buffers=256MB']. */
  flags?: string[];
}): Promise<TestPostgres>;
