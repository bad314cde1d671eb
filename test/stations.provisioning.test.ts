/**
 * Station provisioning and operators (issue 11), on SQLite and PostgreSQL: a fresh data
 * folder without --role is a `setup` station that reaches only the set-up channels; a
 * set-up code from the admin makes it a desk (once, before expiry — a reused, expired or
 * unknown code changes nothing); the organiser step makes the first admin only while
 * there is none; a retired station is refused, over its LAN token too; operators sign in
 * by PIN or staff badge, are locked after five wrong PINs, and are named in audit rows.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';
import { listenStation, postChannel } from './helpers/http';
import { FakeClock } from '../main/core/clock';
import { createStation, type Station } from '../main/core/station';
import type { DbTarget } from '../db/connect';

/** A new machine: its own data folder, no --role, no identity given — as `npm start` on a fresh laptop. */
async function freshStation(target: DbTarget, clock: FakeClock, dataDir = tempDir()): Promise<Station & { dataDir: string }> {
  const s = await createStation({ dataDir, db: target }, { clock, heartbeat: false });
  return Object.assign(s, { dataDir });
}

const nonce = () => randomUUID();
const errCode = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

for (const tdb of testDatabases()) describe(`station provisioning (${tdb.name})`, () => {
  test('a fresh station starts with no role and reaches only the set-up channels', async () => {
    const dir = tempDir();
    const clock = new FakeClock('2022-04-13T09:00:00+09:00');
    const s = await freshStation(await tdb.target(dir), clock, dir);
    try {
      assert.equal(s.identity.role, 'setup');
      assert.equal(errCode(await s.invoke('checkin.scan', { code: 'PPS22-100001', nonce: nonce() })), 'forbidden');
      assert.equal(errCode(await s.invoke('stations.code.create', { name: 'X', role: 'desk' })), 'forbidden');
      assert.equal(errCode(await s.invoke('visitors.search', { q: '김' })), 'forbidden');
      assert.equal(must(await s.invoke('system.hello', {})).station.role, 'setup');
      assert.equal(must(await s.invoke('stations.setup.state', {})).canBeOrganiser, true);
      // A bad PIN is refused by the contract and changes nothing.
      assert.equal(errCode(await s.invoke('stations.setup.organiser', { name: 'HQ', pin: '12' })), 'invalid_input');
      assert.equal(s.identity.role, 'setup');
    } finally {
      await s.close();
    }
  });

  test("the organiser's laptop: admin by an explicit first-run step with a PIN, once per database", async () => {
    const dir = tempDir();
    const clock = new FakeClock('2022-04-13T09:00:00+09:00');
    const target = await tdb.target(dir);
    const first = await freshStation(target, clock, dir);
    const second = await freshStation(target, clock);
    try {
      const r = must(await first.invoke('stations.setup.organiser', { name: '주최자 노트북', pin: '482916' }));
      assert.equal(r.role, 'admin');
      assert.equal(first.identity.role, 'admin');
      assert.equal(JSON.parse(fs.readFileSync(path.join(first.dataDir, 'station.json'), 'utf8')).role, 'admin');
      // The PIN made an admin operator, kept as a hash.
      const op = await first.handle.db.selectFrom('operators').selectAll().executeTakeFirstOrThrow();
      assert.equal(op.is_admin, 1);
      assert.ok(op.pin_hash && !op.pin_hash.includes('482916'));
      // A second new machine cannot make itself admin: it needs a code.
      assert.equal(must(await second.invoke('stations.setup.state', {})).canBeOrganiser, false);
      assert.equal(errCode(await second.invoke('stations.setup.organiser', { name: 'Rogue', pin: '111111' })), 'conflict');
      assert.equal(second.identity.role, 'setup');
    } finally {
      await second.close();
      await first.close();
    }
  });

  test('a station set up from a code; the code works once and not after its expiry', async () => {
    const dir = tempDir();
    const clock = new FakeClock('2022-04-13T09:00:00+09:00');
    const target = await tdb.target(dir);
    const admin = await testStation({ dataDir: dir, db: target, clock, name: 'HQ', role: 'admin' });
    const desk = await freshStation(target, clock);
    const other = await freshStation(target, clock);
    try {
      const code = must(await admin.invoke('stations.code.create', { name: 'Desk 7', role: 'desk', validMinutes: 30 }));
      assert.match(code.code, /^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$/);
      assert.ok(code.payload.startsWith(`FAIRDESK-SETUP:${code.code}@`));
      // The database keeps a hash, never the code.
      const stored = await admin.handle.db.selectFrom('station_setup_codes').selectAll().execute();
      assert.equal(stored.length, 1);
      assert.ok(!JSON.stringify(stored).includes(code.code.replace('-', '')));
      const audit = await admin.handle.db.selectFrom('audit_log').select('detail').where('channel', '=', 'stations.code.create').executeTakeFirstOrThrow();
      assert.ok(!audit.detail!.includes(code.code));

      // Typed sloppily (lower case, no hyphen, spaces): still the code.
      const typed = ` ${code.code.replace('-', '').toLowerCase()} `;
      assert.deepEqual(must(await desk.invoke('stations.setup.redeem', { code: typed })), { role: 'desk', name: 'Desk 7' });
      assert.equal(desk.identity.role, 'desk');
      assert.equal(desk.identity.name, 'Desk 7');
      assert.equal(errCode(await desk.invoke('checkin.scan', { code: 'PPS22-100001', nonce: nonce() })), 'ok');
      const rows = must(await admin.invoke('stations.list', {}));
      const row = rows.find((r) => r.id === desk.identity.id)!;
      assert.equal(row.role, 'desk');
      assert.equal(row.setUp, true);

      // Reused: refused, and the other machine stays as it was.
      assert.equal(errCode(await other.invoke('stations.setup.redeem', { code: code.payload })), 'setup_code_used');
      assert.equal(other.identity.role, 'setup');
      // Unknown and malformed.
      assert.equal(errCode(await other.invoke('stations.setup.redeem', { code: 'AAAA-AAAA' })), 'setup_code_unknown');
      assert.equal(errCode(await other.invoke('stations.setup.redeem', { code: 'O0O0-1I1I' })), 'setup_code_unknown');
      // Expired: made, then 31 minutes pass.
      const late = must(await admin.invoke('stations.code.create', { name: 'Kiosk 2', role: 'kiosk', validMinutes: 30 }));
      clock.advance(31 * 60_000);
      assert.equal(errCode(await other.invoke('stations.setup.redeem', { code: late.code })), 'setup_code_expired');
      assert.equal(other.identity.role, 'setup');
      const lateRow = await admin.handle.db.selectFrom('station_setup_codes').select('used_at').where('name', '=', 'Kiosk 2').executeTakeFirstOrThrow();
      assert.equal(lateRow.used_at, null, 'an expired code is not marked used');
      assert.equal((await admin.handle.db.selectFrom('stations').select('role').where('id', '=', other.identity.id).executeTakeFirstOrThrow()).role, 'setup');

      // The desk keeps its role after a restart (station.json and its row agree).
      const deskDir = desk.dataDir;
      await desk.close();
      const again = await freshStation(target, clock, deskDir);
      try {
        assert.equal(again.identity.role, 'desk');
        assert.equal(again.identity.name, 'Desk 7');
      } finally {
        await again.close();
      }
    } finally {
      await other.close();
      await desk.close().catch(() => undefined);
      await admin.close();
    }
  });

  test('only an admin changes a role; a retired station is refused, over its LAN token too', async () => {
    const dir = tempDir();
    const clock = new FakeClock('2022-04-13T09:00:00+09:00');
    const target = await tdb.target(dir);
    const admin = await testStation({ dataDir: dir, db: target, clock, name: 'HQ', role: 'admin' });
    let desk = await freshStation(target, clock);
    try {
      const code = must(await admin.invoke('stations.code.create', { name: 'Desk 3', role: 'desk' }));
      must(await desk.invoke('stations.setup.redeem', { code: code.code }));
      // A desk may not change roles, its own or anyone's.
      assert.equal(errCode(await desk.invoke('stations.role.set', { stationId: desk.identity.id, role: 'admin' })), 'forbidden');
      assert.equal(errCode(await admin.invoke('stations.role.set', { stationId: desk.identity.id, role: 'setup' })), 'invalid_input');
      must(await admin.invoke('stations.role.set', { stationId: desk.identity.id, role: 'gift' }));
      // PostgreSQL: the change crosses the venue bus at once; SQLite: a station on this file takes it at its next start.
      if (tdb.name === 'postgres') await until('the desk becomes a gift desk', async () => desk.identity.role === 'gift');
      else {
        const d = desk.dataDir;
        await desk.close();
        desk = await freshStation(target, clock, d);
      }
      assert.equal(desk.identity.role, 'gift');

      const lan = await listenStation({ station: desk, token: 'desk-token-123', staticDir: null });
      try {
        const hello = await postChannel(lan.port, 'system.hello', {}, { authorization: 'Bearer desk-token-123' });
        assert.equal(hello.status, 200);
        must(await admin.invoke('stations.retire', { stationId: desk.identity.id }));
        assert.equal(errCode(await admin.invoke('stations.retire', { stationId: admin.identity.id })), 'conflict');
        if (tdb.name === 'postgres') {
          await until('the retired desk refuses over LAN', async () => (await postChannel(lan.port, 'system.hello', {}, { authorization: 'Bearer desk-token-123' })).status === 401);
          assert.equal(errCode(await desk.invoke('operators.list', {})), 'station_retired');
        }
      } finally {
        await lan.close();
      }
      // After a restart (both databases) the retirement holds: router and LAN token refuse.
      const d = desk.dataDir;
      await desk.close();
      desk = await freshStation(target, clock, d);
      assert.equal(errCode(await desk.invoke('operators.list', {})), 'station_retired');
      const lan2 = await listenStation({ station: desk, token: 'desk-token-123', staticDir: null });
      try {
        const r = await postChannel(lan2.port, 'operators.list', {}, { authorization: 'Bearer desk-token-123' });
        assert.equal(r.status, 401);
        assert.equal(JSON.parse(r.body).error.code, 'station_retired');
      } finally {
        await lan2.close();
      }
      const row = must(await admin.invoke('stations.list', {})).find((s) => s.id === desk.identity.id)!;
      assert.equal(row.retired, true);
      assert.equal(row.online, false);
    } finally {
      await desk.close().catch(() => undefined);
      await admin.close();
    }
  });

  test('operators: PIN or staff badge, named in the audit row, locked after five wrong PINs, idle sign-out', async () => {
    const dir = tempDir();
    const clock = new FakeClock('2022-04-13T09:00:00+09:00');
    const target = await tdb.target(dir);
    const admin = await testStation({ dataDir: dir, db: target, clock, name: 'HQ', role: 'admin' });
    await seed(admin, [visitor({ code: 'PPS22-100001', nameKo: '방문객' }), visitor({ code: 'PPS22-900001', nameKo: '김스태프', category: 'staff' })]);
    let desk = await testStation({ dataDir: tempDir(), db: target, clock, name: 'Desk 1', role: 'desk', event: null });
    try {
      const kim = must(await admin.invoke('operators.save', { name: '김민지', pin: '2580' }));
      const lee = must(await admin.invoke('operators.save', { name: '이준호', badgeCode: 'pps22-900001' }));
      assert.equal(lee.badgeCode, 'PPS22-900001');
      assert.equal(errCode(await admin.invoke('operators.save', { name: '방문객', badgeCode: 'PPS22-100001' })), 'conflict');
      assert.equal(errCode(await desk.invoke('operators.save', { name: 'x', pin: '1234' })), 'forbidden');

      // No operator yet: by default the desk still scans (the 09:30 queue never waits), and the row names no one.
      must(await desk.invoke('checkin.scan', { code: 'PPS22-100001', nonce: nonce() }));
      const anon = await desk.handle.db.selectFrom('audit_log').select('operator_id').where('channel', '=', 'checkin.scan').executeTakeFirstOrThrow();
      assert.equal(anon.operator_id, null);

      // Four wrong PINs count down; the fifth locks; then even the right PIN is refused.
      for (let left = 4; left >= 1; left--) assert.deepEqual(must(await desk.invoke('operators.signIn', { operatorId: kim.id, pin: '0000' })), { status: 'wrong_pin', triesLeft: left });
      const locked = must(await desk.invoke('operators.signIn', { operatorId: kim.id, pin: '9999' }));
      assert.equal(locked.status, 'locked');
      assert.equal(must(await desk.invoke('operators.signIn', { operatorId: kim.id, pin: '2580' })).status, 'locked');
      assert.equal(must(await desk.invoke('operators.list', {})).current, null);
      // Every attempt left an audit row, none with the PIN.
      const tries = await desk.handle.db.selectFrom('audit_log').select('detail').where('channel', '=', 'operators.signIn').execute();
      assert.equal(tries.length, 6);
      assert.ok(tries.every((t) => !t.detail!.includes('0000') && !t.detail!.includes('2580')));
      // An admin's save unlocks.
      must(await admin.invoke('operators.save', { id: kim.id, name: '김민지' }));
      assert.equal(must(await desk.invoke('operators.signIn', { operatorId: kim.id, pin: '2580' })).status, 'signed_in');
      assert.equal(must(await desk.invoke('operators.list', {})).current?.name, '김민지');

      const scanned = must(await desk.invoke('checkin.scan', { code: 'PPS22-900001', nonce: nonce() }));
      assert.ok(scanned);
      const named = await desk.handle.db.selectFrom('audit_log').select(['operator_id', 'station_id']).where('channel', '=', 'checkin.scan').where('entity_id', '=', 'PPS22-900001').executeTakeFirstOrThrow();
      assert.deepEqual(named, { operator_id: kim.id, station_id: desk.identity.id });

      // One tap switches: a staff badge signs 이준호 in; a visitor's badge signs no one in.
      assert.equal(must(await desk.invoke('operators.signIn', { badge: 'PPS22-100001' })).status, 'unknown_badge');
      assert.equal(must(await desk.invoke('operators.list', {})).current?.name, '김민지');
      assert.equal(must(await desk.invoke('operators.signIn', { badge: 'PPS22-900001' })).status, 'signed_in');
      assert.equal(must(await desk.invoke('operators.list', {})).current?.id, lee.id);

      // Scans need an operator (a setting the desk takes at its next start on SQLite, at once on PostgreSQL).
      must(await admin.invoke('operators.settings.set', { idleMinutes: 10, requireOperator: true }));
      const d = desk.dataDir;
      await desk.close();
      desk = await testStation({ dataDir: d, db: target, clock, name: 'Desk 1', role: 'desk', event: null, identity: desk.identity });
      assert.equal(errCode(await desk.invoke('checkin.scan', { code: 'PPS22-100001', nonce: nonce() })), 'operator_required');
      assert.equal(must(await desk.invoke('operators.signIn', { operatorId: kim.id, pin: '2580' })).status, 'signed_in');
      must(await desk.invoke('checkin.scan', { code: 'PPS22-100001', nonce: nonce() }));
      // Eleven quiet minutes: signed out, and scans wait for a sign-in again.
      clock.advance(11 * 60_000);
      assert.equal(must(await desk.invoke('operators.list', {})).current, null);
      assert.equal(errCode(await desk.invoke('checkin.scan', { code: 'PPS22-100001', nonce: nonce() })), 'operator_required');
    } finally {
      await desk.close();
      await admin.close();
    }
  });
});
