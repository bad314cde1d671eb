import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { peerStation, type Peer } from './helpers/peer-station';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { Role, RallySetup } from '../contract/index';
import type { DbTarget } from '../db/connect';

type TS = Station & { clock: FakeClock; dataDir: string };
type Desk = Peer;

for (const tdb of testDatabases()) {
  describe(`stamp rally and gift desk (${tdb.name})`, () => {
    let dir: string;
    let target: DbTarget;
    let admin: TS;
    const stations: Desk[] = [];
    let n = 0;
    const nonce = () => `rally-nonce-${++n}`;

    /** Another station on the database (see peerStation), assigned to a stamp point if given. */
    async function station(role: Role, name: string, point?: string): Promise<Desk> {
      const s = await peerStation(tdb, admin, target, role, name);
      stations.push(s);
      if (point) must(await s.invoke('rally.station.assign', { pointId: point }));
      return s;
    }

    before(async () => {
      dir = tempDir();
      target = await tdb.target(dir);
      admin = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: target });
      stations.push(admin);
      await seed(admin, [
        visitor({ code: 'PPS22-200001', nameKo: '김은희', phone: '010-5025-2066' }),
        visitor({ code: 'PPS22-200002', nameKo: '배정호' }),
        visitor({ code: 'PPS22-200003', nameKo: '양현석' }),
        ...Array.from({ length: 30 }, (_, i) => visitor({ code: `PPS22-3${String(i).padStart(5, '0')}`, nameKo: `방문객${i}` })),
      ]);
      for (const code of ['PPS22-200001', 'PPS22-200003', ...Array.from({ length: 30 }, (_, i) => `PPS22-3${String(i).padStart(5, '0')}`)]) {
        must(await admin.invoke('checkin.scan', { code, nonce: nonce() }));
      }
      admin.clock.set('2022-04-13T10:12:00+09:00');
    });
    after(async () => {
      for (const s of stations) await s.close();
    });

    test('the sample setup is seeded on first use: 3 halls + quiz, two gifts, five questions', async () => {
      const cfg = must(await admin.invoke('rally.config', {}));
      assert.deepEqual(cfg.points.map((p) => p.labelKo), ['3홀', '4홀', '5홀', '퀴즈']);
      assert.deepEqual(cfg.gifts.map((g) => g.labelEn), ['Eco bag', 'Tumbler']);
      assert.equal(cfg.quiz.length, 5);
      assert.ok(cfg.quiz.every((q) => !('answer' in q)), 'answers never leave the station');
    });

    test('a station without a point cannot stamp; a stamp station assigns itself', async () => {
      const s = await station('stamp', 'Hall 3 · A');
      const r = must(await s.invoke('rally.stamp.scan', { code: 'PPS22-200001', nonce: nonce() }));
      assert.equal(r.status, 'no_point');
      const other = await station('stamp', 'Hall 3 · B');
      const denied = await s.invoke('rally.station.assign', { pointId: 'hall3', stationId: other.identity.id });
      assert.equal(denied.ok, false);
      must(await s.invoke('rally.station.assign', { pointId: 'hall3' }));
      assert.equal(must(await s.invoke('rally.config', {})).stationPoint, 'hall3');
    });

    test('a badge collects one stamp per hall; a repeat scan says when it was stamped', async () => {
      const h3 = await station('stamp', 'Hall 3 · 1', 'hall3');
      const first = must(await h3.invoke('rally.stamp.scan', { code: 'pps22-200001', nonce: nonce() }));
      assert.equal(first.status, 'stamped');
      if (first.status !== 'stamped') return;
      assert.equal(first.progress.hallsDone, 1);
      assert.equal(first.progress.hallsTotal, 3);
      assert.equal(first.visitor.phoneMasked, '010-****-2066');

      admin.clock.advance(5 * 60_000);
      const again = must(await h3.invoke('rally.stamp.scan', { code: 'ㅔㅔㄴ22-200001', nonce: nonce() }));
      assert.equal(again.status, 'already_stamped');
      if (again.status === 'already_stamped') {
        assert.equal(again.first.at, '2022-04-13T01:12:00.000Z', '10:12 Seoul');
        assert.equal(again.first.stationName, 'Hall 3 · 1');
      }
      const rows = await admin.handle.db.selectFrom('rally_stamps').selectAll().where('visitor_code', '=', 'PPS22-200001').execute();
      assert.equal(rows.length, 1);
    });

    test('a retried nonce returns the first answer and writes nothing', async () => {
      const h4 = await station('stamp', 'Hall 4 · 1', 'hall4');
      const id = nonce();
      const a = must(await h4.invoke('rally.stamp.scan', { code: 'PPS22-200001', nonce: id }));
      const b = must(await h4.invoke('rally.stamp.scan', { code: 'PPS22-200001', nonce: id }));
      assert.equal(a.status, 'stamped');
      assert.equal(b.status, 'stamped');
      const rows = await admin.handle.db.selectFrom('rally_stamps').selectAll().where('point_id', '=', 'hall4').execute();
      assert.equal(rows.length, 1);
    });

    test('unknown, garbage, not checked in, closed point: clear answers, no rows', async () => {
      const h5 = await station('stamp', 'Hall 5 · 1', 'hall5');
      const count = async () => (await admin.handle.db.selectFrom('rally_stamps').select('id').execute()).length;
      const before = await count();
      for (const code of ['NOPE-1', "' OR 1=1 --", '☃☃☃']) {
        assert.equal(must(await h5.invoke('rally.stamp.scan', { code, nonce: nonce() })).status, 'unknown_code', code);
      }
      assert.equal((await h5.invoke('rally.stamp.scan', { code: 'x'.repeat(10_000), nonce: nonce() })).ok, false);
      assert.equal(must(await h5.invoke('rally.stamp.scan', { code: 'PPS22-200002', nonce: nonce() })).status, 'not_checked_in');

      const setup = must(await admin.invoke('rally.setup.get', {}));
      const closed: RallySetup = { ...setup, points: setup.points.map((p) => (p.id === 'hall5' ? { ...p, open: false } : p)) };
      must(await admin.invoke('rally.setup.save', closed));
      const r = must(await h5.invoke('rally.stamp.scan', { code: 'PPS22-200001', nonce: nonce() }));
      assert.deepEqual(r, { status: 'point_closed', pointId: 'hall5' });
      must(await admin.invoke('rally.setup.save', setup));
      assert.equal(await count(), before);

      // "allow" lets a badge that never checked in collect stamps.
      must(await admin.invoke('rally.setup.save', { ...setup, settings: { ...setup.settings, notCheckedIn: 'allow' } }));
      assert.equal(must(await h5.invoke('rally.stamp.scan', { code: 'PPS22-200002', nonce: nonce() })).status, 'stamped');
      must(await admin.invoke('rally.setup.save', setup));
    });

    test('the quiz grades on the station: failing grants nothing, passing grants the quiz stamp', async () => {
      const setup = must(await admin.invoke('rally.setup.get', {}));
      const right = setup.quiz.map((q) => q.answer);
      const wrong = setup.quiz.map((q) => (q.answer + 1) % q.choices.length);

      const h3 = stations.find((s) => s.identity.name === 'Hall 3 · 1')!;
      assert.equal(must(await h3.invoke('rally.quiz.submit', { code: 'PPS22-200001', nonce: nonce(), answers: right })).status, 'not_quiz_station');

      const q = await station('stamp', 'Quiz 1', 'quiz');
      const failed = must(await q.invoke('rally.quiz.submit', { code: 'PPS22-200001', nonce: nonce(), answers: [right[0]!, right[1]!, ...wrong.slice(2)] }));
      assert.deepEqual(failed, { status: 'failed', correct: 2, total: 5, need: 3, attemptsLeft: 2 });
      const passed = must(await q.invoke('rally.quiz.submit', { code: 'PPS22-200001', nonce: nonce(), answers: [...right.slice(0, 3), ...wrong.slice(3)] }));
      assert.equal(passed.status, 'passed');
      if (passed.status === 'passed') {
        assert.equal(passed.stamp.status, 'stamped');
        if (passed.stamp.status === 'stamped') {
          assert.equal(passed.stamp.stamp.method, 'quiz');
          assert.equal(passed.stamp.progress.quizDone, true);
          assert.deepEqual(passed.stamp.progress.qualifiesFor, ['tumbler'], 'hall3 + hall4 + quiz');
        }
      }
      // Staff can also grant the quiz stamp by scanning at the quiz station.
      assert.equal(must(await q.invoke('rally.stamp.scan', { code: 'PPS22-200003', nonce: nonce() })).status, 'stamped');
    });

    test('gift desk: eligible, missing, redeem once, already redeemed at which desk', async () => {
      const desk1 = await station('gift', 'Gift desk 1');
      const desk2 = await station('gift', 'Gift desk 2');
      const check = must(await desk1.invoke('rally.gift.check', { code: 'PPS22-200001' }));
      assert.equal(check.status, 'ok');
      if (check.status !== 'ok') return;
      const byId = Object.fromEntries(check.gifts.map((g) => [g.gift.id, g.check]));
      assert.deepEqual(byId.ecobag, { status: 'missing', shortfall: { all: ['hall5'], anyOf: [] } });
      assert.deepEqual(byId.tumbler, { status: 'eligible' });

      const missing = must(await desk1.invoke('rally.gift.redeem', { code: 'PPS22-200001', giftId: 'ecobag', nonce: nonce() }));
      assert.equal(missing.status, 'missing');
      assert.equal(must(await desk1.invoke('rally.gift.redeem', { code: 'PPS22-200001', giftId: 'nope', nonce: nonce() })).status, 'unknown_gift');

      admin.clock.set('2022-04-13T14:05:00+09:00');
      const tap = nonce();
      const r = must(await desk2.invoke('rally.gift.redeem', { code: 'PPS22-200001', giftId: 'tumbler', nonce: tap }));
      assert.equal(r.status, 'redeemed');
      if (r.status === 'redeemed') assert.equal(r.remaining, 499);
      // A double tap on "redeem" repeats the nonce: the same answer, no second unit.
      const twice = must(await desk2.invoke('rally.gift.redeem', { code: 'PPS22-200001', giftId: 'tumbler', nonce: tap }));
      assert.equal(twice.status, 'redeemed');
      const other = must(await desk1.invoke('rally.gift.redeem', { code: 'PPS22-200001', giftId: 'tumbler', nonce: nonce() }));
      assert.equal(other.status, 'already_redeemed');
      if (other.status === 'already_redeemed') {
        assert.equal(other.redemption.stationName, 'Gift desk 2');
        assert.equal(other.redemption.at, '2022-04-13T05:05:00.000Z');
      }
      const rows = await admin.handle.db.selectFrom('rally_redemptions').selectAll().execute();
      assert.equal(rows.length, 1);
      const stock = must(await admin.invoke('rally.config', {})).gifts.find((g) => g.id === 'tumbler')!;
      assert.equal(stock.remaining, 499);
    });

    test('undo within the window appends a reversal, restores stock and allows a new redemption', async () => {
      const desk = stations.find((s) => s.identity.name === 'Gift desk 1')!;
      const active = await admin.handle.db.selectFrom('rally_redemptions').selectAll().where('visitor_code', '=', 'PPS22-200001').executeTakeFirstOrThrow();
      const short = await desk.invoke('rally.gift.undo', { redemptionId: active.id, reason: ' ', nonce: nonce() });
      assert.equal(short.ok, false, 'a reason is required');

      admin.clock.advance(2 * 60_000);
      const u = must(await desk.invoke('rally.gift.undo', { redemptionId: active.id, reason: '잘못 지급', nonce: nonce() }));
      assert.equal(u.status, 'undone');
      if (u.status === 'undone') assert.equal(u.remaining, 500);
      const again = must(await desk.invoke('rally.gift.undo', { redemptionId: active.id, reason: '잘못 지급', nonce: nonce() }));
      assert.equal(again.status, 'already_undone');
      assert.equal(must(await desk.invoke('rally.gift.undo', { redemptionId: 'nope', reason: '잘못 지급', nonce: nonce() })).status, 'not_found');

      const re = must(await desk.invoke('rally.gift.redeem', { code: 'PPS22-200001', giftId: 'tumbler', nonce: nonce() }));
      assert.equal(re.status, 'redeemed');
      admin.clock.advance(10 * 60_000);
      if (re.status === 'redeemed') {
        const late = must(await desk.invoke('rally.gift.undo', { redemptionId: re.redemption.id, reason: '늦은 취소', nonce: nonce() }));
        assert.deepEqual(late, { status: 'too_late', minutes: 5 });
      }
      const rows = await admin.handle.db.selectFrom('rally_redemptions').selectAll().where('visitor_code', '=', 'PPS22-200001').execute();
      assert.equal(rows.length, 2, 'the first redemption stays, reversed by an undo row');
      const audit = await admin.handle.db.selectFrom('audit_log').selectAll().where('channel', '=', 'rally.gift.undo').execute();
      assert.ok(audit.some((a) => a.detail?.includes('잘못 지급')));
    });

    test('a redemption that leaves the stock at or below the warning level pushes a low-stock event', async () => {
      const setup = must(await admin.invoke('rally.setup.get', {}));
      must(await admin.invoke('rally.setup.save', { ...setup, settings: { ...setup.settings, lowStockAt: 1000 } }));
      const seen: unknown[] = [];
      const unsubscribe = admin.bus.subscribe((ev) => ev.type === 'rally.stock.low' && seen.push(ev));
      try {
        const h3 = stations.find((s) => s.identity.name === 'Hall 3 · 1')!;
        const h4 = stations.find((s) => s.identity.name === 'Hall 4 · 1')!;
        const q = stations.find((s) => s.identity.name === 'Quiz 1')!;
        for (const st of [h3, h4, q]) must(await st.invoke('rally.stamp.scan', { code: 'PPS22-300029', nonce: nonce() }));
        const r = must(await admin.invoke('rally.gift.redeem', { code: 'PPS22-300029', giftId: 'tumbler', nonce: nonce() }));
        assert.equal(r.status, 'redeemed');
        assert.deepEqual(seen, [{ type: 'rally.stock.low', giftId: 'tumbler', labelKo: '텀블러', labelEn: 'Tumbler', remaining: 498 }]);
        // The gift desk's strip gets the same verdict from the server (one rule, not a copy in the screen).
        const strip = must(await admin.invoke('rally.config', {})).gifts.map((g) => [g.id, g.low]);
        assert.deepEqual(strip, [['ecobag', true], ['tumbler', true]]);
        must(await admin.invoke('rally.setup.save', { ...setup, settings: { ...setup.settings, lowStockAt: 0 } }));
        assert.deepEqual(must(await admin.invoke('rally.config', {})).gifts.map((g) => [g.id, g.low]), [['ecobag', false], ['tumbler', false]]);
      } finally {
        unsubscribe();
        must(await admin.invoke('rally.setup.save', setup));
      }
    });

    test('ten desks redeeming the same gift for the same visitor at once give one redemption', async () => {
      for (const name of ['Hall 3 · 1', 'Hall 4 · 1']) {
        const h = stations.find((s) => s.identity.name === name)!;
        assert.equal(must(await h.invoke('rally.stamp.scan', { code: 'PPS22-200003', nonce: nonce() })).status, 'stamped');
      }
      const desks = await Promise.all(Array.from({ length: 10 }, (_, i) => station('gift', `Race desk ${i + 1}`)));
      const results = await Promise.all(desks.map((d) => d.invoke('rally.gift.redeem', { code: 'PPS22-200003', giftId: 'tumbler', nonce: nonce() })));
      const statuses = results.map((r) => must(r).status);
      assert.equal(statuses.filter((s) => s === 'redeemed').length, 1, statuses.join());
      assert.equal(statuses.filter((s) => s === 'already_redeemed').length, 9);
      const rows = await admin.handle.db.selectFrom('rally_redemptions').selectAll().where('visitor_code', '=', 'PPS22-200003').execute();
      assert.equal(rows.length, 1);
    });

    test('the last units go to exactly as many visitors as there are units', async () => {
      // 30 visitors with all three halls race for 7 eco bags at 10 desks.
      const setup = must(await admin.invoke('rally.setup.get', {}));
      must(await admin.invoke('rally.setup.save', { ...setup, gifts: setup.gifts.map((g) => (g.id === 'ecobag' ? { ...g, stock: 7 } : g)) }));
      const codes = Array.from({ length: 30 }, (_, i) => `PPS22-3${String(i).padStart(5, '0')}`);
      const hallStations = await Promise.all(['hall3', 'hall4', 'hall5'].map((p, i) => station('stamp', `Burst ${i}`, p)));
      await Promise.all(hallStations.flatMap((h) => codes.map((code) => h.invoke('rally.stamp.scan', { code, nonce: nonce() }).then(must))));
      const desks = stations.filter((s) => s.identity.name.startsWith('Race desk'));
      const results = await Promise.all(codes.map((code, i) => desks[i % desks.length]!.invoke('rally.gift.redeem', { code, giftId: 'ecobag', nonce: nonce() })));
      const statuses = results.map((r) => must(r).status);
      assert.equal(statuses.filter((s) => s === 'redeemed').length, 7, statuses.join());
      assert.equal(statuses.filter((s) => s === 'out_of_stock').length, 23);
      const pool = await admin.handle.db.selectFrom('rally_gift_stock').selectAll().where('gift_id', '=', 'ecobag').executeTakeFirstOrThrow();
      assert.equal(pool.remaining, 0);

      const check = must(await desks[0]!.invoke('rally.gift.check', { code: codes.find((_, i) => statuses[i] === 'out_of_stock')! }));
      assert.equal(check.status === 'ok' && check.gifts.find((g) => g.gift.id === 'ecobag')?.check.status, 'out_of_stock');
    });

    test('the report adds up, and the CSV opens in Korean Excel', async () => {
      const rep = must(await admin.invoke('rally.report', {}));
      const stampRows = await admin.handle.db.selectFrom('rally_stamps').select('id').execute();
      assert.equal(rep.stampsByPointHour.reduce((a, r) => a + r.n, 0), stampRows.length);
      assert.ok(rep.stampsByPointHour.some((r) => r.pointId === 'hall3' && r.hour === '2022-04-13 10'));
      const eco = rep.stock.find((s) => s.giftId === 'ecobag' && s.period === '2022-04-13')!;
      assert.deepEqual(eco, { giftId: 'ecobag', period: '2022-04-13', stock: 7, redeemed: 7, remaining: 0 });
      const tumbler = rep.stock.find((s) => s.giftId === 'tumbler')!;
      assert.equal(tumbler.stock - tumbler.redeemed, tumbler.remaining);
      assert.equal(tumbler.redeemed, 3);
      const day = rep.redemptionsByGiftDay.filter((r) => r.day === '2022-04-13');
      assert.equal(day.reduce((a, r) => a + r.n, 0), 10, '7 eco bags + 3 tumblers (the undone one not counted)');

      const csv = must(await admin.invoke('rally.report.csv', { table: 'stock' }));
      assert.ok(csv.csv.startsWith('\uFEFF'), 'UTF-8 BOM');
      assert.match(csv.csv, /에코백,2022-04-13,7,7,0\r\n/);
      assert.equal(csv.fileName, 'rally-stock-2022-04-13.csv');
    });

    test('a kiosk shows visitors their own card: stamps and each gift’s status, and can change nothing', async () => {
      const kiosk = await station('kiosk', 'Kiosk 1');
      const card = must(await kiosk.invoke('rally.progress', { code: 'PPS22-200001' }));
      assert.equal(card.status, 'ok');
      if (card.status !== 'ok') return;
      // A public screen: the masked name only, no phone digits (issue 10, D3).
      assert.equal(card.visitor.phoneMasked, null);
      assert.match(card.visitor.nameKo, /^\S\*+\S$/);
      assert.deepEqual(card.progress.points.filter((p) => p.stamp).map((p) => p.id), ['hall3', 'hall4', 'quiz']);
      const byId = Object.fromEntries(card.gifts.map((g) => [g.gift.id, g.check]));
      assert.deepEqual(byId.ecobag, { status: 'missing', shortfall: { all: ['hall5'], anyOf: [] } });
      assert.equal(byId.tumbler?.status === 'already_redeemed' && byId.tumbler.redemption.stationName, 'Gift desk 1');
      assert.equal(must(await kiosk.invoke('rally.progress', { code: 'PPS22-200002' })).status, 'not_checked_in');
      assert.equal(must(await kiosk.invoke('rally.progress', { code: 'NOPE-404' })).status, 'unknown_code');
      for (const [ch, input] of [
        ['rally.gift.redeem', { code: 'PPS22-200001', giftId: 'ecobag', nonce: nonce() }],
        ['rally.stamp.scan', { code: 'PPS22-200001', nonce: nonce() }],
        ['rally.gift.check', { code: 'PPS22-200001' }],
      ] as const) {
        const r = await kiosk.invoke(ch, input);
        assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden', ch);
      }
    });

    test('setup refuses rules naming unknown points and out-of-range answers', async () => {
      const setup = must(await admin.invoke('rally.setup.get', {}));
      const bad = await admin.invoke('rally.setup.save', { ...setup, gifts: [{ ...setup.gifts[0]!, rule: { all: ['hall9'], anyOf: [] } }] });
      assert.equal(bad.ok, false);
      const badQ = await admin.invoke('rally.setup.save', { ...setup, quiz: [{ ...setup.quiz[0]!, answer: 7 }] });
      assert.equal(badQ.ok, false);
      assert.equal(must(await admin.invoke('rally.setup.get', {})).gifts[0]!.rule.all.length, 3, 'nothing changed');
    });

    test('an empty rule is refused unless it says "everyone"; an "everyone" rule is kept as such', async () => {
      const setup = must(await admin.invoke('rally.setup.get', {}));
      const gift = setup.gifts[0]!;
      const empty = await admin.invoke('rally.setup.save', { ...setup, gifts: [{ ...gift, rule: { all: [], anyOf: [] } }, ...setup.gifts.slice(1)] });
      assert.deepEqual(empty.ok ? 'ok' : [empty.error.code, empty.error.details], ['invalid_input', { reason: 'empty_rule', id: gift.id }]);
      assert.deepEqual(must(await admin.invoke('rally.setup.get', {})).gifts[0]!.rule, gift.rule, 'nothing changed');

      const flyer = { ...gift, id: 'flyer', labelKo: '전단', labelEn: 'Flyer', rule: { all: [], anyOf: [], everyone: true as const }, sort: 99 };
      must(await admin.invoke('rally.setup.save', { ...setup, gifts: [...setup.gifts, flyer] }));
      const saved = must(await admin.invoke('rally.setup.get', {})).gifts.find((g) => g.id === 'flyer');
      assert.deepEqual(saved?.rule, { all: [], anyOf: [], everyone: true });
      // Leave the setup as the other tests found it (the flyer deactivated).
      must(await admin.invoke('rally.setup.save', setup));
    });
  });
}
