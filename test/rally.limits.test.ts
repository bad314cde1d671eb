/**
 * The rally's limits, on SQLite and PostgreSQL: quiz attempts per visitor per day
 * (counted from append-only rows, so racing quiz stations cannot get around it) and a
 * gift's stock scope changed mid-event (pools rebuilt from what was given: still never
 * twice to one visitor, never beyond stock — also while desks redeem during the save).
 */
import { randomUUID } from 'node:crypto';
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { peerStation, type Peer } from './helpers/peer-station';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { RallyGift, RallySetup, Role } from '../contract/index';
import type { DbTarget } from '../db/connect';

type TS = Station & { clock: FakeClock; dataDir: string };
type Desk = Peer;

const code = (i: number) => `PPS22-4${String(i).padStart(5, '0')}`;

for (const tdb of testDatabases()) {
  describe(`rally limits (${tdb.name})`, () => {
    let dir: string;
    let target: DbTarget;
    let admin: TS;
    let setup: RallySetup;
    const stations: Desk[] = [];
    const nonce = () => `limits-${randomUUID()}`;

    /** Another station on the database (see peerStation), assigned to a stamp point if given. */
    async function station(role: Role, name: string, point?: string): Promise<Desk> {
      const s = await peerStation(tdb, admin, target, role, name);
      stations.push(s);
      if (point) must(await s.invoke('rally.station.assign', { pointId: point }));
      return s;
    }

    const answers = async () => {
      const full = must(await admin.invoke('rally.setup.get', {}));
      return { right: full.quiz.map((q) => q.answer), wrong: full.quiz.map((q) => (q.answer + 1) % q.choices.length) };
    };

    before(async () => {
      dir = tempDir();
      target = await tdb.target(dir);
      admin = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: target });
      stations.push(admin);
      await seed(admin, Array.from({ length: 40 }, (_, i) => visitor({ code: code(i), nameKo: `방문객${i}`, registeredDays: ['2022-04-13', '2022-04-14'] })));
      admin.clock.set('2022-04-13T10:00:00+09:00');
      const s = must(await admin.invoke('rally.setup.get', {}));
      // Badges need no check-in here, and one gift anyone qualifies for, with a small daily stock.
      const pen: RallyGift = { id: 'pen', labelKo: '볼펜', labelEn: 'Pen', rule: { all: [], anyOf: [], everyone: true }, stock: 5, stockScope: 'day', perVisitor: 'event', active: true, sort: 9 };
      setup = { ...s, gifts: [...s.gifts, pen], settings: { ...s.settings, notCheckedIn: 'allow', undoMinutes: 60 } };
      must(await admin.invoke('rally.setup.save', setup));
    });
    after(async () => {
      for (const s of stations) await s.close();
    });

    test('the quiz: three graded attempts a day, then "ask staff"; a repeated nonce costs nothing; staff can still grant it', async () => {
      const { wrong } = await answers();
      const q = await station('stamp', 'Quiz 1', 'quiz');
      assert.equal(must(await admin.invoke('rally.config', {})).settings.quizAttemptsPerDay, 3, 'default');
      assert.deepEqual(
        (({ status, attemptsLeft, limit }) => ({ status, attemptsLeft, limit }))(must(await q.invoke('rally.quiz.start', { code: code(0) })) as never),
        { status: 'ready', attemptsLeft: 3, limit: 3 },
      );

      const first = nonce();
      const a1 = must(await q.invoke('rally.quiz.submit', { code: code(0), nonce: first, answers: wrong }));
      assert.deepEqual(a1, { status: 'failed', correct: 0, total: 5, need: 3, attemptsLeft: 2 });
      // A double tap repeats the nonce: the same answer, no attempt used.
      assert.deepEqual(must(await q.invoke('rally.quiz.submit', { code: code(0), nonce: first, answers: wrong })), a1);
      assert.equal(must(await q.invoke('rally.quiz.submit', { code: code(0), nonce: nonce(), answers: wrong })).status, 'failed');
      const a3 = must(await q.invoke('rally.quiz.submit', { code: code(0), nonce: nonce(), answers: wrong }));
      assert.equal(a3.status === 'failed' && a3.attemptsLeft, 0);

      const { right } = await answers();
      assert.deepEqual(must(await q.invoke('rally.quiz.submit', { code: code(0), nonce: nonce(), answers: right })), { status: 'no_attempts_left', limit: 3 });
      const start = must(await q.invoke('rally.quiz.start', { code: code(0) }));
      assert.equal(start.status, 'no_attempts_left');
      const rows = await admin.handle.db.selectFrom('rally_quiz_attempts').selectAll().where('visitor_code', '=', code(0)).execute();
      assert.deepEqual(rows.map((r) => r.attempt).sort(), [1, 2, 3]);
      const stamps = await admin.handle.db.selectFrom('rally_stamps').select('id').where('visitor_code', '=', code(0)).execute();
      assert.equal(stamps.length, 0, 'no quiz stamp without a pass');

      // The next event day the visitor may try again.
      admin.clock.set('2022-04-14T10:00:00+09:00');
      try {
        const again = must(await q.invoke('rally.quiz.start', { code: code(0) }));
        assert.equal(again.status === 'ready' && again.attemptsLeft, 3);
      } finally {
        admin.clock.set('2022-04-13T10:30:00+09:00');
      }
      // Staff grant the stamp by scan at the quiz station: no attempt needed.
      const granted = must(await q.invoke('rally.stamp.scan', { code: code(0), nonce: nonce() }));
      assert.equal(granted.status, 'stamped');
      assert.equal(must(await q.invoke('rally.quiz.start', { code: code(0) })).status, 'quiz_done');
    });

    test('five quiz stations racing for a visitor’s last attempt grade exactly one', async () => {
      const { wrong } = await answers();
      const quizzes = [stations.find((s) => s.identity.name === 'Quiz 1')!, ...(await Promise.all([2, 3, 4, 5].map((i) => station('stamp', `Quiz ${i}`, 'quiz'))))];
      for (let i = 0; i < 2; i++) must(await quizzes[0]!.invoke('rally.quiz.submit', { code: code(1), nonce: nonce(), answers: wrong }));
      const results = await Promise.all(quizzes.map((s) => s.invoke('rally.quiz.submit', { code: code(1), nonce: nonce(), answers: wrong })));
      const statuses = results.map((r) => must(r).status).sort();
      assert.deepEqual(statuses, ['failed', 'no_attempts_left', 'no_attempts_left', 'no_attempts_left', 'no_attempts_left']);
      const rows = await admin.handle.db.selectFrom('rally_quiz_attempts').select('attempt').where('visitor_code', '=', code(1)).execute();
      assert.equal(rows.length, 3);
    });

    test('the limit is a setting the organiser saves', async () => {
      const q = stations.find((s) => s.identity.name === 'Quiz 1')!;
      must(await admin.invoke('rally.setup.save', { ...setup, settings: { ...setup.settings, quizAttemptsPerDay: 5 } }));
      try {
        const start = must(await q.invoke('rally.quiz.start', { code: code(1) }));
        assert.deepEqual(start.status === 'ready' && [start.attemptsLeft, start.limit], [2, 5]);
        const bad = await admin.invoke('rally.setup.save', { ...setup, settings: { ...setup.settings, quizAttemptsPerDay: 0 } });
        assert.equal(bad.ok, false);
      } finally {
        must(await admin.invoke('rally.setup.save', setup));
      }
    });

    /** Units given, remaining and stock per pool of the gift's current scope; every pool must add up. */
    async function pools(giftId: string) {
      const rep = must(await admin.invoke('rally.report', {}));
      const lines = rep.stock.filter((s) => s.giftId === giftId);
      for (const l of lines) assert.equal(l.stock - l.redeemed, l.remaining, `pool ${l.period} adds up`);
      return Object.fromEntries(lines.map((l) => [l.period, { redeemed: l.redeemed, remaining: l.remaining }]));
    }
    const activeRedemptions = async (giftId: string) => {
      const rows = await admin.handle.db
        .selectFrom('rally_redemptions as r')
        .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
        .select(['r.visitor_code', 'r.day'])
        .where('r.gift_id', '=', giftId)
        .where('u.id', 'is', null)
        .execute();
      assert.equal(new Set(rows.map((r) => r.visitor_code)).size, rows.length, 'never twice to one visitor');
      return rows;
    };
    const withPen = (change: Partial<RallyGift>): RallySetup => ({ ...setup, gifts: setup.gifts.map((g) => (g.id === 'pen' ? { ...g, ...change } : g)) });

    test('per day → whole event: the event pool is stock − everything given; per day again: each day stock − its own', async () => {
      const desk = await station('gift', 'Gift desk 1');
      const redeem = (i: number) => desk.invoke('rally.gift.redeem', { code: code(i), giftId: 'pen', nonce: nonce() }).then(must);
      // 13 April: 3 pens; 14 April: 2 pens (5 a day).
      for (const i of [10, 11, 12]) assert.equal((await redeem(i)).status, 'redeemed');
      admin.clock.set('2022-04-14T11:00:00+09:00');
      for (const i of [13, 14]) assert.equal((await redeem(i)).status, 'redeemed');
      assert.deepEqual(await pools('pen'), { '2022-04-13': { redeemed: 3, remaining: 2 }, '2022-04-14': { redeemed: 2, remaining: 3 } });

      // 7 for the whole event, 5 already given: 2 left, whatever the days had.
      must(await admin.invoke('rally.setup.save', (setup = withPen({ stockScope: 'event', stock: 7 }))));
      assert.deepEqual(await pools('pen'), { '*': { redeemed: 5, remaining: 2 } });
      assert.equal(must(await desk.invoke('rally.config', {})).gifts.find((g) => g.id === 'pen')!.remaining, 2);
      const race = await Promise.all([15, 16, 17].map(redeem));
      assert.deepEqual(race.map((r) => r.status).sort(), ['out_of_stock', 'redeemed', 'redeemed']);
      assert.equal((await redeem(10)).status, 'already_redeemed', 'once per visitor survives the change');
      assert.equal((await activeRedemptions('pen')).length, 7, 'exactly the stock');

      // An undo after the change gives the unit back to the event pool.
      const last = race.find((r) => r.status === 'redeemed');
      assert.ok(last?.status === 'redeemed');
      const u = must(await desk.invoke('rally.gift.undo', { redemptionId: last.redemption.id, reason: '테스트 취소', nonce: nonce() }));
      assert.equal(u.status === 'undone' && u.remaining, 1);

      // Back to 4 a day: 14 April has given 3 (2 + the one left after the undo), 13 April 3.
      must(await admin.invoke('rally.setup.save', (setup = withPen({ stockScope: 'day', stock: 4 }))));
      assert.deepEqual(await pools('pen'), { '2022-04-13': { redeemed: 3, remaining: 1 }, '2022-04-14': { redeemed: 3, remaining: 1 } });
      const after = await Promise.all([18, 19].map(redeem));
      assert.deepEqual(after.map((r) => r.status).sort(), ['out_of_stock', 'redeemed']);
      admin.clock.set('2022-04-13T16:00:00+09:00');
    });

    test('a scope change saved while ten desks redeem never gives beyond stock', async () => {
      const desks = await Promise.all(Array.from({ length: 10 }, (_, i) => station('gift', `Race desk ${i + 1}`)));
      admin.clock.set('2022-04-14T15:00:00+09:00');
      // 14 April has given all 4; the save makes it 9 for the whole event (7 given so far: 2 left).
      // Desks before the save find the day empty, desks after it draw from the rebuilt pool.
      const codes = Array.from({ length: 10 }, (_, i) => code(20 + i));
      const [saved, ...results] = await Promise.all([
        admin.invoke('rally.setup.save', withPen({ stockScope: 'event', stock: 9 })),
        ...codes.map((c, i) => desks[i]!.invoke('rally.gift.redeem', { code: c, giftId: 'pen', nonce: nonce() })),
      ]);
      must(saved);
      setup = withPen({ stockScope: 'event', stock: 9 });
      const given = (await activeRedemptions('pen')).length;
      assert.ok(given <= 9, `given ${given} of 9`);
      const p = await pools('pen');
      assert.deepEqual(Object.keys(p), ['*']);
      assert.equal(p['*']!.redeemed, given);
      assert.ok(results.every((r) => r.ok));
      // Whatever is left is handed out, and not one unit more.
      const more = await Promise.all(Array.from({ length: 6 }, (_, i) => desks[i]!.invoke('rally.gift.redeem', { code: code(30 + i), giftId: 'pen', nonce: nonce() }).then(must)));
      assert.equal(more.filter((r) => r.status === 'redeemed').length, 9 - given);
      assert.equal((await activeRedemptions('pen')).length, 9);
      assert.deepEqual(await pools('pen'), { '*': { redeemed: 9, remaining: 0 } });
    });
  });
}
