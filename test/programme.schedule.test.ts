/**
 * The pure rules behind the floor's newer controls: a started meeting keeps the length
 * it was given, +5 min on an overrunning meeting, pushing a table's later meetings back,
 * and how a badge finds its meeting (registration code first, organisation as fallback).
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG as cfg, applyFact, foldFacts, initialState, phaseAt } from '../main/services/programme/meeting-state';
import { pushBackPlan, type TableSlot } from '../main/services/programme/table-schedule';
import { parseCodes } from '../main/services/programme/programme.import';
import { badgeSide } from '../main/services/programme/floor.service';

const MIN = 60_000;
const T0 = Date.parse('2022-04-13T10:00:00+09:00');
const at = (min: number) => T0 + min * MIN;
const plan = { start: at(0), end: at(14) };
/** A table's day: 14-minute meetings every 15 minutes from 10:00 (1-minute changeover). */
const day = (n: number, kinds: Partial<Record<number, TableSlot['kind']>> = {}): TableSlot[] =>
  Array.from({ length: n }, (_, i) => ({ id: `M${i}`, start: at(15 * i), end: at(15 * i + 14), kind: kinds[i] ?? 'open' }));

describe('a started meeting keeps its length; +5 min over time', () => {
  test('the lengths travel on the started fact: a changed config applies only to meetings not yet started', () => {
    const started = foldFacts([{ type: 'started', at: at(0), pitchMin: 7, qaMin: 7 }], cfg);
    const longer = { pitchMin: 10, qaMin: 10, changeoverMin: 1 };
    const s = foldFacts([{ type: 'started', at: at(0), pitchMin: 7, qaMin: 7 }], longer);
    assert.deepEqual([s.pitchEndsAt, s.qaEndsAt], [started.pitchEndsAt, started.qaEndsAt], 'a running meeting keeps 7 + 7');
    const early = applyFact(s, { type: 'qa_started', at: at(3) }, longer)!;
    assert.equal(early.qaEndsAt, at(10), 'advancing to Q&A early uses the Q&A minutes it was started with');
    const fresh = applyFact(initialState(), { type: 'started', at: at(15), pitchMin: 10, qaMin: 10 }, cfg)!;
    assert.equal(fresh.qaEndsAt, at(35));
    // Facts written before lengths were recorded read the current config.
    assert.equal(foldFacts([{ type: 'started', at: at(0) }], longer).qaEndsAt, at(20));
  });

  test('+5 min on a meeting already over its time gives five minutes from now', () => {
    let s = applyFact(initialState(), { type: 'started', at: at(0) }, cfg)!;
    s = applyFact(s, { type: 'delayed', at: at(17), minutes: 5 }, cfg)!;
    assert.equal(s.qaEndsAt, at(22));
    assert.equal(phaseAt(plan, s, at(20)).timing, 'on_time');
    assert.equal(phaseAt(plan, s, at(23)).timing, 'overrun');
  });
});

describe('pushing a table back (pure)', () => {
  test('+5 min on the running 10:00 meeting moves every later one five minutes, keeping the changeover', () => {
    const slots = day(4, { 0: 'fixed' });
    slots[0]!.end = at(19);
    assert.deepEqual(pushBackPlan(slots, 'M0', 1), [
      { id: 'M1', minutes: 5 },
      { id: 'M2', minutes: 5 },
      { id: 'M3', minutes: 5 },
    ]);
  });

  test('a gap in the day (lunch) absorbs the push; later meetings stay', () => {
    const slots = [...day(2), { id: 'L', start: at(120), end: at(134), kind: 'open' as const }];
    slots[0]!.end = at(24); // ten more minutes
    assert.deepEqual(pushBackPlan(slots, 'M0', 1), [{ id: 'M1', minutes: 10 }]);
  });

  test('no-show and cancelled meetings free their slot; a running one cannot move', () => {
    const free = day(3, { 1: 'free' });
    free[0]!.end = at(19);
    assert.deepEqual(pushBackPlan(free, 'M0', 1), [], 'the no-show at 10:15 leaves room until 10:30');
    const fixed = day(3, { 1: 'fixed' });
    fixed[0]!.end = at(19);
    fixed[1]!.end = at(31); // the 10:15 meeting already runs, and runs long
    assert.deepEqual(pushBackPlan(fixed, 'M0', 1), [{ id: 'M2', minutes: 2 }]);
  });

  test('nothing moves when the table still fits; under half a minute is absorbed by the changeover', () => {
    const fits = day(2);
    fits[0]!.end = at(14);
    assert.deepEqual(pushBackPlan(fits, 'M0', 1), []);
    const seconds = day(2);
    seconds[0]!.end = at(14) + 20_000; // started twenty seconds late
    assert.deepEqual(pushBackPlan(seconds, 'M0', 1), []);
    seconds[0]!.end = at(14) + 40_000;
    assert.deepEqual(pushBackPlan(seconds, 'M0', 1), [{ id: 'M1', minutes: 1 }]);
    assert.deepEqual(pushBackPlan(day(2), 'NOPE', 1), []);
  });

  test('the changeover is the gap kept: 3 minutes push further than 1', () => {
    const slots = day(2);
    slots[0]!.end = at(19);
    assert.deepEqual(pushBackPlan(slots, 'M0', 3), [{ id: 'M1', minutes: 7 }]);
    assert.deepEqual(pushBackPlan(slots, 'M0', 0), [{ id: 'M1', minutes: 4 }]);
  });
});

describe('badge to meeting', () => {
  test('codes in a file cell: several per cell, read like a scanned badge; garbage names itself', () => {
    assert.deepEqual(parseCodes(' pps22-100001; PPS22-100002 ,PPS22-100001'), { codes: 'PPS22-100001 PPS22-100002' });
    assert.deepEqual(parseCodes(''), { codes: null });
    assert.deepEqual(parseCodes('PPS22-1; #1'), { codes: null, bad: '#1' });
    assert.deepEqual(parseCodes('PPS22-1; 김철수'), { codes: null, bad: '김철수' }, 'a name in the code column is not read as Hangul-mode keys');
  });

  test('a side with codes matches by code only; a side without codes falls back to the organisation', () => {
    const row = { seller_codes: 'PPS22-700001', buyer_codes: null, seller_norm: '한빛이앤씨47', buyer_norm: '현대건설' };
    assert.deepEqual(badgeSide(row, 'PPS22-700001', null), { side: 'seller', match: 'code' });
    assert.equal(badgeSide(row, 'PPS22-700009', '한빛이앤씨47'), null, 'a colleague not listed is not matched by name');
    assert.deepEqual(badgeSide(row, 'PPS22-800001', '현대건설'), { side: 'buyer', match: 'organisation' });
    assert.equal(badgeSide(row, 'PPS22-800001', null), null);
  });
});
