/**
 * The databases every service test runs against. SQLite always (a file in a temp dir);
 * PostgreSQL when FAIRDESK_TEST_PG names a running server (npm test starts a throwaway
 * one, scripts/test-postgres.mjs) — each call gets a fresh, empty database.
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
  return pgUrl ? [sqlite, postgres(pgUrl)] : [sqlite];
}
