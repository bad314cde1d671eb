/**
 * The station's PostgreSQL pool names its hot statements (server-side prepared), and
 * survives a table altered under it — on a real PostgreSQL.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { preparedStatementsPool, shouldPrepare, statementName } from '../db/pg-prepared';
import { freshPostgresDatabase, postgresSkip } from './helpers/databases';

describe('which statements get a name (pure)', () => {
  test('parameterised DML of bounded size only', () => {
    assert.ok(shouldPrepare('select * from visitors where code = $1', ['A']));
    assert.ok(shouldPrepare('  INSERT INTO checkins (id) VALUES ($1)', ['x']));
    assert.ok(!shouldPrepare('select 1', []), 'no parameters: nothing to reuse');
    assert.ok(!shouldPrepare('begin', []));
    assert.ok(!shouldPrepare('create table t (id text)', ['x']), 'DDL never');
    assert.ok(!shouldPrepare('insert into t values ' + '($1),'.repeat(100), Array(100).fill('x')), 'big import batches stay unnamed');
    assert.equal(statementName('select $1'), statementName('select $1'));
    assert.notEqual(statementName('select $1'), statementName('select $2'));
  });
});

interface T {
  items: { id: string; label: string; extra?: string | null };
}

describe('prepared statements on PostgreSQL', { skip: !!(postgresSkip()) }, () => {
  async function open() {
    const url = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const db = new Kysely<T>({ dialect: new PostgresDialect({ pool: preparedStatementsPool(pool, true) }) });
    await sql`create table items (id text primary key, label text not null)`.execute(db);
    await db.insertInto('items').values([{ id: 'a', label: '가' }, { id: 'b', label: '나' }]).execute();
    return { db, pool };
  }
  const prepared = async (db: Kysely<T>) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);

  test('a repeated query is prepared once on the connection and gives the same rows', async () => {
    const { db } = await open();
    try {
      for (const id of ['a', 'b', 'a']) {
        const row = await db.selectFrom('items').select('label').where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(row.label, id === 'a' ? '가' : '나');
      }
      const names = await prepared(db);
      assert.equal(names.filter((s) => /from "items" where "id" = \$1/.test(s)).length, 1, names.join('\n'));
    } finally {
      await db.destroy();
    }
  });

  test('a table altered under the station: a read re-runs unnamed; a transaction fails once, then all is well', async () => {
    const { db, pool } = await open();
    const other = new pg.Client({ connectionString: (pool.options as { connectionString: string }).connectionString });
    await other.connect();
    try {
      const read = () => db.selectFrom('items').selectAll().where('id', '=', 'a').executeTakeFirstOrThrow();
      assert.equal((await read()).label, '가');
      await other.query('alter table items add column extra text');
      assert.equal((await read()).extra, null, 'the read saw the new column, no error');

      const inTx = () => db.transaction().execute(async (tx) => tx.selectFrom('items').selectAll().where('id', '=', 'b').executeTakeFirstOrThrow());
      assert.equal((await inTx()).label, '나');
      await other.query('alter table items add column more text');
      await assert.rejects(inTx(), (e: { code?: string }) => e.code === '0A000');
      // The connection with the stale statement was dropped; the next request works.
      assert.equal((await inTx()).label, '나');
    } finally {
      await other.end();
      await db.destroy();
    }
  });
});
