/**
 * The venue event bridge's packing: PostgreSQL NOTIFY takes at most 8000 bytes, so
 * events are batched under that and one too large for a payload is chunked and
 * reassembled. Pure tests, then the same through a real PostgreSQL between two stations.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventUnpacker, packEvents } from '../main/venue/pg-bus-bridge';
import { freshPostgresDatabase, postgresSkip } from './helpers/databases';
import { tempDir, testStation } from './helpers/station';
import type { PushEvent } from '../contract/index';

const LIMIT = 8000;
const checkin = (i: number): PushEvent => ({
  type: 'checkin.recorded',
  code: `PPS22-${100000 + i}`,
  checkin: { at: '2022-04-13T00:30:00.000Z', day: '2022-04-13', stationName: `${i}번 입구 데스크`, method: 'scan' },
  counters: { day: '2022-04-13', checkedIn: i, registered: 100_000 },
});
// ~60 KB once serialised, with multi-byte Korean text (3 bytes each in UTF-8).
const huge: PushEvent = { type: 'rally.stock.low', giftId: 'g1', labelKo: '한정판 에코백 '.repeat(3000), labelEn: 'bag', remaining: 3 };

describe('venue event packing (pure)', () => {
  test('a burst is batched into few payloads, each under the NOTIFY limit, delivered in order', () => {
    const events = Array.from({ length: 200 }, (_, i) => checkin(i));
    const payloads = packEvents('station-a', events);
    assert.ok(payloads.length < 20, `${payloads.length} payloads for 200 events`);
    for (const p of payloads) assert.ok(Buffer.byteLength(p) < LIMIT, `${Buffer.byteLength(p)} bytes`);
    const b = new EventUnpacker('station-b');
    assert.deepEqual(payloads.flatMap((p) => b.accept(p)), events);
  });

  test('an event larger than a payload is chunked and reassembled, whatever the order the chunks arrive in', () => {
    const payloads = packEvents('station-a', [checkin(1), huge, checkin(2)]);
    assert.ok(payloads.length > 5);
    for (const p of payloads) assert.ok(Buffer.byteLength(p) < LIMIT);
    const b = new EventUnpacker('station-b');
    const reversed = [...payloads].reverse().flatMap((p) => b.accept(p));
    assert.equal(reversed.length, 3);
    assert.deepEqual(reversed.find((e) => e.type === 'rally.stock.low'), huge);
  });

  test("a station ignores its own events and junk payloads", () => {
    const a = new EventUnpacker('station-a');
    for (const p of packEvents('station-a', [checkin(1), huge])) assert.deepEqual(a.accept(p), []);
    assert.deepEqual(a.accept('not json'), []);
    assert.deepEqual(a.accept('{"o":"x","e":"nope"}'), []);
  });
});

describe('venue event bridge through PostgreSQL', { skip: !!(postgresSkip()) }, () => {
  test('a large event and a burst cross from one station to another intact', async () => {
    const url = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
    const a = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url }, name: 'A' });
    const b = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url }, name: 'B' });
    try {
      const got: PushEvent[] = [];
      b.bus.subscribe((ev) => got.push(ev));
      const sent = [huge, ...Array.from({ length: 300 }, (_, i) => checkin(i)), { type: 'import.progress', importId: randomUUID(), done: 1, total: 2 } as PushEvent];
      for (const ev of sent) a.bus.publish(ev);
      const deadline = Date.now() + 15_000;
      while (got.length < 301 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(got.find((e) => e.type === 'rally.stock.low'), huge);
      assert.deepEqual(got.filter((e) => e.type === 'checkin.recorded'), sent.slice(1, 301));
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(got.filter((e) => e.type === 'import.progress').length, 0, 'progress stays on its own station');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
