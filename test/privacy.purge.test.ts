/**
 * Closing the fair, on SQLite and PostgreSQL, after a scripted day: the purge waits for
 * the retention period; a run stopped halfway says so and resumes where it stopped;
 * afterwards no phone number or e-mail of a purged visitor is left — in the rows
 * (PostgreSQL), in the raw bytes of the SQLite file and its WAL, nor in anything the
 * station logged — while every report still adds up. A per-person request finds a
 * visitor by phone and erases them at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { must, tempDir } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { scriptedDay, type ScriptedDay } from './helpers/organiser-day';
import { until } from './helpers/until';
import { setEvent } from './helpers/sample-event';
import { createStation, type Station } from '../main/core/station';
import { FakeClock } from '../main/core/clock';
import { createLogger } from '../main/core/logger';
import type { DbTarget } from '../db/connect';
import { startPurge } from '../main/services/privacy/purge.service';

type TS = Station & { clock: FakeClock; dataDir: string };

for (const tdb of testDatabases()) {
  describe(`closing the fair: purge (${tdb.name})`, () => {
    let admin: TS;
    let target: DbTarget;
    let day: ScriptedDay;
    const logged: string[] = [];
    let phones: string[] = [];
    let emails: string[] = [];
    let before_: { checkins: number; byDay: string; registered: number };

    before(async () => {
      const dataDir = tempDir();
      target = await tdb.target(dataDir);
      const clock = new FakeClock('2022-04-13T09:30:00+09:00');
      // Everything the station logs, at every level, is kept to be scanned afterwards.
      const log = createLogger('station', (l) => logged.push(l));
      const s = await createStation({ dataDir, db: target }, { clock, log, heartbeat: false, identity: { id: randomUUID(), name: 'Console', role: 'admin' } });
      // The 2022 sample fair, set as an organiser would (its halls seed the rally's points and gifts).
      await setEvent(s);
      admin = Object.assign(s, { dataDir, clock });
      day = await scriptedDay(tdb, admin, target);
      const rows = await admin.handle.db.selectFrom('visitors').select(['phone', 'email']).execute();
      phones = rows.map((r) => r.phone).filter((p): p is string => !!p);
      emails = rows.map((r) => r.email).filter((e): e is string => !!e);
      assert.ok(phones.length > 200 && emails.length > 200, `${phones.length} phones, ${emails.length} e-mails to purge`);
      const db = admin.handle.db;
      before_ = {
        checkins: Number((await sql<{ n: number }>`select count(*) as n from checkins`.execute(db)).rows[0]!.n),
        byDay: JSON.stringify((await sql`select day, count(*) as n from checkins group by day order by day`.execute(db)).rows.map((r) => Object.values(r as object).map(Number))),
        registered: Number((await sql<{ n: number }>`select count(*) as n from visitor_days`.execute(db)).rows[0]!.n),
      };
    });
    after(async () => {
      await day.close();
      await admin.close();
    });

    test('a per-person request: found by phone, erased now; a second request says it was already done', async () => {
      const v = await admin.handle.db.selectFrom('visitors').select(['code', 'phone']).where('phone', 'is not', null).orderBy('code', 'desc').limit(1).executeTakeFirstOrThrow();
      const found = must(await admin.invoke('privacy.lookup', { q: v.phone!.replace(/-/g, '') }));
      assert.equal(found.length, 1);
      assert.equal(found[0]!.code, v.code);
      assert.equal(found[0]!.purged, false);
      assert.equal(must(await admin.invoke('privacy.erase', { code: v.code, nonce: 'erase-request-1', reason: '본인 요청' })).status, 'erased');
      assert.equal(must(await admin.invoke('privacy.lookup', { q: 'pps22-100002' }))[0]?.code, 'PPS22-100002', 'a code with many digits is a code, not a phone');
      const after = must(await admin.invoke('privacy.lookup', { q: v.code }));
      assert.deepEqual([after[0]!.purged, after[0]!.phone, after[0]!.email, after[0]!.nameKo], [true, null, null, '']);
      assert.equal(must(await admin.invoke('privacy.lookup', { q: v.phone! })).length, 0, 'the phone finds nobody any more');
      assert.equal(must(await admin.invoke('privacy.erase', { code: v.code, nonce: 'erase-request-2' })).status, 'already_erased');
      const bad = await admin.invoke('privacy.erase', { code: 'NOPE-1', nonce: 'erase-request-3' });
      assert.equal(bad.ok ? 'ok' : bad.error.code, 'not_found');
    });

    test('the purge waits for the retention period after the last fair day', async () => {
      must(await admin.invoke('privacy.settings.save', { noConsent: 'admit', retentionDays: 30 }));
      admin.clock.set('2022-05-01T10:00:00+09:00');
      const st = must(await admin.invoke('privacy.status', {}));
      assert.equal(st.eligibleFrom, '2022-05-15');
      const r = must(await admin.invoke('privacy.purge.start', { mode: 'pseudonymise', confirm: 'PURGE' }));
      assert.deepEqual(r, { status: 'not_yet', eligibleFrom: '2022-05-15' });
      assert.equal(must(await admin.invoke('privacy.status', {})).purged, 1, 'nothing purged but the one erased on request');
    });

    test('a run stopped after two batches says where it stands, resumes, and a second start is refused while one runs', async () => {
      admin.clock.set('2022-05-16T10:00:00+09:00');
      const deps = { db: admin.handle.db, kind: admin.runtime.dbKind, stationId: admin.identity.id, now: () => admin.clock.now(), log: admin.log, batch: 40 };
      const first = await startPurge({ ...deps, afterBatch: (done) => { if (done >= 80) throw new Error('power cut'); } }, 'pseudonymise');
      assert.ok(first && 'run' in first);
      const again = must(await admin.invoke('privacy.purge.start', { mode: 'pseudonymise', confirm: 'PURGE' }));
      assert.equal(again.status, 'already_running', 'a second click while it runs');
      const stopped = await first.done;
      assert.equal(stopped.state, 'failed');
      assert.equal(stopped.done, 80);
      const st = must(await admin.invoke('privacy.status', {}));
      assert.deepEqual([st.run?.state, st.run?.done, st.purged], ['failed', 80, 81]);

      const resumed = must(await admin.invoke('privacy.purge.start', { mode: 'pseudonymise', confirm: 'PURGE' }));
      assert.equal(resumed.status, 'started');
      if (resumed.status === 'started') assert.equal(resumed.run.id, stopped.id, 'the same run resumes');
      const done = await until('the purge to finish', async () => {
        const s = must(await admin.invoke('privacy.status', {}));
        return s.run?.state === 'done' ? s : null;
      }, 120_000);
      assert.equal(done.purged, done.visitors);
      assert.equal(done.run!.done, done.run!.total);
      // The run's row says done a moment before the run lets go of the station (its audit row
      // is written after): a start in that moment is still 'already_running'. Then: nothing to do.
      const twice = await until('the finished run to let go', async () => {
        const r = must(await admin.invoke('privacy.purge.start', { mode: 'pseudonymise', confirm: 'PURGE' }));
        return r.status === 'already_running' ? null : r;
      }, 60_000);
      assert.equal(twice.status, 'nothing_to_do', 'run twice: nothing left to do');
    });

    test('after the purge: no phone or e-mail in any row, search key or audit detail; the reports still add up', async () => {
      const db = admin.handle.db;
      const left = await db.selectFrom('visitors').select(sql<number>`count(*)`.as('n')).where((eb) => eb.or([eb('phone', 'is not', null), eb('email', 'is not', null), eb('name_en', 'is not', null), eb('purged_at', 'is', null)])).executeTakeFirstOrThrow();
      assert.equal(Number(left.n), 0);
      assert.equal(Number((await sql<{ n: number }>`select count(*) as n from search_keys`.execute(db)).rows[0]!.n), 0);
      const audit = (await db.selectFrom('audit_log').select('detail').execute()).map((r) => r.detail ?? '').join('\n');
      for (const p of phones) assert.ok(!audit.includes(p), 'no phone in the audit log');
      for (const e of emails) assert.ok(!audit.includes(e), 'no e-mail in the audit log');
      assert.ok((await db.selectFrom('visitors').select('name_ko').where('walk_in', '=', 1).execute()).every((r) => r.name_ko === '' || /^참관객 [0-9A-F]{8}$/.test(r.name_ko)), 'pseudonyms (or emptied on request)');

      assert.equal(Number((await sql<{ n: number }>`select count(*) as n from checkins`.execute(db)).rows[0]!.n), before_.checkins);
      assert.equal(JSON.stringify((await sql`select day, count(*) as n from checkins group by day order by day`.execute(db)).rows.map((r) => Object.values(r as object).map(Number))), before_.byDay);
      const att = must(await admin.invoke('reports.export', { name: 'attendance', format: 'csv', personal: true }));
      const lines = fs.readFileSync(att.path, 'utf8').trim().split('\r\n').slice(1).map((l) => l.split(','));
      assert.equal(lines.reduce((a, c) => a + Number(c[3]), 0), before_.checkins, 'attendance adds up after the purge');
      assert.equal(lines.reduce((a, c) => a + Number(c[2]), 0), before_.registered);
    });

    test('the raw database bytes (file and WAL) and the station log hold no phone number or e-mail of a purged visitor', { skip: !!(tdb.name !== 'sqlite') }, async () => {
      const file = path.join(admin.dataDir, 'fairdesk.sqlite');
      const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
      assert.ok(bytes.length > 50_000);
      // The scan is real: a code every visitor keeps is in the bytes.
      assert.ok(bytes.includes(Buffer.from('PPS22-100001')));
      const hits = [...phones, ...phones.map((p) => p.replace(/\D/g, '')), ...emails].filter((s) => bytes.includes(Buffer.from(s, 'utf8')));
      assert.deepEqual(hits, []);
      const log = logged.join('\n');
      assert.deepEqual([...phones, ...emails].filter((s) => log.includes(s)), []);
    });
  });
}
