/**
 * 0025 — the dashboard's running counts, kept by the database in the very transaction
 * that writes the fact, so a refresh reads a few hundred rows instead of running its
 * aggregates over every check-in, registration and stamp (1.7 s at 100k visitors):
 *
 *   dashboard_checkins   (hour, day, station_id, method, category) → n   check-ins
 *   dashboard_registered (day, category) → n                              registrations (visitor_days)
 *   dashboard_stamps     (day, point_id) → n                              rally stamps
 *
 * Why triggers and not a line in each service: every writer keeps them exact — the
 * check-in and stamp services, an import, the offline replica applying the venue's feed,
 * a purge, a test or a bench seeding rows directly. The invariant each trigger keeps:
 * n = the number of rows grouped by the visitor's CURRENT category, the same figure the
 * inner join gives. A fact whose visitor row does not exist (yet: a replica batch may
 * bring the check-in first) counts under category '' and moves when the visitor comes
 * (or back when the visitor goes); readers skip ''. A category change moves that
 * visitor's few rows (one check-in and one registration per day at most).
 *
 * The station id is part of the check-in key so two venue desks never wait on one
 * counter row (the same grain as checkin_tallies). Filled here from the rows already
 * written. The SQLite replica's INSERT OR REPLACE needs recursive_triggers on (set where
 * the connections open) so a replaced row is counted out before it is counted in.
 *
 * The statements are the same text on both databases; SQLite takes them as one trigger
 * per operation, PostgreSQL as one plpgsql function per table.
 * Frozen once landed; never import app code.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

type Ref = 'NEW' | 'OLD';
const catOf = (code: string) => `coalesce((SELECT category FROM visitors WHERE code = ${code}), '')`;

const checkinInc = (r: Ref) => `INSERT INTO dashboard_checkins (hour, day, station_id, method, category, n)
  VALUES (substr(${r}.at, 1, 13), ${r}.day, ${r}.station_id, ${r}.method, ${catOf(`${r}.visitor_code`)}, 1)
  ON CONFLICT (hour, day, station_id, method, category) DO UPDATE SET n = dashboard_checkins.n + 1;`;
const checkinDec = (r: Ref) => `UPDATE dashboard_checkins SET n = n - 1
  WHERE hour = substr(${r}.at, 1, 13) AND day = ${r}.day AND station_id = ${r}.station_id AND method = ${r}.method AND category = ${catOf(`${r}.visitor_code`)};`;
const registeredInc = (r: Ref) => `INSERT INTO dashboard_registered (day, category, n) VALUES (${r}.day, ${catOf(`${r}.visitor_code`)}, 1)
  ON CONFLICT (day, category) DO UPDATE SET n = dashboard_registered.n + 1;`;
const registeredDec = (r: Ref) => `UPDATE dashboard_registered SET n = n - 1 WHERE day = ${r}.day AND category = ${catOf(`${r}.visitor_code`)};`;
const stampInc = (r: Ref) => `INSERT INTO dashboard_stamps (day, point_id, n) VALUES (${r}.day, ${r}.point_id, 1)
  ON CONFLICT (day, point_id) DO UPDATE SET n = dashboard_stamps.n + 1;`;
const stampDec = (r: Ref) => `UPDATE dashboard_stamps SET n = n - 1 WHERE day = ${r}.day AND point_id = ${r}.point_id;`;

/**
 * One visitor's registration days through visitor_days' key (day, visitor_code): its
 * days are among those dashboard_registered has a row for (every registration ever
 * written made one, and rows are never removed) — a handful of key probes instead of a
 * scan of every registration.
 */
const visitorDays = (code: string) => `day IN (SELECT DISTINCT day FROM dashboard_registered) AND visitor_code = ${code}`;

/**
 * Moves visitor `code`'s check-ins, then registrations, from category `from` to `to`,
 * driven by the visitor's own rows (row-value IN on the counts' primary keys). Each move
 * runs only when the visitor has such rows (`hasCheckins`, `hasDays`): an import inserts
 * the visitor before its days and long before any check-in, and pays two index probes.
 */
const moveCheckins = (code: string, from: string, to: string) => `
  UPDATE dashboard_checkins SET n = n - (SELECT count(*) FROM checkins c WHERE c.visitor_code = ${code} AND substr(c.at, 1, 13) = dashboard_checkins.hour AND c.day = dashboard_checkins.day AND c.station_id = dashboard_checkins.station_id AND c.method = dashboard_checkins.method)
    WHERE category = ${from} AND (hour, day, station_id, method) IN (SELECT substr(at, 1, 13), day, station_id, method FROM checkins WHERE visitor_code = ${code});
  INSERT INTO dashboard_checkins (hour, day, station_id, method, category, n)
    SELECT substr(at, 1, 13), day, station_id, method, ${to}, count(*) FROM checkins WHERE visitor_code = ${code} GROUP BY substr(at, 1, 13), day, station_id, method
    ON CONFLICT (hour, day, station_id, method, category) DO UPDATE SET n = dashboard_checkins.n + excluded.n;`;
const moveRegistered = (code: string, from: string, to: string) => `
  UPDATE dashboard_registered SET n = n - 1
    WHERE category = ${from} AND day IN (SELECT day FROM visitor_days WHERE ${visitorDays(code)});
  INSERT INTO dashboard_registered (day, category, n)
    SELECT day, ${to}, count(*) FROM visitor_days WHERE ${visitorDays(code)} GROUP BY day
    ON CONFLICT (day, category) DO UPDATE SET n = dashboard_registered.n + excluded.n;`;
const hasCheckins = (code: string) => `EXISTS (SELECT 1 FROM checkins WHERE visitor_code = ${code})`;
const hasDays = (code: string) => `EXISTS (SELECT 1 FROM visitor_days WHERE ${visitorDays(code)})`;
/** The visitor's rows leave `OLD.category` for '' / come from '' to `NEW.category`, each part guarded. */
const visitorMoves = (r: Ref) => {
  const [from, to] = r === 'OLD' ? ['OLD.category', "''"] : ["''", 'NEW.category'];
  return [
    { guard: hasCheckins(`${r}.code`), body: moveCheckins(`${r}.code`, from, to) },
    { guard: hasDays(`${r}.code`), body: moveRegistered(`${r}.code`, from, to) },
  ];
};
const plpgsqlMoves = (r: Ref) => visitorMoves(r).map((m) => `IF ${m.guard} THEN ${m.body} END IF;`).join('\n');

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('dashboard_checkins')
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dashboard_checkins_pk', ['hour', 'day', 'station_id', 'method', 'category'])
    .execute();
  await db.schema.createIndex('dashboard_checkins_day').on('dashboard_checkins').column('day').execute();
  await db.schema
    .createTable('dashboard_registered')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dashboard_registered_pk', ['day', 'category'])
    .execute();
  await db.schema
    .createTable('dashboard_stamps')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('point_id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dashboard_stamps_pk', ['day', 'point_id'])
    .execute();

  // The counts so far (inner joins: a fact without its visitor counts under '').
  await sql`INSERT INTO dashboard_checkins (hour, day, station_id, method, category, n)
    SELECT substr(c.at, 1, 13), c.day, c.station_id, c.method, coalesce(v.category, ''), count(*)
    FROM checkins c LEFT JOIN visitors v ON v.code = c.visitor_code
    GROUP BY substr(c.at, 1, 13), c.day, c.station_id, c.method, coalesce(v.category, '')`.execute(db);
  await sql`INSERT INTO dashboard_registered (day, category, n)
    SELECT d.day, coalesce(v.category, ''), count(*) FROM visitor_days d LEFT JOIN visitors v ON v.code = d.visitor_code
    GROUP BY d.day, coalesce(v.category, '')`.execute(db);
  await sql`INSERT INTO dashboard_stamps (day, point_id, n) SELECT day, point_id, count(*) FROM rally_stamps GROUP BY day, point_id`.execute(db);

  const checkinCols = 'at, day, station_id, method, visitor_code';
  const visitorWhen = 'OLD.category IS DISTINCT FROM NEW.category OR OLD.code IS DISTINCT FROM NEW.code';
  if (!pg) {
    const trigger = (name: string, when: string, body: string) => sql.raw(`CREATE TRIGGER ${name} AFTER ${when} BEGIN ${body} END`).execute(db);
    await trigger('dashboard_checkins_ins', 'INSERT ON checkins', checkinInc('NEW'));
    await trigger('dashboard_checkins_del', 'DELETE ON checkins', checkinDec('OLD'));
    await trigger('dashboard_checkins_upd', `UPDATE OF ${checkinCols} ON checkins`, checkinDec('OLD') + checkinInc('NEW'));
    await trigger('dashboard_registered_ins', 'INSERT ON visitor_days', registeredInc('NEW'));
    await trigger('dashboard_registered_del', 'DELETE ON visitor_days', registeredDec('OLD'));
    await trigger('dashboard_registered_upd', 'UPDATE OF day, visitor_code ON visitor_days', registeredDec('OLD') + registeredInc('NEW'));
    await trigger('dashboard_stamps_ins', 'INSERT ON rally_stamps', stampInc('NEW'));
    await trigger('dashboard_stamps_del', 'DELETE ON rally_stamps', stampDec('OLD'));
    await trigger('dashboard_stamps_upd', 'UPDATE OF day, point_id ON rally_stamps', stampDec('OLD') + stampInc('NEW'));
    // SQLite spells IS DISTINCT FROM as IS NOT; its guards are the triggers' WHEN.
    const changed = visitorWhen.replaceAll('IS DISTINCT FROM', 'IS NOT');
    for (const [k, part] of ['checkins', 'days'].entries()) {
      const out = visitorMoves('OLD')[k]!;
      const into = visitorMoves('NEW')[k]!;
      await trigger(`dashboard_visitor_ins_${part}`, `INSERT ON visitors WHEN ${into.guard}`, into.body);
      await trigger(`dashboard_visitor_del_${part}`, `DELETE ON visitors WHEN ${out.guard}`, out.body);
      await trigger(`dashboard_visitor_upd_${part}`, `UPDATE OF category, code ON visitors WHEN (${changed}) AND (${out.guard} OR ${into.guard})`, out.body + into.body);
    }
    return;
  }
  const fn = async (name: string, inc: string, dec: string) =>
    sql.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN ${dec} END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN ${inc} END IF;
        RETURN NULL;
      END $$`).execute(db);
  const trigger = (name: string, fnName: string, on: string, cond = '') => sql.raw(`CREATE TRIGGER ${name} AFTER ${on} FOR EACH ROW ${cond} EXECUTE FUNCTION ${fnName}()`).execute(db);
  await fn('dashboard_checkins_count', checkinInc('NEW'), checkinDec('OLD'));
  await trigger('dashboard_checkins_count', 'dashboard_checkins_count', `INSERT OR DELETE OR UPDATE OF ${checkinCols} ON checkins`);
  await fn('dashboard_registered_count', registeredInc('NEW'), registeredDec('OLD'));
  await trigger('dashboard_registered_count', 'dashboard_registered_count', 'INSERT OR DELETE OR UPDATE OF day, visitor_code ON visitor_days');
  await fn('dashboard_stamps_count', stampInc('NEW'), stampDec('OLD'));
  await trigger('dashboard_stamps_count', 'dashboard_stamps_count', 'INSERT OR DELETE OR UPDATE OF day, point_id ON rally_stamps');
  // A WHEN naming OLD and NEW is allowed on an UPDATE trigger only: the visitor's are two.
  await fn('dashboard_visitor_category', plpgsqlMoves('NEW'), plpgsqlMoves('OLD'));
  await trigger('dashboard_visitor_rows', 'dashboard_visitor_category', 'INSERT OR DELETE ON visitors');
  await trigger('dashboard_visitor_category', 'dashboard_visitor_category', 'UPDATE OF category, code ON visitors', `WHEN (${visitorWhen})`);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const t of ['dashboard_checkins', 'dashboard_registered', 'dashboard_stamps']) await db.schema.dropTable(t).ifExists().execute();
  if (pg) {
    for (const [f, t] of [['dashboard_checkins_count', 'checkins'], ['dashboard_registered_count', 'visitor_days'], ['dashboard_stamps_count', 'rally_stamps'], ['dashboard_visitor_category', 'visitors'], ['dashboard_visitor_rows', 'visitors']]) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${f} ON ${t}`).execute(db);
      await sql.raw(`DROP FUNCTION IF EXISTS ${f}()`).execute(db);
    }
  }
}
