/**
 * The databases every service test runs against. SQLite always (a file in a temp dir)
 * and PostgreSQL at FAIRDESK_TEST_PG (npm test starts a throwaway server,
 * scripts/test-postgres.mjs) — each call gets a fresh, empty database. Without that
 * server the test file fails at once: PostgreSQL is only left out on an explicit
 * FAIRDESK_TEST_NO_PG=1, never silently.
 *
 *   for (const tdb of testDatabases()) describe(`… (${tdb.name})`, () => { … testStation({ db: await tdb.target(dir) }) … })
 *
 * Stations that should share one database (two desks racing) take the same target.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DbTarget } from '../../db/connect';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh database for one test station group. */
  target(dataDir: string): Promise<DbTarget>;
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  target: async (dataDir) => ({ kind: 'sqlite', file: path.join(dataDir, 'fairdesk.sqlite') }),
};

/** Creates fd_<random> on the server at `serverUrl` and returns its URL (left for the throwaway cluster to delete). */
export async function freshPostgresDatabase(serverUrl: string): Promise<string> {
  const name = `fd_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function postgres(serverUrl: string): TestDatabase {
  return {
    name: 'postgres',
    target: async () => ({ kind: 'postgres', url: await freshPostgresDatabase(serverUrl) }),
  };
}

export function testDatabases(): TestDatabase[] {
  const pgUrl = process.env.FAIRDESK_TEST_PG;
  if (pgUrl) return [sqlite, postgres(pgUrl)];
  if (process.env.FAIRDESK_TEST_NO_PG) return [sqlite];
  throw new Error(
    'No test PostgreSQL: run the tests through `npm test` / scripts/test.mjs (which starts one), set FAIRDESK_TEST_PG to a server URL, ' +
      'or set FAIRDESK_TEST_NO_PG=1 to run on SQLite only on purpose.',
  );
}

/**
 * For a suite that needs PostgreSQL itself (venue mode): `describe(…, { skip: postgresSkip() })`.
 * false when the test server is there; a reason only on an explicit FAIRDESK_TEST_NO_PG;
 * otherwise it throws like testDatabases() — a missing server is a failure, not a skip.
 */
export function postgresSkip(): false | string {
  return testDatabases().some((d) => d.name === 'postgres') ? false : 'FAIRDESK_TEST_NO_PG=1: PostgreSQL left out on purpose';
}
