/**
 * D3/D4/D5: a kiosk station turned against visitors. It tries to walk registration codes
 * through the stamp card, to print a stranger's badge without the staff PIN, and to listen
 * to the venue's check-ins and print jobs on its event stream. Each path is refused or
 * reduced to what a public screen may show.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { PushEvent } from '../contract/index';
import { EVENT_VISIBILITY, eventForViewer } from '../contract/index';
import type { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import { IDENTIFY_LIMITS } from '../main/services/kiosk/kiosk-runtime';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { listenStation, postChannel } from './helpers/http';
import { until } from './helpers/until';

const code = (i: number) => `PPS22-${String(500000 + i)}`;
const PER_MINUTE = IDENTIFY_LIMITS[0].max;

/** Reads a station's SSE stream until `stop(events)` says enough. */
function readEvents(port: number): { events: PushEvent[]; raw: () => string; close(): void } {
  const events: PushEvent[] = [];
  let text = '';
  const req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}` }, agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      for (const m of chunk.matchAll(/^data: (.*)$/gm)) events.push(JSON.parse(m[1]!) as PushEvent);
    });
  });
  req.on('error', () => undefined);
  return { events, raw: () => text, close: () => req.destroy() };
}

describe('a kiosk station cannot be turned against visitors', () => {
  let s: Station & { clock: FakeClock };
  let srv: Awaited<ReturnType<typeof listenStation>>;

  before(async () => {
    s = await testStation({ role: 'kiosk', name: 'Kiosk 1', dataDir: tempDir() });
    await seed(
      s,
      Array.from({ length: PER_MINUTE + 10 }, (_, i) =>
        visitor({ code: code(i), nameKo: '김은희', organisation: '한국도로공사', title: '과장', phone: `010-5025-${String(1000 + i)}`, email: `v${i}@example.co.kr` }),
      ),
    );
    srv = await listenStation({ station: s, token: null, staticDir: null });
  });
  after(async () => {
    await srv?.close();
    await s?.close();
  });

  test('D3: the stamp card answers with a masked name only, and walking codes runs into the kiosk limit', async () => {
    const answers: unknown[] = [];
    let limited: { code: string } | null = null;
    for (let i = 0; i < PER_MINUTE + 5; i++) {
      const r = JSON.parse((await postChannel(srv.port, 'rally.progress', { code: code(i) })).body);
      if (!r.ok) {
        limited = r.error;
        break;
      }
      answers.push(r.value);
    }
    assert.equal(limited?.code, 'rate_limited', 'the walk is stopped');
    assert.ok(answers.length <= PER_MINUTE, `${answers.length} answers before the limit`);
    const text = JSON.stringify(answers);
    for (const leak of ['한국도로공사', '과장', '5025', '@example', '김은희']) assert.ok(!text.includes(leak), `no ${leak} on a kiosk`);
    assert.match(text, /김\*희/, 'the owner still recognises their card');
    // The same budget as kiosk.identify: switching paths does not reset it.
    const id = must(await s.invoke('kiosk.identify', { by: 'code', code: code(PER_MINUTE + 9) }));
    assert.equal(id.status, 'rate_limited');
    s.clock.advance(61_000);
  });

  test('D4: a kiosk cannot print anyone by code, reprint reason or not; nothing is queued', async () => {
    for (const input of [{ code: code(1), nonce: 'kiosk-print-1' }, { code: code(2), nonce: 'kiosk-print-2', reprintReason: 'lost' }]) {
      const r = JSON.parse((await postChannel(srv.port, 'printing.badge.print', input)).body);
      assert.equal(r.ok, false);
      assert.equal(r.error.code, 'forbidden');
    }
    const jobs = await s.handle.db.selectFrom('print_jobs').select('id').execute();
    assert.equal(jobs.length, 0);
  });

  test("D5: the kiosk's event stream carries no other station's check-ins or jobs, and its own jobs without a code", async () => {
    const stream = readEvents(srv.port);
    try {
      await until('the stream is open', async () => stream.raw().includes(': connected'));
      // A desk elsewhere in the venue checks a visitor in (its event reaches this station's bus).
      const desk = { station: { id: 'desk-elsewhere', name: 'Desk 9', role: 'desk' as const } };
      must(await s.router.invoke(desk, 'checkin.scan', { code: code(3), nonce: 'desk-9-scan' }));
      s.bus.publish({ type: 'printing.job', jobId: 'j-other', stationId: 'desk-elsewhere', printerId: 'p9', printerName: 'Desk 9 printer', code: code(3), state: 'printed' });
      s.bus.publish({ type: 'printing.job', jobId: 'j-own', stationId: s.identity.id, printerId: 'p1', printerName: 'Kiosk printer', code: code(4), state: 'printed' });
      s.bus.publish({ type: 'kiosk.alert', id: 'alert-1', stationId: 'kiosk-2', stationName: 'Kiosk 2', reason: 'sent_to_staff', at: new Date().toISOString() });
      s.bus.publish({ type: 'station.status', online: true });
      await until('the sentinel event', async () => stream.events.some((e) => e.type === 'station.status'));
      const types = stream.events.map((e) => e.type);
      assert.ok(!types.includes('checkin.recorded') && !types.includes('counters.changed') && !types.includes('kiosk.alert'), types.join(','));
      const jobs = stream.events.filter((e) => e.type === 'printing.job');
      assert.deepEqual(jobs, [{ type: 'printing.job', jobId: 'j-own', stationId: s.identity.id, printerId: 'p1', printerName: 'Kiosk printer', code: null, state: 'printed' }]);
      assert.ok(!/PPS22-/.test(stream.raw()), 'no registration code on the wire');
    } finally {
      stream.close();
    }
  });
});

describe('event visibility rules', () => {
  const checkin: PushEvent = {
    type: 'checkin.recorded',
    code: 'PPS22-000001',
    checkin: { at: '2026-01-01T00:00:00Z', day: '2026-01-01', stationName: 'Desk 1', method: 'scan' },
    counters: { day: '2026-01-01', checkedIn: 5, registered: 9 },
  };
  test('a check-in: full for desks, counters only for the board and other staff, nothing for a kiosk', () => {
    assert.deepEqual(eventForViewer(checkin, { role: 'desk', stationId: 'x' }), checkin);
    assert.deepEqual(eventForViewer(checkin, { role: 'board', stationId: 'x' }), { type: 'counters.changed', counters: checkin.type === 'checkin.recorded' ? checkin.counters : null });
    assert.equal(eventForViewer(checkin, { role: 'kiosk', stationId: 'x' }), null);
  });
  test('kiosk.exit reaches only the kiosk it is for', () => {
    const ev: PushEvent = { type: 'kiosk.exit', stationId: 'k1' };
    assert.deepEqual(eventForViewer(ev, { role: 'kiosk', stationId: 'k1' }), ev);
    assert.equal(eventForViewer(ev, { role: 'kiosk', stationId: 'k2' }), null);
  });
  test('no role but admin and desk hears a visitor code in any form', () => {
    for (const [type, roles] of Object.entries(EVENT_VISIBILITY)) {
      for (const [role, v] of Object.entries(roles)) {
        if (role === 'admin' || role === 'desk') continue;
        if (type === 'checkin.recorded' || type === 'printing.job') assert.notEqual(v, 'full', `${role} hears ${type} in full`);
      }
    }
  });
});
