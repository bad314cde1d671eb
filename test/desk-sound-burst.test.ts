/**
 * The desk's pure rules: which tone each answer gets, and telling a scanner's burst
 * (code + Enter, a few ms per key) from a person typing in the same field.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { TONES, toneFor, type OutcomeStatus } from '../renderer/src/desk/tones';
import { BURST_MIN_KEYS, burstStart, insertedText } from '../renderer/src/desk/scan-burst';

describe('desk tones', () => {
  test('every answer maps to its tone', () => {
    const want: Record<OutcomeStatus, string> = {
      checked_in: 'success',
      walk_in_done: 'success',
      already_checked_in: 'already',
      not_registered_today: 'problem',
      unknown_code: 'problem',
      pending: 'problem',
      error: 'problem',
      no_consent: 'problem',
    };
    for (const [status, tone] of Object.entries(want)) assert.equal(toneFor(status as OutcomeStatus), tone, status);
  });

  test('the three tones can be told apart by ear: different pitches, problem lowest', () => {
    const pitches = (t: keyof typeof TONES) => TONES[t].map((n) => n.hz).join(',');
    assert.equal(new Set([pitches('success'), pitches('already'), pitches('problem')]).size, 3);
    const lowest = (t: keyof typeof TONES) => Math.min(...TONES[t].map((n) => n.hz));
    assert.ok(lowest('problem') < lowest('already') && lowest('already') < lowest('success'));
    for (const t of ['success', 'already', 'problem'] as const) {
      const ms = TONES[t].reduce((a, n) => a + n.ms, 0);
      assert.ok(ms <= 400, `${t} is short (${ms} ms): fast scans must not pile up sounds`);
    }
  });
});

/** Key times `gap` ms apart, starting at `t0`. */
const keys = (n: number, gap: number, t0 = 1000) => Array.from({ length: n }, (_, i) => t0 + i * gap);

describe('scanner bursts', () => {
  test('a scanner: a whole code a few ms per key, then Enter', () => {
    const t = keys(12, 4);
    assert.equal(burstStart(t, t.at(-1)! + 4), 0);
  });

  test('a burst after a person typed: only the burst is the scan', () => {
    const person = keys(6, 180);
    const scanner = keys(12, 3, person.at(-1)! + 900);
    assert.equal(burstStart([...person, ...scanner], scanner.at(-1)! + 3), person.length);
  });

  test('a person typing, even quickly, is not a scanner', () => {
    const t = keys(10, 90);
    assert.equal(burstStart(t, t.at(-1)! + 90), -1);
    // A quick pair of keys and Enter is too short to be a code.
    const pair = keys(BURST_MIN_KEYS - 1, 5);
    assert.equal(burstStart(pair, pair.at(-1)! + 5), -1);
    // A scanner-fast run that ends in a long pause before Enter is not a scan either.
    const paused = keys(12, 4);
    assert.equal(burstStart(paused, paused.at(-1)! + 800), -1);
    assert.equal(burstStart([], 1000), -1);
  });

  test('keys stamped out of order never join a burst', () => {
    const earlier = keys(6, 150, 5000);
    const scanner = keys(12, 4, 4000);
    assert.equal(burstStart([...earlier, ...scanner], scanner.at(-1)! + 4), earlier.length);
  });

  test('a slightly uneven scanner (a busy PC) is still a scanner', () => {
    const t = [0, 3, 6, 70, 73, 76, 79, 82, 85, 88, 91, 94].map((x) => 1000 + x);
    assert.equal(burstStart(t, t.at(-1)! + 3), 0);
  });

  test('what a burst typed, wherever the caret was', () => {
    assert.equal(insertedText('현장 확인', '현장 확인PPS22-500003'), 'PPS22-500003');
    assert.equal(insertedText('현장 확인', 'PPS22-500003현장 확인'), 'PPS22-500003');
    assert.equal(insertedText('현장 확인', '현장 PPS22-500003확인'), 'PPS22-500003');
    assert.equal(insertedText('', 'PPS22-500003'), 'PPS22-500003');
    assert.equal(insertedText('aa', 'aaaa'), 'aa');
  });
});
