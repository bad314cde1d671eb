/**
 * Per-device tokens on a real LAN station server (issue 11), on both databases: each
 * browser that opens the station with its pairing token gets its own device token as its
 * cookie (stored hashed); an admin revokes one device and it is refused on its next call
 * and its event stream ends, while the other device keeps working; retiring the station
 * refuses all of its devices. A venue station restarted while PostgreSQL is down lets in
 * the devices it last knew (from a hashes-only file in its data folder), not a revoked or
 * unknown one.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { must, tempDir, testStation } from './helpers/station';
import { listenStation, postChannel, rawRequest } from './helpers/http';
import fs from 'node:fs';
import path from 'node:path';
import { startTestPostgres, type TestPostgres } from '../scripts/test-postgres.mjs';
import { freshPostgresDatabase, postgresSkip, testDatabases } from './helpers/databases';
import { DEVICE_GATE_FILE } from '../main/server/device-gate';
import { until } from './helpers/until';
import type { Station } from '../main/core/station';

const PAIRING = 'pair-0123456789abcdefghij';
/** The pairing token now (a test rotates it; later tests pair with the new one). */
let current = () => PAIRING;
const TABLET = 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** Opens the station page with the pairing token as a browser would; returns the device's cookie pair. */
async function pair(port: number, userAgent: string, pairing = current): Promise<string> {
  const page = await rawRequest(port, { path: `/?token=${pairing()}`, headers: { host: `192.0.2.10:${port}`, 'user-agent': userAgent } });
  assert.equal(page.status, 404, 'the page itself (no renderer built in this test) — not refused');
  const cookie = String(page.headers['set-cookie'] ?? '');
  assert.match(cookie, /^fairdesk_token=[A-Za-z0-9_-]{20,};/, cookie);
  return cookie.split(';')[0]!;
}

function status(port: number, cookie: string) {
  return postChannel(port, 'system.status', {}, { host: `192.0.2.10:${port}`, cookie });
}

/** An open event stream: its status, and a promise that settles when the server ends it. */
function openStream(port: number, cookie: string): Promise<{ status: number; code: string | null; ended: Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `192.0.2.10:${port}`, cookie }, agent: false }, (res) => {
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, code: JSON.parse(body).error?.code ?? null, ended, close: () => res.destroy() }));
        return;
      }
      res.resume();
      resolve({ status: 200, code: null, ended, close: () => res.destroy() });
    });
    req.on('error', reject);
  });
}

for (const tdb of testDatabases()) {
  describe(`device tokens on a LAN station (${tdb.name})`, () => {
    let desk: Station;
    let admin: Station;
    let srv: Awaited<ReturnType<typeof listenStation>>;
    const rotated: string[] = [];
    beforeAll(async () => {
      current = () => PAIRING;
      const dir = tempDir();
      const db = await tdb.target(dir);
      // The station the browsers open, and the organiser's console on the same database.
      desk = await testStation({ dataDir: dir, db, name: 'Desk 1', role: 'admin' });
      admin = await testStation({ dataDir: tempDir(), db, name: 'Organiser', role: 'admin', event: null });
      srv = await listenStation({ station: desk, token: PAIRING, staticDir: null, onPairingToken: (t) => rotated.push(t) });
    });
    afterAll(async () => {
      await srv?.close();
      await desk?.close();
      await admin?.close();
    });

    test('two devices get two tokens, listed by label and stored only as hashes', async () => {
      const a = await pair(srv.port, TABLET);
      const b = await pair(srv.port, IPAD);
      assert.notEqual(a, b);
      assert.ok(!a.includes(PAIRING) && !b.includes(PAIRING), 'the cookie is never the pairing token');
      assert.equal((await status(srv.port, a)).status, 200);
      assert.equal((await status(srv.port, b)).status, 200);

      const devices = must(await admin.invoke('stations.devices.list', {})).filter((d) => d.stationId === desk.identity.id);
      assert.deepEqual(devices.map((d) => d.label).sort(), ['Chrome · Android', 'Safari · iPad']);
      for (const d of devices) assert.equal(d.revokedAt, null);

      const rows = await desk.handle.db.selectFrom('station_devices').selectAll().execute();
      const tokens = [a, b].map((c) => decodeURIComponent(c.split('=')[1]!));
      const hashes = tokens.map((t) => createHash('sha256').update(t).digest('hex'));
      assert.deepEqual(rows.map((r) => r.token_hash).sort(), [...hashes].sort(), 'sha256 of each token');
      const stored = JSON.stringify(rows);
      for (const t of [...tokens, PAIRING]) assert.ok(!stored.includes(t), 'no token in the table');
      const audit = JSON.stringify(await desk.handle.db.selectFrom('audit_log').selectAll().execute());
      for (const t of [...tokens, PAIRING]) assert.ok(!audit.includes(t), 'no token in the audit log');

      // A device's cookie opening the pairing address again does not make a third device.
      await rawRequest(srv.port, { path: `/?token=${PAIRING}`, headers: { host: `192.0.2.10:${srv.port}`, cookie: a } });
      assert.equal((await desk.handle.db.selectFrom('station_devices').select('id').execute()).length, 2);
    });

    test('revoking one device refuses its next call and ends its event stream; the other keeps working', async () => {
      const lost = await pair(srv.port, TABLET);
      const kept = await pair(srv.port, IPAD);
      const lostStream = await openStream(srv.port, lost);
      const keptStream = await openStream(srv.port, kept);
      assert.equal(lostStream.status, 200);
      assert.equal(keptStream.status, 200);
      let keptEnded = false;
      void keptStream.ended.then(() => (keptEnded = true));

      const hash = createHash('sha256').update(decodeURIComponent(lost.split('=')[1]!)).digest('hex');
      const row = await desk.handle.db.selectFrom('station_devices').select('id').where('token_hash', '=', hash).executeTakeFirstOrThrow();
      // Revoked from the station's own admin screen: its bus cuts the stream at once.
      const revoked = must(await desk.invoke('stations.devices.revoke', { deviceId: row.id }));
      assert.ok(revoked.revokedAt);
      await lostStream.ended;

      const refused = await status(srv.port, lost);
      assert.equal(refused.status, 401);
      assert.equal(JSON.parse(refused.body).error.code, 'device_revoked');
      const again = await openStream(srv.port, lost);
      assert.deepEqual([again.status, again.code], [401, 'device_revoked'], 'its event stream does not come back');
      // Opening a page is refused too, and mints nothing without the pairing token.
      assert.equal((await rawRequest(srv.port, { path: '/', headers: { host: `192.0.2.10:${srv.port}`, cookie: lost } })).status, 401);

      assert.equal((await status(srv.port, kept)).status, 200, 'the other device still works');
      assert.equal(keptEnded, false, "the other device's stream stays open");
      keptStream.close();
    });

    test('a device revoked from another console is refused at once on the next call', async () => {
      const d = await pair(srv.port, TABLET);
      const hash = createHash('sha256').update(decodeURIComponent(d.split('=')[1]!)).digest('hex');
      const row = await desk.handle.db.selectFrom('station_devices').select('id').where('token_hash', '=', hash).executeTakeFirstOrThrow();
      must(await admin.invoke('stations.devices.revoke', { deviceId: row.id }));
      const refused = await status(srv.port, d);
      assert.deepEqual([refused.status, JSON.parse(refused.body).error.code], [401, 'device_revoked']);
    });

    test('a rotated pairing token: the old address pairs nothing and opens no API, paired devices work on, the new one pairs', async () => {
      const paired = await pair(srv.port, TABLET);
      must(await desk.invoke('stations.pairing.rotate', { stationId: desk.identity.id }));
      assert.equal(rotated.length, 1);
      const fresh = rotated[0]!;
      current = () => rotated.at(-1)!;
      assert.notEqual(fresh, PAIRING);
      const host = `192.0.2.10:${srv.port}`;
      const old = await rawRequest(srv.port, { path: `/?token=${PAIRING}`, headers: { host } });
      assert.deepEqual([old.status, old.headers['set-cookie']], [401, undefined]);
      assert.equal((await postChannel(srv.port, 'system.status', {}, { host, authorization: `Bearer ${PAIRING}` })).status, 401);
      assert.equal((await status(srv.port, paired)).status, 200, 'a paired device keeps working');
      const next = await rawRequest(srv.port, { path: `/?token=${fresh}`, headers: { host } });
      assert.match(String(next.headers['set-cookie']), /^fairdesk_token=/);
      const audit = JSON.stringify(await desk.handle.db.selectFrom('audit_log').selectAll().where('channel', '=', 'stations.pairing.rotate').execute());
      assert.ok(audit.includes(desk.identity.id) && !audit.includes(fresh), 'audited, without the token');
    });

    test("retiring the station refuses all of its devices; a pairing page load makes no new one", async () => {
      const a = await pair(srv.port, TABLET);
      const b = await pair(srv.port, IPAD);
      const stream = await openStream(srv.port, b);
      must(await admin.invoke('stations.retire', { stationId: desk.identity.id }));
      const all = must(await admin.invoke('stations.devices.list', {})).filter((x) => x.stationId === desk.identity.id);
      assert.ok(all.length >= 2 && all.every((x) => x.revokedAt !== null), 'every device of the station is revoked');
      for (const c of [a, b]) {
        const r = await status(srv.port, c);
        assert.equal(r.status, 401);
        // station_retired once the retirement has reached this station (through the venue bus on PostgreSQL).
        assert.ok(['station_retired', 'device_revoked'].includes(JSON.parse(r.body).error.code), r.body);
      }
      if (tdb.name === 'postgres') {
        await until('the retirement to reach the station', async () => desk.runtime.access?.retired);
        await stream.ended;
      } else stream.close();
      const before = (await desk.handle.db.selectFrom('station_devices').select('id').execute()).length;
      const page = await rawRequest(srv.port, { path: `/?token=${rotated.at(-1)}`, headers: { host: `192.0.2.10:${srv.port}` } });
      assert.deepEqual([page.status, JSON.parse(page.body).error.code, page.headers['set-cookie']], [401, 'station_retired', undefined]);
      assert.equal((await desk.handle.db.selectFrom('station_devices').select('id').execute()).length, before, 'no device for a retired station');
    });
  });
}

const tokenHash = (cookie: string) => createHash('sha256').update(decodeURIComponent(cookie.split('=')[1]!)).digest('hex');

describe('a venue station restarted while PostgreSQL is down keeps its known devices', { skip: !!postgresSkip() }, () => {
  let cluster: TestPostgres;
  const open: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of open.reverse()) await o.close().catch(() => undefined);
    await cluster?.stop();
  });

  test('a paired device works after the restart; one revoked before the stop and an unknown token are refused', async () => {
    cluster = await startTestPostgres();
    const db = { kind: 'postgres' as const, url: await freshPostgresDatabase(cluster.url) };
    const dir = tempDir();
    const admin = await testStation({ dataDir: tempDir(), db, name: 'Organiser', role: 'admin' });
    open.push(admin);
    // The station the tablets open keeps a replica (as `serve` does in venue mode): it may start without the server.
    const desk = await testStation({ dataDir: dir, db, name: 'Desk V', role: 'desk', offline: true, event: null });
    await until('replica synced', async () => must(await desk.invoke('offline.status', {})).replicaAgeMs !== null);
    const srv = await listenStation({ station: desk, token: PAIRING, staticDir: null, dataDir: dir });
    const kept = await pair(srv.port, TABLET, () => PAIRING);
    const lost = await pair(srv.port, IPAD, () => PAIRING);
    assert.equal((await status(srv.port, kept)).status, 200);
    assert.equal((await status(srv.port, lost)).status, 200);

    const file = path.join(dir, DEVICE_GATE_FILE);
    const stored = () => fs.readFileSync(file, 'utf8');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'readable by the station user only');
    assert.ok(stored().includes(tokenHash(kept)) && stored().includes(tokenHash(lost)));
    for (const c of [kept, lost]) assert.ok(!stored().includes(decodeURIComponent(c.split('=')[1]!)), 'hashes only, never a token');
    assert.ok(!stored().includes(PAIRING));

    // Revoked from the organiser's console: the revocation the station hears (venue bus) takes the device out of the file, with no request of the device.
    const lostId = (await desk.handle.db.selectFrom('station_devices').select('id').where('token_hash', '=', tokenHash(lost)).executeTakeFirstOrThrow()).id;
    must(await admin.invoke('stations.devices.revoke', { deviceId: lostId }));
    await until('the revoked device to leave the file', async () => !stored().includes(tokenHash(lost)));
    assert.ok(stored().includes(lostId), 'kept as heard revoked');
    assert.ok(stored().includes(tokenHash(kept)));

    await srv.close();
    await desk.close();
    await cluster.halt();

    // A new station object on the same data folder, started with the server down.
    const again = await testStation({ dataDir: dir, db, offline: true, identity: desk.identity, event: null });
    open.push(again);
    const srv2 = await listenStation({ station: again, token: PAIRING, staticDir: null, dataDir: dir });
    open.push(srv2);
    assert.equal((await status(srv2.port, kept)).status, 200, 'the known tablet works from the file');
    const refused = await status(srv2.port, lost);
    assert.deepEqual([refused.status, JSON.parse(refused.body).error.code], [503, 'db_unavailable'], 'the revoked one stays out');
    const unknown = await status(srv2.port, 'fairdesk_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.deepEqual([unknown.status, JSON.parse(unknown.body).error.code], [503, 'db_unavailable'], 'an unknown token is not let in');
    // And no device is paired while the database cannot record it.
    const page = await rawRequest(srv2.port, { path: `/?token=${PAIRING}`, headers: { host: `192.0.2.10:${srv2.port}` } });
    assert.deepEqual([page.status, JSON.parse(page.body).error.code, page.headers['set-cookie']], [503, 'db_unavailable', undefined]);

    await cluster.resume();
  });
});
