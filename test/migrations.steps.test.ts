/**
 * Every migration, on both databases, the way a station upgrades: migrate to N-1, write
 * rows as that version did, migrate to N, check the rows survived and the new shape
 * works (Signal's migration_*_test). The data lives in the older tables; the checks are
 * on what N added or changed.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
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
      } finally {
        await handle.close();
      }
    });
  }
});
