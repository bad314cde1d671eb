/**
 * The fair as data, on SQLite and PostgreSQL: a fresh database holds a placeholder;
 * an organiser sets a 2026 fair and every rule follows it (today in its time zone,
 * rally halls, import days, multi-day passes); bad setups are refused whole in KO/EN.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { FakeClock } from '../main/core/clock';
import { createStation, type Station } from '../main/core/station';
import type { EventInput } from '../contract/index';
import { parseDays } from '../main/services/import/registrations.import';
import type { DbTarget } from '../db/connect';

export const FAIR_2026: EventInput = {
  name: { ko: '2026 공공조달박람회', en: 'Public Procurement Expo 2026' },
  venue: { ko: '킨텍스', en: 'KINTEX' },
  days: ['2026-05-20', '2026-05-21', '2026-05-22'],
  hours: { '2026-05-20': { open: '10:00', close: '17:00' } },
  timeZone: 'Asia/Seoul',
  halls: [
    { id: 'a', ko: 'A홀', en: 'Hall A' },
    { id: 'b', ko: 'B홀', en: 'Hall B' },
    { id: 'c', ko: 'C홀', en: 'Hall C' },
  ],
};

const auditRows = async (s: Station) => (await s.handle.db.selectFrom('audit_log').select('channel').where('channel', '=', 'event.set').execute()).length;

for (const tdb of testDatabases()) describe(`event setup (${tdb.name})`, () => {
  let s: Station & { clock: FakeClock; dataDir: string };
  let target: DbTarget;
  before(async () => {
    const dataDir = tempDir();
    target = await tdb.target(dataDir);
    s = await testStation({ dataDir, db: target, event: null, clock: new FakeClock('2026-05-20T09:30:00+09:00') });
  });
  after(() => s.close());

  test('a fresh database holds a placeholder, not a fair from the code', async () => {
    const ev = must(await s.invoke('event.get', {}));
    assert.equal(ev.configured, false);
    assert.deepEqual(ev.days, []);
    assert.deepEqual(ev.halls, []);
    assert.equal(ev.timeZone, 'Asia/Seoul');
    assert.doesNotMatch(JSON.stringify(ev), /2022|3홀/);
  });

  test('set a 2026 fair: stored whole, shown back, rally halls follow, every-day categories default', async () => {
    // The rally seeds from the event the first time it is used …
    must(await s.invoke('rally.setup.get', {}));
    const saved = must(await s.invoke('event.set', FAIR_2026));
    assert.equal(saved.configured, true);
    assert.deepEqual(saved.days, FAIR_2026.days);
    assert.deepEqual(saved.hours, FAIR_2026.hours);
    assert.equal(saved.walkInValidity, 'today');
    const validity = Object.fromEntries(saved.categories.map((c) => [c.id, c.validity]));
    assert.deepEqual(
      ['exhibitor', 'staff', 'press', 'vip'].map((c) => validity[c]),
      ['every_day', 'every_day', 'every_day', 'every_day'],
    );
    assert.equal(validity.visitor, 'registered_days');
    assert.deepEqual(must(await s.invoke('event.get', {})), saved);
    // … and the event's halls are stamp points.
    const points = must(await s.invoke('rally.setup.get', {})).points.filter((p) => p.kind === 'hall');
    assert.deepEqual(points.map((p) => [p.id, p.labelKo]), [['a', 'A홀'], ['b', 'B홀'], ['c', 'C홀']]);
    const hello = must(await s.invoke('system.hello', {}));
    assert.equal(hello.today, '2026-05-20');
    assert.equal(hello.event.name.ko, '2026 공공조달박람회');
    assert.equal(await auditRows(s), 1);
  });

  test("today is the event's time zone's today", async () => {
    // 2026-05-20 09:30 in Seoul is still 19 May in New York.
    must(await s.invoke('event.set', { ...FAIR_2026, days: ['2026-05-19', ...FAIR_2026.days], timeZone: 'America/New_York' }));
    assert.equal(must(await s.invoke('system.hello', {})).today, '2026-05-19');
    must(await s.invoke('event.set', FAIR_2026));
    assert.equal(must(await s.invoke('system.hello', {})).today, '2026-05-20');
  });

  test('bad setups are refused whole, each with a Korean and an English line; nothing is saved', async () => {
    const before = must(await s.invoke('event.get', {}));
    const audits = await auditRows(s);
    const cases: [Partial<EventInput>, string][] = [
      [{ days: [] }, 'days_empty'],
      [{ days: ['2026-05-21', '2026-05-20'] }, 'days_out_of_order'],
      [{ days: ['2026-05-20', '2026-05-20'] }, 'days_out_of_order'],
      [{ days: ['2026-02-30'] }, 'day_invalid'],
      [{ timeZone: 'Asia/Busan' }, 'unknown_time_zone'],
      [{ halls: [{ id: 'a', ko: 'A홀', en: 'Hall A' }, { id: 'c', ko: 'C홀', en: 'Hall C' }] }, 'hall_in_use'],
      [{ halls: [...FAIR_2026.halls!, { id: 'a', ko: 'A홀2', en: 'Hall A2' }] }, 'duplicate_hall'],
      [{ hours: { '2026-05-20': { open: '18:00', close: '09:00' } } }, 'hours_order'],
    ];
    for (const [change, reason] of cases) {
      const input = { ...FAIR_2026, ...change };
      const preview = must(await s.invoke('event.preview', input));
      assert.deepEqual(preview.problems.map((p) => p.reason).slice(0, 1), [reason], JSON.stringify(change));
      assert.match(preview.problems[0]!.ko, /[가-힣]/);
      assert.match(preview.problems[0]!.en, /[a-z]/);
      const r = await s.invoke('event.set', input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, 'invalid_event');
        assert.equal((r.error.details as { reason: string }[])[0]!.reason, reason);
      }
    }
    // The hall in use is named in the preview.
    const p = must(await s.invoke('event.preview', { ...FAIR_2026, halls: [FAIR_2026.halls![0]!] }));
    assert.deepEqual(p.rallyPointsOnRemovedHalls.map((x) => x.id), ['b', 'c']);
    // A 10,000-character name or a NUL-laden hall id never gets to the service.
    assert.equal((await s.invoke('event.set', { ...FAIR_2026, name: { ko: 'x'.repeat(10_000), en: 'x' } })).ok, false);
    assert.equal((await s.invoke('event.set', { ...FAIR_2026, halls: [{ id: 'a\u0000', ko: 'A', en: 'A' }] })).ok, false);
    assert.deepEqual(must(await s.invoke('event.get', {})), before);
    assert.equal(await auditRows(s), audits);
  });

  test('only an admin sets the event', async () => {
    const desk = await createStation({ dataDir: s.dataDir, db: target }, { clock: s.clock, heartbeat: false, identity: { id: randomUUID(), name: 'Desk 9', role: 'desk' } });
    try {
      const r = await desk.invoke('event.set', FAIR_2026);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, 'forbidden');
      assert.equal(must(await desk.invoke('event.get', {})).name.ko, '2026 공공조달박람회');
    } finally {
      await desk.close();
    }
  });

  test('the preview counts visitors and programme rows outside the new days', async () => {
    await seed(s, [
      visitor({ code: 'E26-000001', nameKo: '가', registeredDays: ['2026-05-20'] }),
      visitor({ code: 'E26-000002', nameKo: '나', registeredDays: ['2026-05-22'] }),
      visitor({ code: 'E26-000003', nameKo: '다', registeredDays: ['2026-05-21', '2026-05-22'] }),
    ]);
    const csv = ['일정ID,유형,제목,일자,시작,종료,장소', 'P1,세미나,개막,2026-05-22,10:00,11:00,컨퍼런스룸 301'].join('\n');
    must(await s.invoke('programme.import.commit', { fileName: 'p.csv', dataBase64: Buffer.from(csv).toString('base64') }));
    const p = must(await s.invoke('event.preview', { ...FAIR_2026, days: ['2026-05-20', '2026-05-21'] }));
    assert.deepEqual(p.removedDays, ['2026-05-22']);
    assert.equal(p.visitorsOutside, 2);
    assert.equal(p.programmeOutside, 1);
    assert.deepEqual(p.problems, []);
  });

  test('multi-day passes: every-day categories every day; a walk-in returns when walk-ins last the fair', async () => {
    must(await s.invoke('event.set', FAIR_2026));
    await seed(s, [
      visitor({ code: 'X26-000001', nameKo: '전시자', category: 'exhibitor', registeredDays: ['2026-05-20'] }),
      visitor({ code: 'X26-000002', nameKo: '관람객', category: 'visitor', registeredDays: ['2026-05-20'] }),
    ]);
    s.clock.set('2026-05-20T10:00:00+09:00');
    const walk = must(await s.invoke('visitors.walkIn', { nonce: 'walkin-26-1', nameKo: '현장객', phone: '010-1234-5678', category: 'visitor', consent: true }));
    const walkCode = walk.visitor.code;

    s.clock.set('2026-05-22T10:00:00+09:00');
    assert.equal(must(await s.invoke('checkin.scan', { code: 'X26-000001', nonce: 'exh-day3-1' })).status, 'checked_in');
    assert.equal(must(await s.invoke('checkin.scan', { code: 'X26-000002', nonce: 'vis-day3-1' })).status, 'not_registered_today');

    s.clock.set('2026-05-21T10:00:00+09:00');
    assert.equal(must(await s.invoke('checkin.scan', { code: walkCode, nonce: 'walk-day2-1' })).status, 'not_registered_today');
    must(await s.invoke('event.set', { ...FAIR_2026, walkInValidity: 'rest_of_fair' }));
    const kiosk = must(await s.invoke('kiosk.identify', { by: 'code', code: walkCode }));
    assert.equal(kiosk.status === 'found' && kiosk.state, 'ready');
    assert.equal(must(await s.invoke('checkin.scan', { code: walkCode, nonce: 'walk-day2-2' })).status, 'checked_in');
    // Not before the day they walked in, and never outside the fair's days.
    s.clock.set('2026-05-23T10:00:00+09:00');
    assert.equal(must(await s.invoke('checkin.scan', { code: walkCode, nonce: 'walk-day4-1' })).status, 'not_registered_today');
    assert.equal(must(await s.invoke('checkin.scan', { code: 'X26-000001', nonce: 'exh-day4-1' })).status, 'not_registered_today');
  });
});

describe('import days read against the configured event', () => {
  const days = ['2026-05-20', '2026-05-21', '2026-05-22'];
  test('Korean and numeric formats become event days', () => {
    for (const [raw, want] of [
      ['5/20', ['2026-05-20']],
      ['2026-05-21', ['2026-05-21']],
      ['2026.5.22', ['2026-05-22']],
      ['5월 20일', ['2026-05-20']],
      ['21일', ['2026-05-21']],
      ['20일, 22일', ['2026-05-20', '2026-05-22']],
      ['', days],
    ] as const) {
      assert.deepEqual(parseDays(raw, days), { days: want }, raw);
    }
  });
  test('a day outside the fair is refused, as written', () => {
    assert.deepEqual(parseDays('4/13', days), { bad: '4/13' });
    assert.deepEqual(parseDays('13일', days), { bad: '13일' });
    assert.deepEqual(parseDays('2022-05-20', days), { bad: '2022-05-20' });
  });
  test('a fair across New Year reads a yearless day in its own year', () => {
    assert.deepEqual(parseDays('1/2', ['2026-12-31', '2027-01-02']), { days: ['2027-01-02'] });
  });
});
