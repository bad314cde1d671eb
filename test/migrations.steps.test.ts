/**
 * Every migration, on both databases, the way a station upgrades: migrate to N-1, write
 * rows as that version did, migrate to N, check the rows survived and the new shape
 * works (Signal's migration_*_test). The data lives in the older tables; the checks are
 * on what N added or changed: its tables, columns, indexes, keys and backfill. A migration
 * with a down step then goes back to N-1 and up again.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Migrator, PostgresAdapter, sql, type Kysely } from 'kysely';
import { openDatabase, type DbHandle } from '../db/connect';
import { migrationProvider, migrations } from '../db/migrations/index';
import { testDatabases } from './helpers/databases';
import { tempDir } from './helpers/station';

const AT = '2022-04-13T01:00:00.000Z';
const NAMES = Object.keys(migrations);

async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name);
  if (error) throw error;
}

const visitor = (code: string) => ({
  code, name_ko: '김은희', name_en: null, organisation: '한국도로공사', org_norm: '한국도로공사', title: null, category: 'visitor',
  phone: '010-5025-2066', phone_last4: '2066', email: null, country: null, registered_days: '2022-04-13', consent: 1, walk_in: 0,
  row_hash: 'h', created_at: AT, updated_at: AT,
});
const checkin = (code: string, nonce: string) => ({ id: nonce, visitor_code: code, day: '2022-04-13', station_id: 's1', station_name: 'Desk 1', method: 'scan', nonce, reason: null, at: AT });
const printJob = (id: string, extra: Record<string, unknown> = {}) => ({
  id, kind: 'badge', visitor_code: 'PPS22-100001', first_of: null, printer_id: 'p1', printer_name: 'P1', station_id: 's1', station_name: 'Desk 1',
  reason: null, nonce: `n-${id}`, state: 'queued', attempts: 0, last_error: null, created_at: AT, printed_at: null, updated_at: AT, ...extra,
});
const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id, kind: 'consultation', title: '상담', day: '2022-04-13', starts_at: '10:00', ends_at: '10:30', venue: 'T1', seller: '조달청', seller_norm: '조달청',
  buyer: 'ACME', buyer_norm: 'acme', country: 'US', mode: 'offline', row_hash: 'h', created_at: AT, updated_at: AT, ...extra,
});
const rejects = async (p: Promise<unknown>, what: string) => assert.ok(await p.then(() => false, () => true), what);

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** The columns of a table as the database has them, sorted. */
async function columnsOf(db: Kysely<any>, table: string): Promise<string[]> {
  const rows = isPostgres(db)
    ? (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(db)).rows
    : (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows;
  return rows.map((r) => r.name).sort();
}

/** A table's own indexes → their columns in order (those behind a primary key or unique constraint left out: the inserts test those). */
async function indexesOf(db: Kysely<any>, table: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (isPostgres(db)) {
    const rows = await sql<{ name: string; col: string }>`
      select i.relname as name, a.attname as col
      from pg_index ix
      join pg_class t on t.oid = ix.indrelid
      join pg_class i on i.oid = ix.indexrelid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = any(ix.indkey)
      where t.relname = ${table} and t.relnamespace = current_schema()::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid)
      order by i.relname, array_position(ix.indkey::int2[], a.attnum)`.execute(db);
    for (const r of rows.rows) (out[r.name] ??= []).push(r.col);
  } else {
    const list = await sql<{ name: string }>`select name from pragma_index_list(${table}) where name not like 'sqlite_autoindex_%'`.execute(db);
    for (const { name } of list.rows) {
      const cols = await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(db);
      out[name] = cols.rows.map((c) => c.name);
    }
  }
  return out;
}

const pick = (o: Record<string, string[]>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

/** PostgreSQL's change feed (0011): the row's change_xid as a bigint. */
async function changeXid(db: Kysely<any>, table: string, where: string, value: string): Promise<bigint> {
  const r = await sql<{ x: string }>`select change_xid::text as x from ${sql.table(table)} where ${sql.ref(where)} = ${value}`.execute(db);
  return BigInt(r.rows[0]!.x);
}

const programmeItem = (id: string, kind: string, extra: Record<string, unknown> = {}) =>
  item(id, { kind, seller_codes: null, buyer_codes: null, ...extra });
const station = (id: string) => ({ id, name: 'Desk 1', role: 'desk', version: '1', created_at: AT, last_seen_at: AT });
const audit = (id: string, extra: Record<string, unknown> = {}) => ({ id, at: AT, station_id: 's1', channel: 'checkin.scan', entity_id: 'PPS22-100001', detail: null, ...extra });
const sessionScan = (id: string, session: string, code: string, direction: 'in' | 'out', seq: number) => ({
  id, session_id: session, visitor_code: code, direction, seq, once_key: `${session}|${code}|${seq}`, at: AT, station_id: 'd1', station_name: 'Door 1', nonce: `n-${id}`, override_reason: null,
});

/** N → what to write before it (at N-1) and what to check after it. */
const STEPS: Record<string, { before(db: Kysely<any>): Promise<void>; after(db: Kysely<any>): Promise<void> }> = {
  '0002_printing': {
    before: async (db) => {
      await db.insertInto('visitors').values(visitor('PPS22-100001')).execute();
      await db.insertInto('checkins').values(checkin('PPS22-100001', 'c1')).execute();
    },
    after: async (db) => {
      assert.equal((await db.selectFrom('checkins').selectAll().execute()).length, 1);
      await db.insertInto('print_jobs').values(printJob('j1', { first_of: 'PPS22-100001' })).execute();
      await rejects(db.insertInto('print_jobs').values(printJob('j2', { first_of: 'PPS22-100001' })).execute(), 'one first badge per visitor');
      await rejects(db.insertInto('print_jobs').values(printJob('j3', { nonce: 'n-j1' })).execute(), 'a job nonce is unique');
    },
  },
  '0003_rally': {
    before: async (db) => {
      await db.insertInto('visitors').values(visitor('PPS22-100001')).execute();
    },
    after: async (db) => {
      assert.equal((await db.selectFrom('visitors').select('code').execute()).length, 1);
      const stamp = { id: 's1', visitor_code: 'PPS22-100001', point_id: 'hall3', station_id: 's1', station_name: 'Hall 3', method: 'scan', nonce: 'st1', at: AT, day: '2022-04-13', hour: '10' };
      await db.insertInto('rally_stamps').values(stamp).execute();
      const red = { id: 'r1', gift_id: 'ecobag', visitor_code: 'PPS22-100001', period: '*', slot: 1, stock_period: '*', day: '2022-04-13', station_id: 's1', station_name: 'Gift', nonce: 'rn1', at: AT };
      await db.insertInto('rally_redemptions').values(red).execute();
      await rejects(db.insertInto('rally_redemptions').values({ ...red, id: 'r2', nonce: 'rn2' }).execute(), 'one redemption per gift, visitor, period and slot');
    },
  },
  '0004_programme': {
    before: async (db) => {
      await db.insertInto('visitors').values(visitor('PPS22-100001')).execute();
    },
    after: async (db) => {
      await db.insertInto('programme_items').values(item('m1')).execute();
      const ev = { id: 'e1', meeting_id: 'm1', type: 'arrived', minutes: null, at: AT, station_id: 's1', nonce: 'en1', once_key: 'm1:arrived' };
      await db.insertInto('meeting_events').values(ev).execute();
      await rejects(db.insertInto('meeting_events').values({ ...ev, id: 'e2', nonce: 'en2' }).execute(), 'once_key is unique');
    },
  },
  '0005_kiosk': {
    before: async (db) => {
      await db.insertInto('visitors').values(visitor('PPS22-100001')).execute();
    },
    after: async (db) => {
      await db.insertInto('kiosk_settings').values({ id: 'kiosk', idle_seconds: 60, walk_in_enabled: 1, walk_in_categories: '["visitor"]', pin_hash: null, updated_at: AT }).execute();
      await db.insertInto('kiosk_unlock_state').values({ station_id: 'k1', failures: 0, lockouts: 0, locked_until: null, updated_at: AT }).execute();
      assert.equal((await db.selectFrom('kiosk_settings').select('idle_seconds').executeTakeFirstOrThrow()).idle_seconds, 60);
    },
  },
  '0006_programme_codes': {
    before: async (db) => {
      await db.insertInto('programme_items').values(item('m1')).execute();
      await db.insertInto('meeting_events').values({ id: 'e1', meeting_id: 'm1', type: 'arrived', minutes: null, at: AT, station_id: 's1', nonce: 'en1', once_key: 'k1' }).execute();
    },
    after: async (db) => {
      const m = await db.selectFrom('programme_items').selectAll().where('id', '=', 'm1').executeTakeFirstOrThrow();
      assert.deepEqual([m.title, m.seller_codes, m.buyer_codes], ['상담', null, null], 'existing meetings keep their data; no codes yet');
      const e = await db.selectFrom('meeting_events').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([e.type, e.pitch_min, e.qa_min], ['arrived', null, null]);
      await db.updateTable('programme_items').set({ seller_codes: 'PPS22-900001' }).where('id', '=', 'm1').execute();
    },
  },
  '0007_rally_limits': {
    before: async (db) => {
      await db.insertInto('rally_settings').values({ id: 'rally', not_checked_in: 'allow', quiz_pass: 4, undo_minutes: 5, low_stock_at: 20 }).execute();
    },
    after: async (db) => {
      const s = await db.selectFrom('rally_settings').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([s.quiz_pass, s.quiz_attempts_per_day], [4, 3], 'the existing settings row gets the default of three tries');
      const a = { id: 'a1', visitor_code: 'PPS22-100001', day: '2022-04-13', attempt: 1, correct: 2, total: 5, need: 3, passed: 0, station_id: 'q1', station_name: 'Quiz', nonce: 'qa1', at: AT };
      await db.insertInto('rally_quiz_attempts').values(a).execute();
      await rejects(db.insertInto('rally_quiz_attempts').values({ ...a, id: 'a2', nonce: 'qa2' }).execute(), 'one row per visitor, day and attempt number');
    },
  },
  '0009_event_setup': {
    before: async (db) => {
      await db
        .insertInto('event_config')
        .values({ id: 'event', name: '박람회', name_en: 'Expo', days: JSON.stringify(['2022-04-13', '2022-04-14']), halls: JSON.stringify(['3홀', '4홀']), timezone: 'Asia/Seoul', updated_at: AT })
        .execute();
      await db
        .insertInto('rally_points')
        .values([
          { id: 'hall3', label_ko: '3홀', label_en: 'Hall 3', kind: 'hall', open: 1, sort: 1 },
          { id: 'hall4', label_ko: '4홀', label_en: 'Hall 4', kind: 'hall', open: 1, sort: 2 },
          { id: 'quiz', label_ko: '퀴즈', label_en: 'Quiz', kind: 'quiz', open: 1, sort: 3 },
        ])
        .execute();
      await db.insertInto('audit_log').values(audit('a0')).execute();
    },
    after: async (db) => {
      const ev = await db.selectFrom('event_config').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(ev.halls), [{ id: 'hall3', ko: '3홀', en: 'Hall 3' }, { id: 'hall4', ko: '4홀', en: 'Hall 4' }], 'hall labels become halls with the rally points’ ids, in order');
      assert.deepEqual(JSON.parse(ev.setup), { configured: true }, 'the fair this database ran counts as configured');
      assert.deepEqual([ev.name, JSON.parse(ev.days), ev.timezone], ['박람회', ['2022-04-13', '2022-04-14'], 'Asia/Seoul'], 'name, days and time zone stay');
      assert.equal((await db.selectFrom('audit_log').select('operator_id').where('id', '=', 'a0').executeTakeFirstOrThrow()).operator_id, null, 'old audit rows: no operator');
      await db.insertInto('audit_log').values(audit('a1', { operator_id: 'op-1' })).execute();
      assert.equal((await db.selectFrom('audit_log').select('operator_id').where('id', '=', 'a1').executeTakeFirstOrThrow()).operator_id, 'op-1');
      // A database with no event yet gets the column's default, not a configured fair.
      await db.deleteFrom('event_config').execute();
      await db.insertInto('event_config').values({ id: 'event', name: 'x', name_en: 'x', days: '[]', halls: '[]', timezone: 'Asia/Seoul', updated_at: AT }).execute();
      assert.equal((await db.selectFrom('event_config').select('setup').executeTakeFirstOrThrow()).setup, '{}');
    },
  },
  '0010_print_job_expiry': {
    before: async (db) => {
      await db.insertInto('print_jobs').values(printJob('j1')).execute();
    },
    after: async (db) => {
      const j = await db.selectFrom('print_jobs').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([j.state, j.expires_at], ['queued', null], 'jobs queued before the upgrade never expire');
      await db.insertInto('print_jobs').values(printJob('j2', { expires_at: '2022-04-13T01:00:20.000Z' })).execute();
      const due = await db.selectFrom('print_jobs').select('id').where('expires_at', '<=', '2022-04-13T01:00:30.000Z').execute();
      assert.deepEqual(due.map((r) => r.id), ['j2']);
    },
  },
  '0011_offline': {
    before: async (db) => {
      await db.insertInto('visitors').values([visitor('PPS22-100001'), visitor('PPS22-100002')]).execute();
      await db.insertInto('checkins').values(checkin('PPS22-100001', 'c1')).execute();
    },
    after: async (db) => {
      assert.equal((await db.selectFrom('checkins').selectAll().execute()).length, 1);
      const conflict = { station_id: 's1', station_name: 'Desk 1', channel: 'checkin.scan', subject: 'PPS22-100001', offline_at: AT, offline_status: 'checked_in', settled_status: 'already_checked_in', detail: null, recorded_at: AT };
      await db.insertInto('offline_conflicts').values({ ...conflict, id: 'x1', nonce: 'on1' }).execute();
      await rejects(db.insertInto('offline_conflicts').values({ ...conflict, id: 'x2', nonce: 'on1' }).execute(), 'a conflict nonce is unique');
      assert.deepEqual(await indexesOf(db, 'offline_conflicts'), { offline_conflicts_at: ['recorded_at'] });
      const lease = { station_id: 'g1', gift_id: 'ecobag', period: '*', units: 5, updated_at: AT };
      await db.insertInto('offline_gift_leases').values(lease).execute();
      await rejects(db.insertInto('offline_gift_leases').values(lease).execute(), 'one lease per station, gift and period');
      await db.insertInto('offline_gift_rules').values({ gift_id: 'ecobag', online_only: 0, lease_units: 5, updated_at: AT }).execute();
      await db.insertInto('offline_station_sync').values({ station_id: 's1', replica_lag_ms: null, outbox_depth: 0, refused: 0, reported_at: AT }).execute();
      if (!isPostgres(db)) {
        assert.ok(!(await columnsOf(db, 'visitors')).includes('change_xid'), 'SQLite has no change feed');
        return;
      }
      // The change feed: rows written before the upgrade carry a transaction id, an update
      // moves it forward, a delete leaves a tombstone with the primary key only.
      const x0 = await changeXid(db, 'visitors', 'code', 'PPS22-100001');
      await db.updateTable('visitors').set({ title: '과장' }).where('code', '=', 'PPS22-100001').execute();
      assert.ok((await changeXid(db, 'visitors', 'code', 'PPS22-100001')) > x0, 'an update moves change_xid');
      await db.deleteFrom('visitors').where('code', '=', 'PPS22-100002').execute();
      const gone = await sql<{ tbl: string; pk: unknown }>`select tbl, pk from offline_tombstones`.execute(db);
      assert.deepEqual(gone.rows, [{ tbl: 'visitors', pk: { code: 'PPS22-100002' } }], 'a tombstone holds the key, never the name');
      for (const t of ['event_config', 'search_keys', 'checkins', 'rally_redemptions', 'kiosk_settings', 'offline_gift_rules']) {
        assert.ok((await columnsOf(db, t)).includes('change_xid'), `${t} joins the change feed`);
        assert.ok(`${t}_change_xid` in (await indexesOf(db, t)), `${t}_change_xid index`);
      }
    },
  },
  '0013_consultation_outcomes': {
    before: async (db) => {
      await db.insertInto('programme_items').values(programmeItem('C1', 'consultation')).execute();
    },
    after: async (db) => {
      const row = await db.selectFrom('programme_items').select(['id', 'title', 'join_link', 'buyer_tz']).executeTakeFirstOrThrow();
      assert.deepEqual(row, { id: 'C1', title: '상담', join_link: null, buyer_tz: null }, 'existing meetings keep their data; no link or zone yet');
      const o = { meeting_id: 'C1', version: 1, result: 'held', interest: 'some', amount: '120000000000.50', currency: 'KRW', follow_ups: '', reason: null, station_id: 'x', recorded_at: AT };
      await db.insertInto('meeting_outcomes').values({ ...o, id: 'o1', nonce: 'n1' }).execute();
      await rejects(db.insertInto('meeting_outcomes').values({ ...o, id: 'o2', nonce: 'n2' }).execute(), 'one version 1 per meeting');
      await rejects(db.insertInto('meeting_outcomes').values({ ...o, id: 'o3', version: 2, nonce: 'n1' }).execute(), 'an outcome nonce is unique');
      await db.insertInto('meeting_outcomes').values({ ...o, id: 'o4', version: 2, reason: '금액 정정', nonce: 'n4' }).execute();
      assert.equal((await db.selectFrom('meeting_outcomes').select('amount').where('id', '=', 'o1').executeTakeFirstOrThrow()).amount, '120000000000.50', 'amounts past 2^31 stay exact');
    },
  },
  '0014_sessions': {
    before: async (db) => {
      await db.insertInto('programme_items').values(programmeItem('S1', 'training', { title: '교육', seller: null, seller_norm: null, buyer: null, buyer_norm: null })).execute();
    },
    after: async (db) => {
      assert.equal((await db.selectFrom('programme_items').select('title').executeTakeFirstOrThrow()).title, '교육');
      assert.deepEqual(await db.selectFrom('session_details').selectAll().execute(), [], 'an old session has no details row: it reads with the defaults');
      await db.insertInto('session_details').values({ session_id: 'S1', capacity: 30, mode: null, stream_url: null, speakers: null, meeting_point: null, min_attendance_pct: null, updated_at: AT }).execute();
      const d = await db.selectFrom('session_details').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([d.signup_required, d.languages], [0, ''], 'column defaults');
      await db.insertInto('session_scans').values(sessionScan('a', 'S1', 'V1', 'in', 0)).execute();
      await rejects(db.insertInto('session_scans').values({ ...sessionScan('b', 'S1', 'V1', 'in', 0), nonce: 'other' }).execute(), 'one scan per visitor, session and sequence number');
      await rejects(db.insertInto('session_scans').values({ ...sessionScan('c', 'S1', 'V1', 'out', 1), nonce: 'n-a' }).execute(), 'a scan nonce is unique');
      const signup = { session_id: 'S1', visitor_code: 'V1', type: 'signup', seq: 0, once_key: 'S1|V1|0', at: AT, station_id: 'd1', channel: 'desk' };
      await db.insertInto('session_signups').values({ ...signup, id: 'u1', nonce: 'un1' }).execute();
      await rejects(db.insertInto('session_signups').values({ ...signup, id: 'u2', nonce: 'un2' }).execute(), 'one sign-up fact per sequence number');
      await db.insertInto('session_events').values({ id: 'e1', session_id: 'S1', type: 'delayed', minutes: 10, room: null, at: AT, station_id: 'f1', nonce: 'en1' }).execute();
      await db.insertInto('session_settings').values({ key: 'door.requireCheckin', value: 'true', updated_at: AT }).execute();
      assert.deepEqual(await indexesOf(db, 'session_scans'), { session_scans_session: ['session_id', 'visitor_code', 'seq'], session_scans_visitor: ['visitor_code'] });
      assert.deepEqual(await indexesOf(db, 'session_signups'), { session_signups_session: ['session_id', 'at'], session_signups_visitor: ['visitor_code'] });
      assert.deepEqual(await indexesOf(db, 'session_events'), { session_events_session: ['session_id', 'at'] });
    },
  },
  '0015_organiser': {
    before: async (db) => {
      await db.insertInto('visitors').values(visitor('PPS22-100001')).execute();
      await db.insertInto('checkins').values(checkin('PPS22-100001', 'c1')).execute();
      await db.insertInto('audit_log').values(audit('a1', { operator_id: null })).execute();
    },
    after: async (db) => {
      const v = await db.selectFrom('visitors').select(['name_ko', 'purged_at']).executeTakeFirstOrThrow();
      assert.deepEqual([v.name_ko, v.purged_at], ['김은희', null], 'existing visitors are not purged');
      assert.deepEqual(pick(await indexesOf(db, 'checkins'), ['checkins_at_id']), { checkins_at_id: ['at', 'id'] });
      assert.deepEqual(pick(await indexesOf(db, 'audit_log'), ['audit_log_at_id', 'audit_log_station_at', 'audit_log_channel_at', 'audit_log_entity_at']), {
        audit_log_at_id: ['at', 'id'], audit_log_station_at: ['station_id', 'at'], audit_log_channel_at: ['channel', 'at'], audit_log_entity_at: ['entity_id', 'at'],
      });
      assert.deepEqual(pick(await indexesOf(db, 'visitors'), ['visitors_walk_in']), { visitors_walk_in: ['walk_in', 'code'] });
      await db.insertInto('privacy_settings').values({ key: 'retentionDays', value: '90', updated_at: AT }).execute();
      await rejects(db.insertInto('privacy_settings').values({ key: 'retentionDays', value: '30', updated_at: AT }).execute(), 'one row per setting');
      await db.insertInto('privacy_runs').values({ id: 'r1', mode: 'all', state: 'running', total: 1, done: 0, last_code: null, station_id: 's1', started_at: AT, updated_at: AT, finished_at: null, error: null }).execute();
      await db.updateTable('visitors').set({ purged_at: AT }).execute();
    },
  },
  '0016_stations_operators': {
    before: async (db) => {
      await db.insertInto('stations').values(station('s1')).execute();
    },
    after: async (db) => {
      const s = await db.selectFrom('stations').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([s.role, s.retired_at, s.set_up_at], ['desk', null, null], 'existing stations keep their role, neither retired nor set up by code');
      const code = { name: 'Desk 2', role: 'desk', where_text: 'local', created_at: AT, created_by: 'op-1', expires_at: AT, used_at: null, used_by: null };
      await db.insertInto('station_setup_codes').values({ ...code, code_hash: 'h1' }).execute();
      await rejects(db.insertInto('station_setup_codes').values({ ...code, code_hash: 'h1' }).execute(), 'a code hash is its key');
      const op = { name: '김은희', pin_hash: null, badge_code: 'STAFF-1', is_admin: 1, failed_pins: 0, locked_until: null, created_at: AT, updated_at: AT, retired_at: null };
      await db.insertInto('operators').values({ ...op, id: 'op-1' }).execute();
      assert.deepEqual(await indexesOf(db, 'operators'), { operators_badge_code: ['badge_code'] });
      await db.insertInto('operator_settings').values({ key: 'idleMinutes', value: '15', updated_at: AT }).execute();
    },
  },
  '0018_badge_designs': {
    before: async (db) => {
      await db.insertInto('event_config').values({ id: 'event', name: 'x', name_en: 'x', days: '[]', halls: '[]', timezone: 'Asia/Seoul', setup: '{}', updated_at: AT }).execute();
    },
    after: async (db) => {
      assert.equal((await db.selectFrom('event_config').select('id').execute()).length, 1);
      assert.deepEqual(await db.selectFrom('badge_designs').selectAll().execute(), [], 'no design until the organiser saves one: the built-in badge');
      const design = { id: 'event', design: '{"header":"x"}', logo_png: null, saved_at: AT, saved_by: 'op-1' };
      await db.insertInto('badge_designs').values(design).execute();
      await rejects(db.insertInto('badge_designs').values(design).execute(), 'one design per event database');
      assert.deepEqual(await columnsOf(db, 'badge_designs'), ['design', 'id', 'logo_png', 'saved_at', 'saved_by']);
    },
  },
  '0019_booths': {
    before: async (db) => {
      await db.insertInto('programme_items').values(programmeItem('V1', 'video_consultation', { venue: 'B1', mode: 'online', join_link: null, buyer_tz: null })).execute();
    },
    after: async (db) => {
      assert.deepEqual(await db.selectFrom('programme_items').select(['id', 'venue', 'interpreter']).execute(), [{ id: 'V1', venue: 'B1', interpreter: null }], 'existing meetings keep their data; no interpreter yet');
      const f = { booth: 'B1', seq: 1, meeting_id: 'V1', type: 'connected', value: null, at: AT, station_id: 'x' };
      await db.insertInto('booth_facts').values({ ...f, id: 'f1', nonce: 'n1' }).execute();
      await rejects(db.insertInto('booth_facts').values({ ...f, id: 'f2', nonce: 'n2' }).execute(), 'one fact per place at a booth');
      await rejects(db.insertInto('booth_facts').values({ ...f, id: 'f3', seq: 2, nonce: 'n1' }).execute(), 'a booth fact nonce is unique');
      await db.insertInto('booth_facts').values({ ...f, booth: 'B2', meeting_id: null, type: 'tech_check', id: 'f4', nonce: 'n4' }).execute();
      assert.deepEqual(pick(await indexesOf(db, 'booth_facts'), ['booth_facts_meeting']), { booth_facts_meeting: ['meeting_id'] });
    },
  },
  '0020_session_tallies': {
    before: async (db) => {
      await db
        .insertInto('session_scans')
        .values([sessionScan('a', 'S1', 'V1', 'in', 0), sessionScan('b', 'S1', 'V1', 'out', 1), sessionScan('c', 'S1', 'V1', 'in', 2), sessionScan('d', 'S1', 'V2', 'in', 0), sessionScan('e', 'S2', 'V1', 'in', 0), sessionScan('f', 'S2', 'V1', 'out', 1)])
        .execute();
    },
    after: async (db) => {
      const rows = await db.selectFrom('session_tallies').selectAll().orderBy('session_id').execute();
      assert.deepEqual(rows.map((r) => [r.session_id, Number(r.occupancy), Number(r.admitted)]), [['S1', 2, 2], ['S2', 0, 1]], 'tallies are filled from the scans already taken');
      await rejects(db.insertInto('session_tallies').values({ session_id: 'S1', occupancy: 0, admitted: 0 }).execute(), 'one tally per session');
      if (!isPostgres(db)) return;
      for (const t of ['session_details', 'session_scans', 'session_signups', 'session_events', 'session_settings', 'session_tallies']) {
        assert.ok((await columnsOf(db, t)).includes('change_xid'), `${t} joins the change feed`);
      }
      const x0 = await changeXid(db, 'session_tallies', 'session_id', 'S1');
      await db.updateTable('session_tallies').set({ occupancy: 1 }).where('session_id', '=', 'S1').execute();
      assert.ok((await changeXid(db, 'session_tallies', 'session_id', 'S1')) > x0, 'an update moves change_xid');
      await db.deleteFrom('session_scans').where('id', '=', 'f').execute();
      const gone = await sql<{ tbl: string; pk: unknown }>`select tbl, pk from offline_tombstones`.execute(db);
      assert.deepEqual(gone.rows, [{ tbl: 'session_scans', pk: { id: 'f' } }]);
    },
  },
  '0026_operators_offline': {
    before: async (db) => {
      const op = { pin_hash: null, badge_code: null, is_admin: 0, failed_pins: 0, locked_until: null, created_at: AT, updated_at: AT, retired_at: null };
      await db.insertInto('operators').values([{ ...op, id: 'o1', name: '김민수' }, { ...op, id: 'o2', name: '이지은' }]).execute();
      await db.insertInto('operator_settings').values({ key: 'idleMinutes', value: '30', updated_at: AT }).execute();
    },
    after: async (db) => {
      assert.deepEqual((await db.selectFrom('operators').select(['id', 'name']).orderBy('id').execute()).map((r) => r.name), ['김민수', '이지은'], 'operators written before survive');
      if (!isPostgres(db)) {
        assert.ok(!(await columnsOf(db, 'operators')).includes('change_xid'), 'SQLite has no change feed');
        return;
      }
      for (const t of ['operators', 'operator_settings']) {
        assert.ok((await columnsOf(db, t)).includes('change_xid'), `${t} joins the change feed`);
        assert.ok(`${t}_change_xid` in (await indexesOf(db, t)), `${t}_change_xid index`);
      }
      const x0 = await changeXid(db, 'operators', 'id', 'o1');
      await db.updateTable('operators').set({ failed_pins: 1 }).where('id', '=', 'o1').execute();
      assert.ok((await changeXid(db, 'operators', 'id', 'o1')) > x0, 'an update moves change_xid');
      await sql`delete from offline_tombstones`.execute(db);
      await db.deleteFrom('operator_settings').where('key', '=', 'idleMinutes').execute();
      const gone = await sql<{ tbl: string; pk: unknown }>`select tbl, pk from offline_tombstones`.execute(db);
      assert.deepEqual(gone.rows, [{ tbl: 'operator_settings', pk: { key: 'idleMinutes' } }]);
    },
  },
  '0028_station_devices': {
    before: async (db) => {
      await db.insertInto('stations').values({ id: 's1', name: 'Desk 1', role: 'desk', version: '0.1.0', created_at: AT, last_seen_at: AT }).execute();
    },
    after: async (db) => {
      assert.equal((await db.selectFrom('stations').select('name').executeTakeFirstOrThrow()).name, 'Desk 1', 'stations written before survive');
      const device = { station_id: 's1', label: 'Chrome · Android', address: '192.0.2.7', first_seen_at: AT, last_seen_at: AT, revoked_at: null };
      await db.insertInto('station_devices').values({ ...device, id: 'd1', token_hash: 'h1' }).execute();
      await assert.rejects(db.insertInto('station_devices').values({ ...device, id: 'd2', token_hash: 'h1' }).execute(), 'a token hash names one device');
      assert.ok('station_devices_station' in (await indexesOf(db, 'station_devices')), 'devices are listed by station');
    },
  },
  '0029_drop_checkin_tallies': {
    before: async (db) => {
      const c = { day: '2022-04-13', station_name: 'Desk', method: 'scan', reason: null, at: AT };
      await db
        .insertInto('checkins')
        .values([{ ...c, id: 'c1', visitor_code: 'V1', station_id: 's1', nonce: 'n1' }, { ...c, id: 'c2', visitor_code: 'V2', station_id: 's1', nonce: 'n2' }, { ...c, id: 'c3', visitor_code: 'V3', station_id: 's2', nonce: 'n3' }])
        .execute();
      await db.insertInto('checkin_tallies').values([{ day: '2022-04-13', station_id: 's1', n: 2 }, { day: '2022-04-13', station_id: 's2', n: 1 }]).execute();
    },
    after: async (db) => {
      assert.deepEqual(await columnsOf(db, 'checkin_tallies'), [], 'the tally table is gone');
      // Its figures live on in the running counts of 0025, per station.
      const rows = await db.selectFrom('dashboard_checkins').select(['station_id', sql<number>`sum(n)`.as('n')]).where('day', '=', '2022-04-13').groupBy('station_id').orderBy('station_id').execute();
      assert.deepEqual(rows.map((r) => [r.station_id, Number(r.n)]), [['s1', 2], ['s2', 1]]);
      assert.equal((await db.selectFrom('checkins').select('id').execute()).length, 3, 'the check-ins stay');
    },
  },
};

for (const tdb of testDatabases()) describe(`migrations, one step at a time (${tdb.name})`, () => {
  test('every released migration after 0001 has a step test here', () => {
    const released = Object.keys((JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../db/migrations/released.json'), 'utf8')) as { sha256: Record<string, string> }).sha256);
    assert.deepEqual(released.map((f) => f.replace(/\.ts$/, '')).slice(1).filter((n) => !STEPS[n]), []);
  });

  for (const [name, step] of Object.entries(STEPS)) {
    const prev = NAMES[NAMES.indexOf(name) - 1];
    test(`${prev} → ${name}: rows written before survive, the new shape works`, async () => {
      assert.ok(prev, `${name} is bundled`);
      const dir = tempDir();
      const handle: DbHandle = await openDatabase(await tdb.target(dir));
      try {
        const db = handle.db as unknown as Kysely<any>;
        await migrateTo(db, prev!);
        await step.before(db);
        await migrateTo(db, name);
        await step.after(db);
        // A migration with a down step goes back to N-1 and up again on the data it now holds.
        if (migrations[name]!.down) {
          await migrateTo(db, prev!);
          await migrateTo(db, name);
        }
      } finally {
        await handle.close();
      }
    });
  }
});
