/**
 * Kiosk identification at scale (issue 14): the paths that tell one visitor from many —
 * the full mobile number (+82 and 010 alike, a foreign "+90 …" as typed), phone last 4 +
 * surname + a part of the organisation, the number part of a code alone — and alerts
 * that say what happened, at which kiosk, acknowledged once for every console.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { IdentifyOutcome, PushEvent } from '../contract/index';
import type { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import { testDatabases } from './helpers/databases';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';

type S = Station & { clock: FakeClock; dataDir: string };

const nameOf = (r: IdentifyOutcome) => (r.status === 'found' ? r.visitor.nameKo : r.status);

for (const tdb of testDatabases()) {
  describe(`kiosk identification at scale (${tdb.name})`, () => {
    let s: S;
    let desk: S;
    const events: PushEvent[] = [];
    // A fresh rate-limit window for each scenario (the limiter counts misses per kiosk per minute).
    const nextMinute = () => s.clock.advance(61_000);

    before(async () => {
      const dir = tempDir();
      const db = await tdb.target(dir);
      s = await testStation({ role: 'kiosk', name: 'Kiosk 3', dataDir: dir, db });
      s.bus.subscribe((ev) => events.push(ev));
      await seed(s, [
        // Three people sharing phone digits 2066 and the initial ㄱ; two share the surname 김.
        visitor({ code: 'PPS22-100001', nameKo: '김은희', organisation: '한국도로공사', phone: '010-5025-2066' }),
        visitor({ code: 'PPS22-100002', nameKo: '김민준', organisation: '(주)한빛테크', phone: '010-7311-2066' }),
        visitor({ code: 'PPS22-100003', nameKo: '강서연', organisation: '조달청', phone: '010-9000-2066' }),
        // Two 이 with the same digits, one registered for today, one for tomorrow only.
        visitor({ code: 'PPS22-100004', nameKo: '이도윤', phone: '010-1234-5555', registeredDays: ['2022-04-13'] }),
        visitor({ code: 'PPS22-100005', nameKo: '이하은', phone: '010-4321-5555', registeredDays: ['2022-04-14'] }),
        visitor({ code: 'PPS22-100006', nameKo: 'Mehmet Yilmaz', nameEn: 'Mehmet Yilmaz', phone: '+90 532 123 4567', category: 'foreign_buyer' }),
      ]);
    });
    after(() => s.close());

    test('the full mobile number finds one person: 010, +82 and spacing alike; a foreign number as typed', async () => {
      nextMinute();
      const ask = async (phone: string) => nameOf(must(await s.invoke('kiosk.identify', { by: 'mobile', phone })));
      assert.equal(await ask('010-7311-2066'), '김민준');
      assert.equal(await ask('01073112066'), '김민준');
      assert.equal(await ask('+82 10 7311 2066'), '김민준');
      assert.equal(await ask('+90 532 123 4567'), 'Mehmet Yilmaz');
      assert.equal(await ask('010-7311-2067'), 'not_found');
      const bad = await s.invoke('kiosk.identify', { by: 'mobile', phone: '010\u0000<script>' });
      assert.equal(bad.ok ? 'ok' : bad.error.code, 'invalid_input');
    });

    test('phone last 4 + initial is ambiguous; the surname, then a part of the organisation, tell them apart', async () => {
      nextMinute();
      const ask = async (initial: string, org?: string) =>
        nameOf(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '2066', initial, ...(org ? { org } : {}) })));
      assert.equal(await ask('ㄱ'), 'ambiguous');
      assert.equal(await ask('강'), '강서연');
      assert.equal(await ask('김'), 'ambiguous');
      // (주) and spacing do not matter; a part is enough.
      assert.equal(await ask('ㄱ', '한빛 테크'), '김민준');
      assert.equal(await ask('김', '(주)한빛테크'), '김민준');
      assert.equal(await ask('ㄱ', '도로공사'), '김은희');
      assert.equal(await ask('ㄱ', '삼성'), 'not_found');
    });

    test("several left but only one registered for today: that one (today's kiosk, today's registrant)", async () => {
      nextMinute();
      assert.equal(nameOf(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '5555', initial: 'ㅇ' }))), '이도윤');
    });

    test('the number part of a code alone finds the code with the event prefix', async () => {
      nextMinute();
      assert.equal(nameOf(must(await s.invoke('kiosk.identify', { by: 'code', code: '100002' }))), '김민준');
      assert.equal(nameOf(must(await s.invoke('kiosk.identify', { by: 'code', code: ' 100006 ' }))), 'Mehmet Yilmaz');
      assert.equal(nameOf(must(await s.invoke('kiosk.identify', { by: 'code', code: '999999' }))), 'unknown_code');
      assert.equal(nameOf(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100003' }))), '강서연');
    });

    test('alerts say what happened and where; one console acknowledges for all; a gift desk cannot', async () => {
      nextMinute();
      const before = events.length;
      // Even the organisation leaves two: staff are called, and told why.
      assert.equal(nameOf(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '2066', initial: '김', org: '한' }))), 'ambiguous');
      // Tomorrow's registrant today: told as such.
      assert.equal(nameOf(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100005' }))), '이하은');
      const alerts = events.slice(before).filter((e): e is Extract<PushEvent, { type: 'kiosk.alert' }> => e.type === 'kiosk.alert');
      assert.deepEqual(alerts.map((a) => [a.reason, a.stationName]), [['ambiguous', 'Kiosk 3'], ['not_today', 'Kiosk 3']]);
      assert.notEqual(alerts[0]!.id, alerts[1]!.id);
      assert.ok(!JSON.stringify(alerts).includes('김'), 'no personal data in an alert');

      desk = await testStation({ role: 'desk', name: 'Desk 2', dataDir: s.dataDir, db: tdb.name === 'sqlite' ? { kind: 'sqlite', file: `${s.dataDir}/fairdesk.sqlite` } : await tdb.target(s.dataDir) });
      try {
        const heard: PushEvent[] = [];
        desk.bus.subscribe((ev) => heard.push(ev));
        must(await desk.invoke('kiosk.alert.ack', { id: alerts[0]!.id }));
        const acked = heard.find((e) => e.type === 'kiosk.alert.acked');
        assert.ok(acked && acked.type === 'kiosk.alert.acked' && acked.id === alerts[0]!.id && acked.by === 'Desk 2');
        const audit = await desk.handle.db.selectFrom('audit_log').selectAll().where('channel', '=', 'kiosk.alert.ack').execute();
        assert.equal(audit.length, 1);
      } finally {
        await desk.close();
      }
      const gift = await testStation({ role: 'gift', name: 'Gift 1' });
      try {
        const r = await gift.invoke('kiosk.alert.ack', { id: alerts[1]!.id });
        assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden');
      } finally {
        await gift.close();
      }
    });
  });
}
