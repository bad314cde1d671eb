/**
 * The dashboard's rooms and alerts (issue 17), on SQLite and PostgreSQL: each room's
 * running or next session with the door's count, reconciled with a direct count of the
 * door scans; and a kiosk alert taken once for every console — the second console to take
 * it is told it was already taken, the event goes out once, the snapshot lists no open alert.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { peerStation, type Peer } from './helpers/peer-station';
import { until } from './helpers/until';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';
import { eventForViewer, type PushEvent } from '../contract/index';

const SESSIONS_CSV = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/sessions.csv'));
const CODES = Array.from({ length: 4 }, (_, i) => `PPS22-71000${i}`);

for (const tdb of testDatabases()) {
  describe(`dashboard rooms and alerts (${tdb.name})`, () => {
    let admin: Station & { clock: FakeClock; dataDir: string };
    let target: DbTarget;
    const peers: Peer[] = [];
    let n = 0;
    const nonce = () => `dra-${tdb.name}-${++n}`;
    const peer = async (role: 'door' | 'desk', name: string) => {
      const p = await peerStation(tdb, admin, target, role, name);
      peers.push(p);
      return p;
    };
    const count = async (text: string) => Number(Object.values((await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(admin.handle.db)).rows[0] as object)[0] ?? 0);

    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      admin = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: target });
      await seed(admin, CODES.map((code, i) => visitor({ code, nameKo: `방문${i}` })));
      for (const code of CODES) must(await admin.invoke('checkin.scan', { code, nonce: nonce() }));
      must(await admin.invoke('programme.import.commit', { fileName: 'sessions.csv', dataBase64: SESSIONS_CSV.toString('base64') }));
      admin.clock.set('2022-04-13T10:05:00+09:00');
    });
    after(async () => {
      for (const p of peers) await p.close();
      await admin.close();
    });

    test('rooms: the running session shows the door count, capacity and full, equal to a direct count of the scans', async () => {
      const door = await peer('door', '301 Front');
      const scan = (code: string, direction: 'in' | 'out') => door.invoke('sessions.door.scan', { nonce: nonce(), code, direction, sessionId: 'SEM1' }).then(must);
      await scan(CODES[0]!, 'in');
      await scan(CODES[1]!, 'in');
      let s = must(await admin.invoke('dashboard.snapshot', {}));
      let sem = s.rooms.find((r) => r.sessionId === 'SEM1')!;
      assert.equal(sem.state, 'running');
      assert.equal(sem.room, '컨퍼런스룸 301');
      assert.deepEqual([sem.inside, sem.capacity, sem.full], [2, 2, true]);
      await scan(CODES[0]!, 'out');
      s = must(await admin.invoke('dashboard.snapshot', {}));
      sem = s.rooms.find((r) => r.sessionId === 'SEM1')!;
      const inside = await count("select sum(case when direction = 'in' then 1 else -1 end) from session_scans where session_id = 'SEM1'");
      const admitted = await count("select count(distinct visitor_code) from session_scans where session_id = 'SEM1' and direction = 'in'");
      assert.deepEqual([sem.inside, sem.admitted, sem.full], [inside, admitted, false]);
      assert.equal(inside, 1);
      // Every room listed is either running now or the room's next session; a room appears with at most one "next".
      for (const r of s.rooms) {
        const now = admin.clock.now().getTime();
        assert.ok(Date.parse(r.end) > now, r.sessionId);
        assert.equal(r.state, Date.parse(r.start) <= now ? 'running' : 'next', r.sessionId);
        assert.equal(r.inside, await count(`select coalesce(sum(case when direction = 'in' then 1 else -1 end), 0) from session_scans where session_id = '${r.sessionId}'`), r.sessionId);
      }
      const rooms = s.rooms.filter((r) => r.state === 'next').map((r) => r.room);
      assert.equal(new Set(rooms).size, rooms.length);
    });

    test('a kiosk alert taken on one console is taken for all: the second console hears already acknowledged, the snapshot lists none open', async () => {
      const heard: PushEvent[] = [];
      const off = admin.bus.subscribe((ev) => void (ev.type === 'kiosk.alert.acked' && heard.push(ev)));
      const id = randomUUID();
      // What a kiosk's alertStaff publishes on its station's bus.
      admin.bus.publish({ type: 'kiosk.alert', id, stationId: 'kiosk-7', stationName: 'Kiosk 7', reason: 'print_failed', at: admin.clock.now().toISOString() });
      const open = await until('the alert on the dashboard', async () => must(await admin.invoke('dashboard.snapshot', {})).alerts.find((a) => a.id === id));
      assert.deepEqual([open.stationName, open.reason], ['Kiosk 7', 'print_failed']);

      const [a, b] = [await peer('desk', 'Desk A'), await peer('desk', 'Desk B')];
      // Both consoles press at once: one takes it, the other is told it was taken.
      const [x, y] = await Promise.all([a.invoke('kiosk.alert.ack', { id }), b.invoke('kiosk.alert.ack', { id })]);
      assert.deepEqual([x.ok ? 'ok' : x.error.code, y.ok ? 'ok' : y.error.code].sort(), ['already_acknowledged', 'ok']);
      const again = await a.invoke('kiosk.alert.ack', { id });
      assert.equal(again.ok ? 'ok' : again.error.code, 'already_acknowledged');
      assert.equal(await count(`select count(*) from audit_log where channel = 'kiosk.alert.ack' and entity_id = '${id}'`), 1);
      // On PostgreSQL a peer has its own bus; on SQLite it is this station's.
      if (tdb.name !== 'postgres') assert.equal(heard.length, 1);
      const s = must(await admin.invoke('dashboard.snapshot', {}));
      assert.equal(s.alerts.length, 0);
      assert.equal(await count(`select count(*) from audit_log where channel = 'kiosk.alert' and entity_id = '${id}'`), 1);
      off();
    });
  });
}

test('the ops room board hears kiosk alerts raised and taken (a station and a reason, no visitor), so its open alerts follow events; a kiosk or a stamp desk does not', () => {
  const raised: PushEvent = { type: 'kiosk.alert', id: 'a-1', stationId: 'kiosk-2', stationName: 'Kiosk 2', reason: 'print_failed', at: '2022-04-13T01:00:00.000Z' };
  const taken: PushEvent = { type: 'kiosk.alert.acked', id: 'a-1', by: 'Console', at: '2022-04-13T01:01:00.000Z' };
  for (const ev of [raised, taken]) {
    assert.deepEqual(eventForViewer(ev, { role: 'board', stationId: 'board-1' }), ev);
    assert.equal(eventForViewer(ev, { role: 'kiosk', stationId: 'kiosk-2' }), null);
    assert.equal(eventForViewer(ev, { role: 'stamp', stationId: 's-1' }), null);
  }
});
