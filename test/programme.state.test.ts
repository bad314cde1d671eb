import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { FakeClock } from '../main/core/clock';
import { DEFAULT_CONFIG as cfg, advanceFact, applyFact, foldFacts, initialState, phaseAt, type MeetingFact } from '../main/services/programme/meeting-state';

const MIN = 60_000;
const plan = { start: Date.parse('2022-04-13T10:00:00+09:00'), end: Date.parse('2022-04-13T10:14:00+09:00') };

describe('consultation state machine (pure, FakeClock time)', () => {
  test('scheduled → waiting → pitch → Q&A by time → overrun → done', () => {
    const clock = new FakeClock('2022-04-13T09:58:00+09:00');
    const facts: MeetingFact[] = [];
    const at = () => phaseAt(plan, foldFacts(facts, cfg), clock.now().getTime());
    assert.equal(at().phase, 'scheduled');
    assert.equal(at().timing, 'on_time');

    facts.push({ type: 'arrived_seller', at: clock.now().getTime() });
    assert.equal(at().phase, 'waiting');

    clock.set('2022-04-13T10:00:30+09:00');
    facts.push({ type: 'started', at: clock.now().getTime() });
    let v = at();
    assert.equal(v.phase, 'pitch');
    assert.equal(v.phaseEndsAt! - v.phaseStartedAt!, 7 * MIN);

    clock.advance(7 * MIN);
    v = at();
    assert.equal(v.phase, 'qa', 'time moves the pitch into Q&A by itself');
    assert.equal(v.phaseEndsAt, Date.parse('2022-04-13T10:14:30+09:00'));
    assert.equal(v.timing, 'on_time');

    clock.advance(8 * MIN);
    assert.equal(at().timing, 'overrun');

    facts.push({ type: 'ended', at: clock.now().getTime() });
    assert.deepEqual([at().phase, at().timing], ['done', 'done']);
  });

  test('advance during the pitch starts Q&A early; advance in Q&A ends', () => {
    const t0 = plan.start;
    let s = applyFact(initialState(), { type: 'started', at: t0 }, cfg)!;
    const v = phaseAt(plan, s, t0 + 3 * MIN);
    assert.equal(advanceFact(v), 'qa_started');
    s = applyFact(s, { type: 'qa_started', at: t0 + 3 * MIN }, cfg)!;
    const qa = phaseAt(plan, s, t0 + 3 * MIN);
    assert.equal(qa.phase, 'qa');
    assert.equal(qa.phaseEndsAt, t0 + 10 * MIN);
    assert.equal(advanceFact(qa), 'ended');
    assert.equal(applyFact(s, { type: 'qa_started', at: t0 + 4 * MIN }, cfg), null, 'Q&A cannot start twice');
  });

  test('late before the start; a delay pushes the slot back and it is on time again', () => {
    const s0 = initialState();
    assert.equal(phaseAt(plan, s0, plan.start + 2 * MIN).timing, 'late');
    const s1 = applyFact(s0, { type: 'delayed', at: plan.start + 2 * MIN, minutes: 5 }, cfg)!;
    const v = phaseAt(plan, s1, plan.start + 2 * MIN);
    assert.equal(v.timing, 'on_time');
    assert.equal(v.plannedStart, plan.start + 5 * MIN);
    assert.equal(v.plannedEnd, plan.end + 5 * MIN);
  });

  test('a delay while running extends the current phase', () => {
    let s = applyFact(initialState(), { type: 'started', at: plan.start }, cfg)!;
    s = applyFact(s, { type: 'delayed', at: plan.start + MIN, minutes: 5 }, cfg)!;
    assert.equal(s.pitchEndsAt, plan.start + 12 * MIN);
    assert.equal(s.qaEndsAt, plan.start + 19 * MIN);
    s = applyFact(s, { type: 'delayed', at: plan.start + 13 * MIN, minutes: 5 }, cfg)!;
    assert.equal(s.pitchEndsAt, plan.start + 12 * MIN, 'in Q&A only the Q&A grows');
    assert.equal(s.qaEndsAt, plan.start + 24 * MIN);
  });

  test('cancel only before the start, no-show also after it (a side never came); reopen undoes them', () => {
    const started = applyFact(initialState(), { type: 'started', at: plan.start }, cfg)!;
    assert.equal(applyFact(started, { type: 'cancelled', at: plan.start + MIN }, cfg), null);
    assert.equal(applyFact(started, { type: 'no_show', at: plan.start + MIN }, cfg)?.status, 'no_show', 'a started meeting can still be a no-show');
    const ended = applyFact(started, { type: 'ended', at: plan.start + 14 * MIN }, cfg)!;
    assert.equal(applyFact(ended, { type: 'no_show', at: plan.start + 15 * MIN }, cfg), null, 'not once it was held to the end');
    assert.equal(applyFact(started, { type: 'started', at: plan.start + MIN }, cfg), null, 'a second start is refused');
    const ns = applyFact(initialState(), { type: 'no_show', at: plan.start + 5 * MIN }, cfg)!;
    assert.equal(phaseAt(plan, ns, plan.start + 6 * MIN).timing, 'no_show');
    assert.equal(applyFact(ns, { type: 'arrived_buyer', at: plan.start + 6 * MIN }, cfg), null);
    assert.equal(applyFact(ns, { type: 'delayed', at: plan.start + 6 * MIN, minutes: 5 }, cfg), null);
    const re = applyFact(ns, { type: 'reopened', at: plan.start + 6 * MIN }, cfg)!;
    assert.equal(re.status, 'open');
    assert.equal(re.reopenings, 1);
    assert.equal(applyFact(initialState(), { type: 'reopened', at: plan.start }, cfg), null);
  });

  test('facts fold in time order; facts that do not fit (lost races) are ignored', () => {
    const s = foldFacts(
      [
        { type: 'ended', at: plan.start + 10 * MIN },
        { type: 'started', at: plan.start },
        { type: 'started', at: plan.start + MIN },
        { type: 'cancelled', at: plan.start + 2 * MIN },
      ],
      cfg,
    );
    assert.equal(s.status, 'done');
    assert.equal(s.startedAt, plan.start);
    assert.equal(s.endedAt, plan.start + 10 * MIN);
  });

  test('a configurable length: 10 + 5 minutes', () => {
    const c = { pitchMin: 10, qaMin: 5, changeoverMin: 0 };
    const s = applyFact(initialState(), { type: 'started', at: plan.start }, c)!;
    assert.equal(phaseAt(plan, s, plan.start + 9 * MIN).phase, 'pitch');
    assert.equal(phaseAt(plan, s, plan.start + 11 * MIN).phase, 'qa');
    assert.equal(s.qaEndsAt, plan.start + 15 * MIN);
  });
});
