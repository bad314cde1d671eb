/** The waiting-area screen's words and call tone, from a floor state (pure). */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { CALL_LEAD_MS, waitingView, type WaitingTable } from '../renderer/src/floor/waiting';

const m = (table: string, start: string, phase: string, arrivedSeller = false) => ({ id: `${table}@${start}`, table, start: `2022-04-13T${start}:00+09:00`, seller: `SME ${table}`, buyer: `Buyer ${table}`, phase, arrivedSeller });
const at = (hm: string) => Date.parse(`2022-04-13T${hm}:00+09:00`);

describe('waiting area', () => {
  const tables: WaitingTable[] = [
    { name: 'T1', now: m('T1', '10:00', 'qa', true), next: m('T1', '10:15', 'scheduled') },
    { name: 'T2', now: m('T2', '10:00', 'scheduled'), next: m('T2', '10:15', 'scheduled') },
    { name: 'T3', now: m('T3', '10:00', 'waiting', true), next: m('T3', '10:20', 'scheduled') },
    { name: 'T4', now: null, next: null },
  ];
  test('calls the next round table by table, a minute ahead; lists SMEs late for a slot that began', () => {
    const v = waitingView(tables, at('10:05'));
    assert.equal(v.slot, at('10:15'));
    assert.deepEqual(v.calls.map((c) => c.table), ['T1', 'T2'], 'T3 meets later (pushed back) and is called with its own round');
    assert.equal(v.toneAt, at('10:15') - CALL_LEAD_MS);
    assert.deepEqual(v.late, [{ table: 'T2', seller: 'SME T2', minutes: 5 }]);
  });
  test('after the last round: nothing to call, no tone', () => {
    assert.deepEqual(waitingView([{ name: 'T4', now: null, next: null }], at('18:00')), { slot: null, calls: [], toneAt: null, late: [] });
  });
});
