/**
 * Issue 11: a fresh station set up from a code moves onto the venue database — forty
 * stations on set-up day with no `--db` typed anywhere.
 *
 * The admin stations are real HTTP servers in this process (hostStation, what
 * `npm run serve` runs) on a real PostgreSQL; the fresh stations are real `serve.cli.ts`
 * processes, each with its own empty data folder and no --db, --role or --name.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import type { CheckinOutcome, SetupCode } from '../contract/index';
import { createLogger } from '../main/core/logger';
import { hostStation, type StationHost } from '../main/server/station-host';
import { createSetupDoorServer } from '../main/server/http-server';
import { SetupTries, venueUrlFor } from '../main/server/setup-redeem.route';
import { replicaFile } from '../main/services/offline/replica.service';
import { adminAddress, payloadAdminAddress } from '../main/services/stations/setup-code';
import { freshPostgresDatabase, postgresSkip } from './helpers/databases';
import { api, startServer, type RunningServer } from './helpers/e2e';
import { refusingPort } from './helpers/refusing-port';
import { SAMPLE_EVENT_2022, setEvent } from './helpers/sample-event';
import { must, seed, tempDir, visitor } from './helpers/station';
import { until } from './helpers/until';

const log = createLogger('test');
const CLOCK = '2022-04-13T09:30';

async function adminHost(db: { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string } | null, opts: { dbForStations?: string } = {}): Promise<StationHost & { url: string }> {
  const dataDir = tempDir('fairdesk-admin-');
  const target = db ?? { kind: 'sqlite' as const, file: path.join(dataDir, 'fairdesk.sqlite') };
  const host = await hostStation(
    { dataDir, db: target, role: 'admin', stationName: 'HQ', clockAt: CLOCK, dbForStations: opts.dbForStations },
    { host: '127.0.0.1', port: 0, token: null, staticDir: null, log, offline: false },
  );
  const port = await host.listen();
  return Object.assign(host, { url: `127.0.0.1:${port}` });
}

async function makeCode(admin: StationHost, name: string, role: string): Promise<SetupCode> {
  return must(await admin.station().invoke('stations.code.create', { name, role, validMinutes: 60 }));
}

/** What a fresh station's data folder holds: the test checks a refusal changed none of it. */
function folderState(dir: string) {
  return {
    station: fs.readFileSync(path.join(dir, 'station.json'), 'utf8'),
    venue: fs.existsSync(path.join(dir, 'venue.json')),
  };
}

async function hello(s: RunningServer) {
  const h = await api<{ station: { id: string; role: string; name: string }; db: string }>(s, 'system.hello', {});
  return { id: h.value!.station.id, role: h.value!.station.role, name: h.value!.station.name, db: h.value!.db };
}

describe('set-up addresses', () => {
  test('typed forgivingly; the QR carries the admin station', () => {
    assert.equal(adminAddress('10.0.0.5:4810'), 'http://10.0.0.5:4810');
    assert.equal(adminAddress(' http://10.0.0.5:4810/ '), 'http://10.0.0.5:4810');
    assert.equal(adminAddress('10.0.0.5'), 'http://10.0.0.5:4810');
    assert.equal(adminAddress('HQ-Laptop.local:5000'), 'http://hq-laptop.local:5000');
    for (const bad of ['', 'https://10.0.0.5', 'ftp://x', 'http://u:p@10.0.0.5', '10.0.0.5/api', 'a b', '10.0.0.5:99999']) assert.equal(adminAddress(bad), null, bad);
    assert.equal(payloadAdminAddress('FAIRDESK-SETUP:K7M4-PQ3X@http://10.0.0.5:4810'), 'http://10.0.0.5:4810');
    // An older QR named the database: no admin address in it.
    assert.equal(payloadAdminAddress('FAIRDESK-SETUP:K7M4-PQ3X@postgres://db.venue/fair'), null);
    assert.equal(payloadAdminAddress('K7M4-PQ3X'), null);
  });

  test("a loopback venue database is named by the address the joining station came in on", () => {
    const url = 'postgres://fd:secret@localhost:5432/fair';
    assert.equal(venueUrlFor(url, undefined, { local: '::ffff:10.0.0.5', remote: '::ffff:10.0.0.9' }), 'postgres://fd:secret@10.0.0.5:5432/fair');
    assert.equal(venueUrlFor(url, undefined, { local: '127.0.0.1', remote: '127.0.0.1' }), url);
    assert.equal(venueUrlFor('postgres://fd:secret@db.venue/fair', undefined, { local: '10.0.0.5', remote: '10.0.0.9' }), 'postgres://fd:secret@db.venue/fair');
    assert.equal(venueUrlFor(url, 'postgres://fd:secret@pg.lan/fair', { local: '10.0.0.5', remote: '10.0.0.9' }), 'postgres://fd:secret@pg.lan/fair');
  });

  test('failures are counted per address, and forgotten after the window', () => {
    let now = 0;
    const tries = new SetupTries({ maxFailures: 3, windowMs: 1000, maxAddresses: 2 }, () => now);
    for (let i = 0; i < 3; i++) tries.fail('10.0.0.9');
    assert.ok(tries.waitFor('10.0.0.9') > 0);
    assert.equal(tries.waitFor('10.0.0.8'), 0);
    now = 1001;
    assert.equal(tries.waitFor('10.0.0.9'), 0);
  });
});

describe('a fresh station joins the venue database from a code (PostgreSQL)', { skip: !!postgresSkip() }, () => {
  let venue: string;
  let good: StationHost & { url: string };
  let bad: StationHost & { url: string };
  let pool: pg.Pool;
  const started: RunningServer[] = [];
  const fresh = async (dataDir?: string) => {
    const s = await startServer({ role: null, name: null, event: null, dataDir });
    started.push(s);
    return s;
  };

  beforeAll(async () => {
    venue = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
    good = await adminHost({ kind: 'postgres', url: venue });
    await setEvent(good.station(), SAMPLE_EVENT_2022);
    await seed(good.station(), [visitor({ code: 'PPS22-700001', nameKo: '김하나' }), visitor({ code: 'PPS22-700002', nameKo: '이두리' })]);
    // An admin station that names a venue database nobody can open (a wrong --db-for-stations).
    bad = await adminHost({ kind: 'postgres', url: venue }, { dbForStations: `postgres://fd:nope@127.0.0.1:${await refusingPort()}/fair` });
    pool = new pg.Pool({ connectionString: venue, max: 2 });
  });

  afterAll(async () => {
    for (const s of started) await s.stop();
    await good?.close();
    await bad?.close();
    await pool?.end();
  });

  test('refusals change nothing; the code moves it onto the venue database; a restart with no flags stays there', async () => {
    const code = await makeCode(good, '입구 데스크 7', 'desk');
    // The QR says where the admin station is.
    assert.equal(code.payload, `FAIRDESK-SETUP:${code.code}@http://${good.url}`);
    const a = await fresh();
    const before = folderState(a.dataDir);
    assert.deepEqual((({ role, db }) => ({ role, db }))(await hello(a)), { role: 'setup', db: 'sqlite' });

    // Wrong addresses: nobody there, not an address, a web server that is not FairDesk.
    const other = http.createServer((_q, r) => r.writeHead(404, { 'content-type': 'text/html' }).end('<h1>router admin</h1>'));
    await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
    const wrong: Array<[string, string]> = [
      [`127.0.0.1:${await refusingPort()}`, 'setup_admin_unreachable'],
      ['ftp://10.0.0.5', 'setup_admin_address'],
      [`127.0.0.1:${(other.address() as { port: number }).port}`, 'setup_admin_address'],
    ];
    for (const [admin, expected] of wrong) {
      const r = await api(a, 'stations.setup.join', { code: code.code, admin });
      assert.equal(r.error?.code, expected, admin);
    }
    other.close();
    // A wrong code at the right address.
    assert.equal((await api(a, 'stations.setup.join', { code: 'AAAA-AAAA', admin: good.url })).error?.code, 'setup_code_unknown');
    // The venue database named by the admin station cannot be opened from here: the code is
    // taken in the venue database, but this station saves nothing and stays as it was.
    const down = await api(a, 'stations.setup.join', { code: code.code, admin: bad.url });
    assert.equal(down.error?.code, 'setup_venue_unreachable');
    assert.deepEqual(folderState(a.dataDir), before);
    assert.deepEqual((({ role, db }) => ({ role, db }))(await hello(a)), { role: 'setup', db: 'sqlite' });

    // The QR's text alone (no typed address); the same station may retry the code it took.
    const joined = await api<{ role: string; name: string; db: string }>(a, 'stations.setup.join', { code: code.payload });
    assert.ok(joined.ok, JSON.stringify(joined.error));
    assert.deepEqual(joined.value, { role: 'desk', name: '입구 데스크 7', db: 'postgres' });
    const me = await hello(a);
    assert.deepEqual({ role: me.role, name: me.name, db: me.db }, { role: 'desk', name: '입구 데스크 7', db: 'postgres' });
    assert.equal(me.id, JSON.parse(before.station).id, 'the station keeps its own id');

    // Saved in its data folder: the venue database (only this user may read it) and the role.
    const venueFile = path.join(a.dataDir, 'venue.json');
    assert.equal(JSON.parse(fs.readFileSync(venueFile, 'utf8')).db, venue);
    assert.equal(fs.statSync(venueFile).mode & 0o777, 0o600);
    assert.equal(JSON.parse(fs.readFileSync(path.join(a.dataDir, 'station.json'), 'utf8')).role, 'desk');
    // Venue mode as a --db station: its replica is there.
    await until('the replica of the joined station', async () => fs.existsSync(replicaFile(a.dataDir, me.id)));

    // A check-in on it lands in the venue database.
    const scan = await api<CheckinOutcome>(a, 'checkin.scan', { code: 'PPS22-700001', nonce: 'join-test-0001' });
    assert.equal(scan.value?.status, 'checked_in', JSON.stringify(scan));
    const rows = await pool.query('select station_id, station_name from checkins where visitor_code = $1', ['PPS22-700001']);
    assert.deepEqual(rows.rows, [{ station_id: me.id, station_name: '입구 데스크 7' }]);
    // The admin's list shows it as a desk; the audit row of the LAN set-up names it.
    const listed = must(await good.station().invoke('stations.list', {})).find((s) => s.id === me.id);
    assert.equal(listed?.role, 'desk');
    const audit = await pool.query("select count(*)::int as n from audit_log where channel = 'stations.code.take' and entity_id = $1", [me.id]);
    assert.ok(audit.rows[0].n >= 1);
    // The password never reaches the station's output.
    assert.ok(!a.output().includes(venue), 'the venue URL was printed');

    // The same code on another fresh station: used, and that station is left as it was.
    const b = await fresh();
    const bBefore = folderState(b.dataDir);
    assert.equal((await api(b, 'stations.setup.join', { code: code.payload })).error?.code, 'setup_code_used');
    // …typed with the address, the same.
    assert.equal((await api(b, 'stations.setup.join', { code: code.code, admin: good.url })).error?.code, 'setup_code_used');
    assert.deepEqual(folderState(b.dataDir), bBefore);
    assert.deepEqual((({ role, db }) => ({ role, db }))(await hello(b)), { role: 'setup', db: 'sqlite' });

    // A plain restart — no --db, no --role, no --name — is the venue desk again.
    await a.stop();
    const again = await fresh(a.dataDir);
    assert.deepEqual(await hello(again), { id: me.id, role: 'desk', name: '입구 데스크 7', db: 'postgres' });
    const scan2 = await api<CheckinOutcome>(again, 'checkin.scan', { code: 'PPS22-700002', nonce: 'join-test-0002' });
    assert.equal(scan2.value?.status, 'checked_in', JSON.stringify(scan2));
    const rows2 = await pool.query('select station_id from checkins where visitor_code = $1', ['PPS22-700002']);
    assert.deepEqual(rows2.rows, [{ station_id: me.id }]);
  });

  test('the set-up door refuses an address after five wrong codes, before looking at the code', async () => {
    // An admin station of its own: the first test's refusals from this address are not counted here.
    const admin = await adminHost({ kind: 'postgres', url: venue });
    const code = await makeCode(admin, 'Kiosk 3', 'kiosk');
    const door = `http://${admin.url}/setup/redeem`;
    const post = (body: unknown, headers: Record<string, string> = {}) => fetch(door, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    // Another site's page may not use it.
    assert.equal((await post({ code: code.code, stationId: 'aaaaaaaa-1' }, { origin: 'http://evil.example' })).status, 403);
    for (let i = 0; i < 5; i++) {
      const r = await post({ code: `AAAA-AAA${'CDEFG'[i]}`, stationId: 'aaaaaaaa-1' });
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'setup_code_unknown');
    }
    const refused = await post({ code: code.code, stationId: 'aaaaaaaa-1' });
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'setup_too_many_tries');
    // The right code was not even looked at: it still waits for its station.
    const pending = must(await admin.station().invoke('stations.code.list', {}));
    assert.ok(pending.some((c) => c.name === 'Kiosk 3'));
    await admin.close();
  });

  test("the Electron shell's door-only server takes set-up codes and nothing else", async () => {
    const door = createSetupDoorServer(good.station());
    await new Promise<void>((ok) => door.listen(0, '127.0.0.1', ok));
    const at = `http://127.0.0.1:${(door.address() as { port: number }).port}`;
    try {
      const apiCall = await fetch(`${at}/api/system.hello`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(apiCall.status, 404);
      const code = await makeCode(good, 'Stamp 2', 'stamp');
      const r = await fetch(`${at}/setup/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, stationId: 'door-test-station-1' }) });
      const answer = (await r.json()) as { ok: boolean; value: { role: string; name: string; stationId: string; venue: { url: string } } };
      assert.deepEqual({ ...answer.value, venue: answer.value.venue.url }, { role: 'stamp', name: 'Stamp 2', stationId: 'door-test-station-1', venue });
    } finally {
      door.close();
    }
  });
});

describe('a SQLite-only admin station', () => {
  let admin: StationHost & { url: string };
  let station: RunningServer | null = null;
  beforeAll(async () => {
    admin = await adminHost(null);
  });
  afterAll(async () => {
    await station?.stop();
    await admin?.close();
  });

  test('the new station takes the role and stays on its own database', async () => {
    const code = await makeCode(admin, 'Kiosk 1', 'kiosk');
    station = await startServer({ role: null, name: null, event: null });
    const r = await api<{ role: string; db: string }>(station, 'stations.setup.join', { code: code.code.toLowerCase().replace('-', ' '), admin: admin.url });
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.deepEqual(r.value, { role: 'kiosk', name: 'Kiosk 1', db: 'sqlite' });
    assert.deepEqual((({ role, db }) => ({ role, db }))(await hello(station)), { role: 'kiosk', db: 'sqlite' });
    assert.equal(fs.existsSync(path.join(station.dataDir, 'venue.json')), false);
    assert.equal(JSON.parse(fs.readFileSync(path.join(station.dataDir, 'station.json'), 'utf8')).role, 'kiosk');
    // Used at the admin station.
    assert.equal(must(await admin.station().invoke('stations.code.list', {})).length, 0);
  });
});
