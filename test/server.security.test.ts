/**
 * D2: the browser-station server refuses DNS rebinding (a Host that only *starts* like a
 * loopback address), foreign Origins, and requests without the station token when it
 * listens beyond loopback; and the Electron IPC sender rule (a pure function).
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import http from 'node:http';
import { isLoopback, isLoopbackHostHeader, splitHost } from '../main/server/security';
import { ipcSenderAllowed } from '../main/electron/ipc-sender';
import { must, tempDir, testStation } from './helpers/station';
import { listenStation, postChannel, rawRequest } from './helpers/http';
import type { Station } from '../main/core/station';

describe('loopback literals', () => {
  test('accepted: localhost, [::1], 127.a.b.c, each with an optional port', () => {
    for (const h of ['localhost', 'LOCALHOST:8080', '[::1]', '[::1]:5173', '127.0.0.1', '127.0.0.1:80', '127.255.255.255:65535', '127.1.2.3']) {
      assert.ok(isLoopbackHostHeader(h), h);
    }
  });
  test('refused: names that merely start like loopback, other hosts, malformed headers', () => {
    for (const h of [
      '127.0.0.1.evil.com',
      '127.0.0.1.evil.com:80',
      'localhost.evil.com',
      '127.evil.com',
      '[::1].evil.com',
      'evil.com',
      '127.0.0.256',
      '127.0.0.1:99999',
      '127.0.0.1:80:80',
      'user@127.0.0.1',
      '127.0.0.1/x',
      '0x7f.0.0.1',
      '2130706433',
      '127.1',
      '',
      ' 127.0.0.1',
    ]) {
      assert.equal(isLoopbackHostHeader(h), false, h);
    }
    assert.equal(isLoopbackHostHeader(undefined), false);
    assert.equal(isLoopback('127.0.0.1.evil.com'), false);
    assert.deepEqual(splitHost('[::1]:80'), { name: '[::1]', port: '80' });
  });
});

describe('HTTP station on loopback: Host and Origin', () => {
  let s: Station;
  let srv: Awaited<ReturnType<typeof listenStation>>;
  before(async () => {
    s = await testStation({ dataDir: tempDir() });
    srv = await listenStation({ station: s, token: null, staticDir: null });
  });
  after(async () => {
    await srv?.close();
    await s?.close();
  });

  test('a rebinding Host is refused before anything runs', async () => {
    for (const host of ['127.0.0.1.evil.com', `127.0.0.1.evil.com:${srv.port}`, 'localhost.attacker.net', 'evil.com', '[::1].evil.com']) {
      const r = await postChannel(srv.port, 'system.status', {}, { host });
      assert.equal(r.status, 403, host);
      assert.equal(JSON.parse(r.body).error.code, 'forbidden');
      const ev = await rawRequest(srv.port, { path: '/api/events', headers: { host } });
      assert.equal(ev.status, 403, `events with ${host}`);
    }
  });

  test('loopback Hosts are served', async () => {
    for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`, `[::1]:${srv.port}`]) {
      const r = await postChannel(srv.port, 'system.status', {}, { host });
      assert.equal(r.status, 200, host);
      assert.equal(JSON.parse(r.body).ok, true);
    }
  });

  test('Origin must be this very host and port; a rebinding or foreign origin is refused', async () => {
    const host = `127.0.0.1:${srv.port}`;
    const ok = await postChannel(srv.port, 'system.status', {}, { host, origin: `http://${host}` });
    assert.equal(ok.status, 200);
    for (const origin of [
      `http://127.0.0.1.evil.com:${srv.port}`,
      'http://evil.com',
      'null',
      `http://127.0.0.1:${srv.port + 1}`,
      `http://${host}/path`,
      `ftp://${host}`,
      `http://user@${host}`,
    ]) {
      const r = await postChannel(srv.port, 'system.status', {}, { host, origin });
      assert.equal(r.status, 403, origin);
      const ev = await rawRequest(srv.port, { path: '/api/events', headers: { host, origin } });
      assert.equal(ev.status, 403, `events from ${origin}`);
    }
  });

  test('a rebinding Host is refused on the page load and the event stream, token or not; no cookie is set', async () => {
    for (const host of ['127.0.0.1.evil.com', `localhost.attacker.net:${srv.port}`]) {
      const page = await rawRequest(srv.port, { path: '/?token=anything', headers: { host } });
      assert.equal(page.status, 403, host);
      assert.equal(page.headers['set-cookie'], undefined);
      assert.equal((await openEvents(srv.port, { host, cookie: 'fairdesk_token=anything' })).status, 403, host);
    }
    const ok = await rawRequest(srv.port, { path: '/?token=anything', headers: { host: `127.0.0.1:${srv.port}` } });
    assert.equal(ok.headers['set-cookie'], undefined, 'a loopback station has no token to exchange');
  });
});

describe('HTTP station beyond loopback: the token', () => {
  let s: Station;
  let srv: Awaited<ReturnType<typeof listenStation>>;
  const token = 'tok-0123456789abcdefghij';
  before(async () => {
    s = await testStation({ dataDir: tempDir() });
    srv = await listenStation({ station: s, token, staticDir: null });
  });
  after(async () => {
    await srv?.close();
    await s?.close();
  });

  test('no token or a wrong one: 401; the pairing token as a header is accepted, not as a cookie', async () => {
    const host = `fairdesk.venue.lan:${srv.port}`;
    assert.equal((await postChannel(srv.port, 'system.status', {}, { host })).status, 401);
    assert.equal((await postChannel(srv.port, 'system.status', {}, { host, authorization: 'Bearer nope' })).status, 401);
    assert.equal((await postChannel(srv.port, 'system.status', {}, { host, authorization: `Bearer ${token}x` })).status, 401);
    const viaHeader = await postChannel(srv.port, 'system.status', {}, { host, authorization: `Bearer ${token}` });
    assert.equal(viaHeader.status, 200);
    must(JSON.parse(viaHeader.body));
    // The cookie carries a device token (server.devices.test.ts), never the pairing token.
    const viaCookie = await postChannel(srv.port, 'system.status', {}, { host, cookie: `fairdesk_token=${token}` });
    assert.equal(viaCookie.status, 401);
    const foreign = await postChannel(srv.port, 'system.status', {}, { host, authorization: `Bearer ${token}`, origin: 'http://evil.com' });
    assert.equal(foreign.status, 403, 'a token does not let a foreign page in');
  });

  test('the page load exchanges ?token= for a device token in an HttpOnly, SameSite=Strict, host-only cookie', async () => {
    const host = `192.0.2.10:${srv.port}`;
    const page = await rawRequest(srv.port, { path: `/?token=${token}`, headers: { host } });
    assert.notEqual(page.status, 401);
    const cookie = String(page.headers['set-cookie'] ?? '');
    const attrs = cookie.split(';').map((a) => a.trim());
    assert.match(attrs[0]!, /^fairdesk_token=[A-Za-z0-9_-]{20,}$/);
    assert.notEqual(attrs[0], `fairdesk_token=${token}`, "the device's own token, not the pairing token");
    for (const a of ['HttpOnly', 'SameSite=Strict', 'Path=/']) assert.ok(attrs.includes(a), `${a} in ${cookie}`);
    assert.ok(!/domain=/i.test(cookie), 'no Domain: the cookie goes back only to this station');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');

    // The cookie alone then opens the API and the event stream.
    const api = await postChannel(srv.port, 'system.status', {}, { host, cookie: attrs[0]!, origin: `http://${host}` });
    assert.equal(api.status, 200);
    assert.equal(JSON.parse(api.body).ok, true);
    const ev = await openEvents(srv.port, { host, cookie: attrs[0]! });
    assert.equal(ev.status, 200);
    assert.match(String(ev.headers['content-type']), /text\/event-stream/);
  });

  test('a wrong token is refused everywhere, and the URL token opens no API or event stream', async () => {
    const host = `192.0.2.10:${srv.port}`;
    const wrong = await rawRequest(srv.port, { path: `/?token=${token}x`, headers: { host } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers['set-cookie'], undefined, 'no cookie for a wrong token');
    assert.equal((await postChannel(srv.port, 'system.status', {}, { host, cookie: `fairdesk_token=${token}x` })).status, 401);
    assert.equal((await openEvents(srv.port, { host, cookie: 'fairdesk_token=nope' })).status, 401);
    // The right token, but in an API or event-stream URL: refused as if absent.
    const inUrl = await rawRequest(srv.port, {
      method: 'POST',
      path: `/api/system.status?token=${token}`,
      headers: { host, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(inUrl.status, 401);
    assert.equal(inUrl.headers['set-cookie'], undefined);
    assert.equal((await openEvents(srv.port, { host }, `/api/events?token=${token}`)).status, 401);
  });

  test('with the cookie, a foreign or rebinding Origin is still refused on API and events', async () => {
    const host = `192.0.2.10:${srv.port}`;
    const page = await rawRequest(srv.port, { path: `/?token=${token}`, headers: { host } });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    for (const origin of ['http://evil.com', `http://192.0.2.10.evil.com:${srv.port}`, 'null']) {
      assert.equal((await postChannel(srv.port, 'system.status', {}, { host, cookie, origin })).status, 403, origin);
      assert.equal((await openEvents(srv.port, { host, cookie, origin })).status, 403, `events from ${origin}`);
    }
  });
});

/** GET the event stream and resolve on its status and headers (the stream itself never ends), then hang up. */
function openEvents(port: number, headers: Record<string, string>, path = '/api/events'): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      res.destroy();
    });
    req.on('error', reject);
  });
}

describe('Electron IPC sender rule', () => {
  const APP = 'app://fairdesk';
  test('only our window, top frame, app origin', () => {
    assert.ok(ipcSenderAllowed({ senderId: 7, frame: { url: 'app://fairdesk/index.html#desk', isTop: true } }, 7, APP));
    assert.equal(ipcSenderAllowed({ senderId: 8, frame: { url: 'app://fairdesk/index.html', isTop: true } }, 7, APP), false, 'another window');
    assert.equal(ipcSenderAllowed({ senderId: 7, frame: { url: 'app://fairdesk/paper', isTop: false } }, 7, APP), false, 'a subframe');
    assert.equal(ipcSenderAllowed({ senderId: 7, frame: { url: 'https://evil.com/', isTop: true } }, 7, APP), false, 'navigated away');
    assert.equal(ipcSenderAllowed({ senderId: 7, frame: { url: 'app://fairdesk.evil/', isTop: true } }, 7, APP), false, 'lookalike origin');
    assert.equal(ipcSenderAllowed({ senderId: 7, frame: { url: 'not a url', isTop: true } }, 7, APP), false);
    assert.equal(ipcSenderAllowed({ senderId: 7, frame: null }, 7, APP), false, 'frame gone');
  });
});
