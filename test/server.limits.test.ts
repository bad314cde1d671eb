/**
 * D8, D10–D12: what a runaway or hostile client can make a station server hold. Each
 * limit answers with a status the client can read (400, 413, 503, 408) rather than a
 * reset socket or a 500, and the server goes on serving afterwards. Small limits here so
 * the test is quick; the defaults are SERVER_LIMITS.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { Station } from '../main/core/station';
import { listenStation, postChannel, rawRequest } from './helpers/http';
import { stationServerStats } from '../main/server/http-server';
import { tempDir, testStation } from './helpers/station';
import { until } from './helpers/until';

/** A raw socket: everything it receives, and whether the server closed it. */
function rawSocket(port: number): Promise<{ sock: net.Socket; got: () => string; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let text = '';
    let closed = false;
    const sock = net.connect(port, '127.0.0.1', () => resolve({ sock, got: () => text, closed: () => closed }));
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (text += d));
    sock.on('close', () => (closed = true));
    sock.on('error', (e) => (closed ? undefined : reject(e)));
  });
}
const head = (port: number, path: string, extra: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n${extra}\r\n`;
const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

describe('station server limits', () => {
  let s: Station;
  let srv: Awaited<ReturnType<typeof listenStation>>;
  before(async () => {
    s = await testStation({ dataDir: tempDir() });
    srv = await listenStation({
      station: s,
      token: null,
      staticDir: null,
      maxBodyBytes: 2_000,
      limits: { maxInFlightBodyBytes: 3_000, maxSseClients: 3, bodyIdleTimeoutMs: 400, headersTimeoutMs: 1_500, requestTimeoutMs: 20_000, maxConnections: 40 },
    });
  });
  after(async () => {
    await srv?.close();
    await s?.close();
  });

  test('D8: a malformed % escape in the path is 400, not 500', async () => {
    for (const p of ['/api/%E0%A4%A', '/%E0%A4%A', '/api/system.status%']) {
      const r = await rawRequest(srv.port, { method: p.startsWith('/api') ? 'POST' : 'GET', path: p, headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(r.status, 400, p);
      assert.equal(JSON.parse(r.body).error.code, 'invalid_input');
    }
  });

  test('D10: a body over the limit is answered 413 (declared or streamed), not reset', async () => {
    const big = JSON.stringify({ q: 'x'.repeat(5_000) });
    const declared = await postChannel(srv.port, 'visitors.search', JSON.parse(big));
    assert.equal(declared.status, 413);
    assert.match(JSON.parse(declared.body).error.message, /too large/);
    const c = await rawSocket(srv.port);
    c.sock.write(head(srv.port, '/api/visitors.search', 'Transfer-Encoding: chunked\r\n'));
    for (let i = 0; i < 5; i++) c.sock.write(`3e8\r\n${'x'.repeat(1000)}\r\n`);
    c.sock.write('0\r\n\r\n');
    await until('413 on a streamed body', async () => statusOf(c.got()) === 413);
    c.sock.destroy();
    assert.equal((await postChannel(srv.port, 'system.status', {})).status, 200, 'still serving');
  });

  test('D10: bodies held at once are capped over all requests (503 with Retry-After)', async () => {
    const a = await rawSocket(srv.port);
    a.sock.write(head(srv.port, '/api/visitors.search', 'Content-Length: 1900\r\n') + '{"q":"' + 'a'.repeat(1500));
    const b = await rawSocket(srv.port);
    // Wait until the server holds a's bytes before b pushes the total over.
    await until("the server holds a's body", async () => stationServerStats(srv.server).inFlightBodyBytes >= 1_500);
    b.sock.write(head(srv.port, '/api/visitors.search', 'Content-Length: 1900\r\n') + '{"q":"' + 'b'.repeat(1893) + '"}');
    await until('503 for the second body', async () => statusOf(b.got()) === 503 || statusOf(b.got()) === 200);
    assert.equal(statusOf(b.got()), 503);
    assert.match(b.got(), /retry-after: 2/i);
    a.sock.write('a'.repeat(1900 - 6 - 1500 - 2) + '"}');
    await until('the first body is answered', async () => statusOf(a.got()) !== 0);
    assert.equal(statusOf(a.got()), 200);
    a.sock.destroy();
    b.sock.destroy();
  });

  test('D12: a body that stops arriving is answered 408 and closed; slow headers are closed too', async () => {
    const c = await rawSocket(srv.port);
    c.sock.write(head(srv.port, '/api/visitors.search', 'Content-Length: 100\r\n') + '{"q":');
    await until('408 on the stalled body', async () => statusOf(c.got()) === 408);
    await until('the stalled socket closed', async () => c.closed());
    const h = await rawSocket(srv.port);
    h.sock.write(`POST /api/system.status HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n`);
    await until('the slow-headers socket closed', async () => h.closed(), 20_000);
  });

  test('D11: event streams are capped (503), and so are connections', async () => {
    const streams = await Promise.all([0, 1, 2].map(() => rawSocket(srv.port)));
    for (const st of streams) st.sock.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n\r\n`);
    await until('three streams open', async () => streams.every((st) => st.got().includes(': connected')));
    const fourth = await rawRequest(srv.port, { path: '/api/events' });
    assert.equal(fourth.status, 503);
    assert.equal(stationServerStats(srv.server).sseClients, 3);
    for (const st of streams) st.sock.destroy();
    await until('a stream slot is free again', async () => {
      const again = await rawSocket(srv.port);
      again.sock.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n\r\n`);
      const ok = await until('an answer', async () => (again.got() ? again.got() : null));
      again.sock.destroy();
      return ok.includes(': connected');
    });
    assert.equal(srv.server.maxConnections, 40);
    const open = await new Promise<number>((r) => srv.server.getConnections((_e, n) => r(n)));
    const held = await Promise.all(Array.from({ length: 40 - open }, () => rawSocket(srv.port)));
    const extra = await rawSocket(srv.port);
    await until('the connection over the cap is dropped', async () => extra.closed());
    for (const h of held) h.sock.destroy();
    await until('serving again', async () => (await postChannel(srv.port, 'system.status', {})).status === 200);
  });
});
