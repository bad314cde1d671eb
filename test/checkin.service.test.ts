import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';

for (const tdb of testDatabases()) describe(`check-in service (${tdb.name})`, () => {
  let s: Station & { clock: FakeClock; dataDir: string };
  let target: DbTarget;
  before(async () => {
    const dataDir = tempDir();
    target = await tdb.target(dataDir);
    s = await testStation({ dataDir, db: target });
    await seed(s, [
      visitor({ code: 'PPS22-100001', nameKo: '김은희', organisation: '한국도로공사', phone: '010-5025-2066', email: 'user1@example.co.kr', registeredDays: ['2022-04-13', '2022-04-14'] }),
      visitor({ code: 'PPS22-100002', nameKo: '배정호', registeredDays: ['2022-04-14'] }),
    ]);
  });
  after(() => s.close());

  test('scan checks in once; a second scan says when and where the first was', async () => {
    const first = must(await s.invoke('checkin.scan', { code: 'PPS22-100001', nonce: 'nonce-0001' }));
    assert.equal(first.status, 'checked_in');
    if (first.status !== 'checked_in') return;
    assert.equal(first.visitor.phoneMasked, '010-****-2066');
    assert.equal(first.visitor.emailMasked, 'us***@example.co.kr');
    assert.deepEqual(first.counters, { day: '2022-04-13', checkedIn: 1, registered: 1 });

    s.clock.advance(60_000);
    const again = must(await s.invoke('checkin.scan', { code: 'pps22-100001', nonce: 'nonce-0002' }));
    assert.equal(again.status, 'already_checked_in');
    if (again.status === 'already_checked_in') {
      assert.equal(again.first.at, first.checkin.at);
      assert.equal(again.first.stationName, 'Desk 1');
    }
    const rows = await s.handle.db.selectFrom('checkins').selectAll().execute();
    assert.equal(rows.length, 1);
  });

  test('a repeated nonce returns the first result and writes nothing', async () => {
    const before = await s.handle.db.selectFrom('audit_log').select('id').execute();
    const retry = must(await s.invoke('checkin.scan', { code: 'PPS22-100001', nonce: 'nonce-0001' }));
    assert.equal(retry.status, 'checked_in');
    const afterRows = await s.handle.db.selectFrom('checkins').selectAll().execute();
    assert.equal(afterRows.length, 1);
    const audit = await s.handle.db.selectFrom('audit_log').select('id').execute();
    assert.equal(audit.length, before.length + 1, 'the retry is audited as a call but adds no check-in');
  });

  test('not registered today, then override with a reason', async () => {
    const r = must(await s.invoke('checkin.scan', { code: 'PPS22-100002', nonce: 'nonce-0003' }));
    assert.equal(r.status, 'not_registered_today');
    const o = must(await s.invoke('checkin.override', { code: 'PPS22-100002', nonce: 'nonce-0004', reason: '당일 참가 변경' }));
    assert.equal(o.status, 'checked_in');
    if (o.status === 'checked_in') assert.equal(o.checkin.method, 'override');
  });

  test('unknown, garbled and huge codes change nothing', async () => {
    const count = async () => (await s.handle.db.selectFrom('checkins').selectAll().execute()).length;
    const n = await count();
    for (const code of ['NOPE-1', "' OR 1=1 --", '☃☃☃', 'https://other-fair.example/t/123']) {
      const r = must(await s.invoke('checkin.scan', { code, nonce: 'nonce-x' + Math.random().toString(36).slice(2) }));
      assert.equal(r.status, 'unknown_code', code);
    }
    const huge = await s.invoke('checkin.scan', { code: 'x'.repeat(10_000), nonce: 'nonce-huge' });
    assert.equal(huge.ok, false);
    if (!huge.ok) assert.equal(huge.error.code, 'invalid_input');
    assert.equal(await count(), n);
  });

  test('a scanner typing in Korean IME mode still finds the code', async () => {
    const r = must(await s.invoke('checkin.scan', { code: 'ㅔㅔㄴ22-100001', nonce: 'nonce-ime1' }));
    assert.equal(r.status, 'already_checked_in');
  });

  test('concurrent double scan of one visitor gives one check-in', async () => {
    await seed(s, [visitor({ code: 'PPS22-100003', nameKo: '양현석' })]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => s.invoke('checkin.scan', { code: 'PPS22-100003', nonce: `race-${i}-nonce` })),
    );
    const statuses = results.map((r) => must(r).status).sort();
    assert.equal(statuses.filter((x) => x === 'checked_in').length, 1);
    assert.equal(statuses.filter((x) => x === 'already_checked_in').length, 9);
  });

  test('"checked in today" adds up every desk\'s check-ins and matches the rows', async () => {
    const desk2 = await testStation({ name: 'Desk 2', dataDir: s.dataDir, db: target, clock: s.clock });
    try {
      await seed(s, [visitor({ code: 'PPS22-100010', nameKo: '조은비' }), visitor({ code: 'PPS22-100011', nameKo: '문태호' })]);
      must(await s.invoke('checkin.scan', { code: 'PPS22-100010', nonce: 'tally-desk1' }));
      const r = must(await desk2.invoke('checkin.scan', { code: 'PPS22-100011', nonce: 'tally-desk2' }));
      must(await desk2.invoke('checkin.scan', { code: 'PPS22-100011', nonce: 'tally-desk2-again' }));
      const rows = await s.handle.db.selectFrom('checkins').select('id').where('day', '=', '2022-04-13').execute();
      assert.equal(r.status, 'checked_in');
      if (r.status === 'checked_in') assert.equal(r.counters.checkedIn, rows.length);
      assert.equal(must(await s.invoke('checkin.counters', {})).checkedIn, rows.length);
    } finally {
      await desk2.close();
    }
  });

  test('a kiosk-role station may not call desk channels', async () => {
    const kiosk = await testStation({ role: 'kiosk', dataDir: s.dataDir, db: target });
    try {
      const r = await kiosk.invoke('visitors.search', { q: '김' });
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, 'forbidden');
    } finally {
      await kiosk.close();
    }
  });

  test('walk-in creates the visitor and the check-in at once, idempotently', async () => {
    const input = { nonce: 'walkin-nonce-1', nameKo: '홍길동', organisation: '조달청', phone: '010-1234-5678', category: 'visitor', consent: true };
    const w = must(await s.invoke('visitors.walkIn', input));
    assert.match(w.visitor.code, /^W-[2-9A-Z]{8}$/);
    assert.equal(w.checkin.method, 'walk_in');
    const again = must(await s.invoke('visitors.walkIn', input));
    assert.equal(again.visitor.code, w.visitor.code);
    const found = must(await s.invoke('visitors.search', { q: '길동' }));
    assert.deepEqual(found.hits.map((h) => h.code), [w.visitor.code]);
    const noConsent = await s.invoke('visitors.walkIn', { ...input, nonce: 'walkin-nonce-2', consent: false });
    assert.equal(noConsent.ok, false);
  });
});
