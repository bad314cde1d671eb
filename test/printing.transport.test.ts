/**
 * The TCP transport against real listeners: a job arrives whole; refused, jammed,
 * timed-out, half-closed and reset connections map to the right failure, and "may
 * have printed" (bytes sent) is never reported as safe to retry.
 */
import { afterAll as after, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import net from 'node:net';
import { PrinterError, parseTcpInterface, probePrinter, sendToPrinter, type TcpTarget } from '../main/printing/tcp.transport';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
// close() waits for every connection to end; the jammed and half-open listeners keep theirs
// open on purpose, so they are destroyed first (under vitest the hook otherwise waits forever).
after(() => {
  for (const sock of sockets) sock.destroy();
  return Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

function listener(onConn: (sock: net.Socket) => void): Promise<TcpTarget> {
  return new Promise((resolve) => {
    const s = net.createServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      onConn(sock);
    });
    servers.push(s);
    s.listen(0, '127.0.0.1', () => resolve({ host: '127.0.0.1', port: (s.address() as net.AddressInfo).port }));
  });
}

async function failure(p: Promise<unknown>): Promise<PrinterError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PrinterError, String(e));
    return e;
  }
  assert.fail('expected the send to fail');
}

const job = Buffer.alloc(50_000, 0x5a);

describe('tcp transport', () => {
  test('parses tcp:// interfaces, default port 9100', () => {
    assert.deepEqual(parseTcpInterface('tcp://192.168.0.50'), { host: '192.168.0.50', port: 9100 });
    assert.deepEqual(parseTcpInterface(' tcp://printer-1:9101/ '), { host: 'printer-1', port: 9101 });
    assert.equal(parseTcpInterface('printer:EPSON'), null);
    assert.equal(parseTcpInterface('tcp://host:99999'), null);
  });

  test('the whole job arrives, after a status request answered "ready"', async () => {
    let got = Buffer.alloc(0);
    const done = new Promise<void>((resolve) => {
      void listener((sock) => {
        sock.on('data', (d) => {
          if (got.length === 0 && d[0] === 0x10) {
            sock.write(Buffer.from([0x12]));
            d = d.subarray(3);
          }
          got = Buffer.concat([got, d]);
        });
        sock.on('end', () => {
          sock.end();
          resolve();
        });
      }).then((t) => sendToPrinter(t, job, { statusCheck: true }));
    });
    await done;
    assert.deepEqual(got, job);
  });

  test('a printer that ignores the status request still prints', async () => {
    let n = 0;
    const t = await listener((sock) => {
      sock.on('data', (d) => (n += d.length));
      sock.on('end', () => sock.end());
    });
    await sendToPrinter(t, job, { statusCheck: true, statusTimeoutMs: 100 });
    assert.equal(n, 3 + job.length);
  });

  test('refused: printer_offline, retryable', async () => {
    const t = await listener(() => undefined);
    await new Promise((r) => servers.pop()!.close(r));
    const e = await failure(sendToPrinter(t, job));
    assert.equal(e.code, 'printer_offline');
    assert.equal(e.retryable, true);
    assert.deepEqual(await probePrinter(t), { online: false, reason: 'printer_offline' });
  });

  test('jammed (status says offline): printer_offline, nothing sent, retryable', async () => {
    let jobBytes = 0;
    const t = await listener((sock) => {
      sock.on('data', (d) => {
        if (d[0] === 0x10) sock.write(Buffer.from([0x1a]));
        jobBytes += d[0] === 0x10 ? d.length - 3 : d.length;
      });
      sock.on('end', () => sock.end());
    });
    const e = await failure(sendToPrinter(t, job, { statusCheck: true }));
    assert.equal(e.code, 'printer_offline');
    assert.equal(e.retryable, true);
    assert.equal(jobBytes, 0);
    assert.deepEqual(await probePrinter(t), { online: false, reason: 'printer_offline' });
  });

  test('half-closed before the job: printer_offline, retryable', async () => {
    const t = await listener((sock) => sock.end());
    const e = await failure(sendToPrinter(t, job, { statusCheck: true }));
    assert.equal(e.code, 'printer_offline');
    assert.equal(e.retryable, true);
  });

  test('half-closed mid-job: printer_interrupted, not retryable', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024, 0x5a);
    const t = await listener((sock) => sock.once('data', () => sock.end()));
    const e = await failure(sendToPrinter(t, big));
    assert.equal(e.code, 'printer_interrupted');
    assert.equal(e.retryable, false);
  });

  test('reset mid-job (printer lost power): printer_interrupted, not retryable', async () => {
    const t = await listener((sock) => sock.once('data', () => sock.resetAndDestroy()));
    const e = await failure(sendToPrinter(t, job));
    assert.equal(e.code, 'printer_interrupted');
    assert.equal(e.retryable, false);
  });

  test('a printer that stops reading: times out, and (bytes sent) is not retryable', async () => {
    const big = Buffer.alloc(32 * 1024 * 1024, 0x5a);
    const t = await listener((sock) => sock.pause());
    const e = await failure(sendToPrinter(t, big, { writeTimeoutMs: 300 }));
    assert.equal(e.code, 'printer_interrupted');
    assert.match(e.message, /did not take the job in time/);
    assert.equal(e.retryable, false);
  });

  test('bytes still being made: connection overlaps; a failed render sends no job byte', async () => {
    let n = 0;
    const t = await listener((sock) => {
      sock.on('data', (d) => (n += d.length));
      sock.on('end', () => sock.end());
    });
    await sendToPrinter(t, new Promise((r) => setTimeout(() => r(job), 50)));
    assert.equal(n, job.length);
    n = 0;
    await assert.rejects(sendToPrinter(t, Promise.reject(new Error('no font'))), /no font/);
    assert.equal(n, 0);
  });

  test('a printer that accepts but ignores status requests counts as online', async () => {
    const t = await listener(() => undefined);
    assert.deepEqual(await probePrinter(t), { online: true });
  });
});
