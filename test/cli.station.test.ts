/**
 * The CLI acts on a running station's data without becoming that station: pointed at a
 * desk's --data (same identity, same database) while the desk prints, a CLI command
 * neither fails the badge being printed ("interrupted by a restart") nor drains the
 * desk's queue. The printer is a real TCP listener that holds the first badge until the
 * test lets it go.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runCli } from '../main/cli/cli';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';

/** A printer that answers "ready", takes a job's bytes and closes only when told to (so the job stays "printing"). */
async function heldPrinter() {
  const jobs: Buffer[] = [];
  const held: net.Socket[] = [];
  let holding = true;
  const server = net.createServer({ allowHalfOpen: true }, (sock) => {
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => {
      if (c.length <= 3 && c[0] === 0x10 && c[1] === 0x04) return void sock.write(Buffer.from([0x12]));
      chunks.push(c);
    });
    sock.on('end', () => {
      const job = Buffer.concat(chunks);
      if (job.length > 100) jobs.push(job);
      if (holding && job.length > 100) held.push(sock);
      else sock.end();
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    jobs,
    held,
    release() {
      holding = false;
      for (const s of held.splice(0)) s.end();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

for (const tdb of testDatabases()) describe(`cli on a running desk's data (${tdb.name})`, () => {
  test("a CLI command neither fails the desk's badge in flight nor drains its queue", async () => {
    const dataDir = tempDir();
    const target = await tdb.target(dataDir);
    const printer = await heldPrinter();
    const desk = await testStation({ dataDir, db: target, role: 'admin', name: 'Desk 1' });
    try {
      // The desk's identity is the data dir's, as a real desk's would be.
      fs.writeFileSync(path.join(dataDir, 'station.json'), JSON.stringify(desk.identity));
      await seed(desk, [visitor({ code: 'PPS22-100001', nameKo: '김은희' }), visitor({ code: 'PPS22-100002', nameKo: '배정호' })]);
      const saved = must(await desk.invoke('printing.printers.save', { name: 'Desk 1 printer', kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80' }));
      assert.equal(saved.status, 'saved');
      if (saved.status !== 'saved') return;
      must(await desk.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: true }));

      assert.equal(must(await desk.invoke('checkin.scan', { code: 'PPS22-100001', nonce: 'cli-desk-1' })).status, 'checked_in');
      await until('the first badge is with the printer', async () => printer.held.length === 1);
      assert.equal(must(await desk.invoke('checkin.scan', { code: 'PPS22-100002', nonce: 'cli-desk-2' })).status, 'checked_in');
      const jobs = () => desk.handle.db.selectFrom('print_jobs').select(['visitor_code', 'state', 'attempts', 'last_error']).orderBy('visitor_code').execute();
      const before = await jobs();
      assert.deepEqual(before.map((j) => [j.visitor_code, j.state, j.attempts]), [['PPS22-100001', 'printing', 1], ['PPS22-100002', 'queued', 0]]);

      const flags = ['--data', dataDir, ...(target.kind === 'postgres' ? ['--db', target.url] : [])];
      const log = console.log;
      const lines: string[] = [];
      console.log = (...a: unknown[]) => void lines.push(a.join(' '));
      let code: number;
      try {
        code = await runCli(['stations', ...flags]);
      } finally {
        console.log = log;
      }
      assert.equal(code, 0);
      assert.ok(lines.some((l) => l.includes('Desk 1')), lines.join('\n'));

      // The CLI came and went: the badge in flight is still printing, the next one still waits for the desk.
      assert.deepEqual(await jobs(), before);
      assert.equal(printer.jobs.length, 1);

      // The desk carries on: both badges print, each once.
      printer.release();
      await until('both badges printed', async () => (await jobs()).every((j) => j.state === 'printed'));
      assert.equal(printer.jobs.length, 2);
    } finally {
      printer.release();
      await desk.close();
      await printer.close();
    }
  });
});

describe('cli flags (node:util parseArgs)', () => {
  test('a misspelt flag is refused with a usage line (exit 2), never taken as a value; --db=URL and --dry-run still read', async () => {
    const err = console.error;
    const log = console.log;
    const out: string[] = [];
    console.error = (...a: unknown[]) => void out.push(a.join(' '));
    console.log = () => undefined;
    try {
      assert.equal(await runCli(['stations', '--dtaa', tempDir()]), 2);
      assert.match(out.join('\n'), /알 수 없는 옵션입니다 \/ .*--dtaa/);
      // A non-postgres --db given as --db=… reaches the station config (and is refused there, exit 1).
      out.length = 0;
      assert.equal(await runCli(['stations', '--data', tempDir(), '--db=mysql://x']), 1);
      assert.match(out.join('\n'), /--db must be a postgres:\/\/ URL/);
    } finally {
      console.error = err;
      console.log = log;
    }
  });
});
