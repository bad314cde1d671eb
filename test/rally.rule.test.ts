import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { GiftRule } from '../contract/index';
import { evaluateRule } from '../main/services/rally/rule';

const HALLS = ['hall3', 'hall4', 'hall5'];
const allHalls = GiftRule.parse({ all: HALLS });
const twoHallsQuiz = GiftRule.parse({ all: ['quiz'], anyOf: [{ n: 2, of: HALLS }] });
const ev = (r: GiftRule, ...ids: string[]) => evaluateRule(r, new Set(ids));

describe('gift rule evaluation', () => {
  test('all three halls', () => {
    assert.equal(ev(allHalls, 'hall3', 'hall4', 'hall5').ok, true);
    assert.deepEqual(ev(allHalls, 'hall3', 'quiz').shortfall, { all: ['hall4', 'hall5'], anyOf: [] });
    assert.equal(ev(allHalls).ok, false);
  });

  test('any two halls + quiz', () => {
    assert.equal(ev(twoHallsQuiz, 'hall3', 'hall5', 'quiz').ok, true);
    assert.equal(ev(twoHallsQuiz, 'hall3', 'hall4', 'hall5', 'quiz').ok, true);
    assert.deepEqual(ev(twoHallsQuiz, 'hall3', 'hall4', 'hall5').shortfall, { all: ['quiz'], anyOf: [] });
    assert.deepEqual(ev(twoHallsQuiz, 'hall4', 'quiz').shortfall, { all: [], anyOf: [{ need: 1, of: ['hall3', 'hall5'] }] });
    assert.deepEqual(ev(twoHallsQuiz).shortfall, { all: ['quiz'], anyOf: [{ need: 2, of: HALLS }] });
  });

  test('an empty rule is met by anyone; duplicates in a rule count once', () => {
    assert.equal(ev(GiftRule.parse({})).ok, true);
    const dup = GiftRule.parse({ anyOf: [{ n: 2, of: ['hall3', 'hall3', 'hall4'] }] });
    assert.equal(ev(dup, 'hall3').ok, false, 'one hall listed twice is still one stamp');
    assert.equal(ev(dup, 'hall3', 'hall4').ok, true);
  });

  test('stamps outside the rule change nothing', () => {
    assert.equal(ev(allHalls, 'booth-kepco', 'quiz', 'hall3').ok, false);
  });

  test('a rule asking for more than its list is refused as data', () => {
    assert.equal(GiftRule.safeParse({ anyOf: [{ n: 3, of: ['hall3', 'hall4'] }] }).success, false);
    assert.equal(GiftRule.safeParse({ all: ['Hall 3'] }).success, false, 'ids are slugs');
  });
});
