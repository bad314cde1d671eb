/**
 * db/schema.ts is what the code believes; the migrations are what the database has.
 * This compares the two on both databases after migrating: every table and column the
 * Database interface names exists, nothing exists that it does not name, and a column
 * is nullable in the database exactly when its type admits null. (The interface is read
 * with the TypeScript compiler — types do not exist at run time.)
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import path from 'node:path';
import ts from 'typescript';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from '../db/connect';
import { testDatabases } from './helpers/databases';
import { tempDir } from './helpers/station';

type Shape = Record<string, Record<string, { nullable: boolean }>>;

/** table → column → nullable, from the Database interface in db/schema.ts. */
function declaredSchema(): Shape {
  const file = path.resolve(import.meta.dirname, '../db/schema.ts');
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Database');
  assert.ok(decl, 'db/schema.ts declares interface Database');
  const db = checker.getTypeAtLocation(decl.name);
  const out: Shape = {};
  for (const table of checker.getPropertiesOfType(db)) {
    const tableType = checker.getTypeOfSymbolAtLocation(table, decl);
    out[table.name] = {};
    for (const col of checker.getPropertiesOfType(tableType)) {
      const t = checker.getTypeOfSymbolAtLocation(col, decl);
      const parts = t.isUnion() ? t.types : [t];
      out[table.name]![col.name] = { nullable: parts.some((p) => (p.flags & ts.TypeFlags.Null) !== 0) };
    }
  }
  return out;
}

const KYSELY_OWN = new Set(['kysely_migration', 'kysely_migration_lock']);
// The venue's change feed (0011, PostgreSQL only): trigger-written, never typed in
// db/schema.ts, read by main/venue/change-feed.ts with raw SQL.
const FEED_TABLES = new Set(['offline_tombstones']);
const FEED_COLUMN = 'change_xid';

async function liveSchema(db: Kysely<any>, kind: 'sqlite' | 'postgres'): Promise<Shape> {
  const out: Shape = {};
  if (kind === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    for (const { name } of tables.rows) {
      if (KYSELY_OWN.has(name)) continue;
      const cols = await sql<{ name: string; notnull: number; pk: number }>`select name, "notnull", pk from pragma_table_info(${name})`.execute(db);
      // A single-column primary key is NOT NULL in effect (SQLite reports notnull 0 for a text PK).
      out[name] = Object.fromEntries(cols.rows.map((c) => [c.name, { nullable: c.notnull === 0 && c.pk === 0 }]));
    }
  } else {
    const cols = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      select table_name, column_name, is_nullable from information_schema.columns where table_schema = current_schema()`.execute(db);
    for (const c of cols.rows) {
      if (KYSELY_OWN.has(c.table_name) || FEED_TABLES.has(c.table_name) || c.column_name === FEED_COLUMN) continue;
      (out[c.table_name] ??= {})[c.column_name] = { nullable: c.is_nullable === 'YES' };
    }
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

for (const tdb of testDatabases()) describe(`live schema = db/schema.ts (${tdb.name})`, () => {
  test('the same tables, the same columns, the same nullability', async () => {
    const declared = declaredSchema();
    const dir = tempDir();
    const handle = await openDatabase(await tdb.target(dir));
    try {
      await migrateToLatest(handle.db);
      const live = await liveSchema(handle.db as unknown as Kysely<any>, tdb.name);
      assert.deepEqual(sorted(Object.keys(live)), sorted(Object.keys(declared)), 'tables');
      for (const table of Object.keys(declared)) {
        assert.deepEqual(sorted(Object.keys(live[table]!)), sorted(Object.keys(declared[table]!)), `columns of ${table}`);
        for (const [col, { nullable }] of Object.entries(declared[table]!)) {
          assert.equal(live[table]![col]!.nullable, nullable, `${table}.${col}: ${nullable ? 'typed nullable but NOT NULL' : 'typed not null but nullable'} in the database`);
        }
      }
    } finally {
      await handle.close();
    }
  });
});
