/**
 * Two badges for one visitor (issue 14): printer off → check in → reprint. A badge that
 * has not come out is not "already printed"; a reprint while it still waits never
 * queues a second badge beside it (without a reason: `waiting`; with one, or a paper
 * badge instead: the waiting job is cancelled and replaced). Checked on a real (virtual)
 * TCP printer switched off and on: exactly one page per visitor comes out.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { PrintRequestOutcome } from '../contract/index';
import { startVirtualPrinter, type VirtualPrinter } from '../main/printing/virtual-printer';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';
import { qrOf } from './helpers/printed';

type TestStation = Awaited<ReturnType<typeof testStation>>;

for (const tdb of testDatabases()) describe(`reprint while the badge still waits (${tdb.name})`, () => {
  let s: TestStation;
  let vp: VirtualPrinter;

  const jobsOf = (code: string) => s.handle.db.selectFrom('print_jobs').selectAll().where('visitor_code', '=', code).orderBy('id').execute();
  const waitingJobs = async (code: string) => (await jobsOf(code)).filter((j) => j.state === 'queued' || j.state === 'printing');

  before(async () => {
    const dataDir = tempDir();
    vp = await startVirtualPrinter({ port: 0, outDir: `${dataDir}/printed` });
    s = await testStation({ dataDir, db: await tdb.target(dataDir), role: 'admin', name: 'Desk 1' });
    await seed(s, [
      visitor({ code: 'PPS22-100001', nameKo: '김은희', category: 'public_buyer' }),
      visitor({ code: 'PPS22-100002', nameKo: '배정호', category: 'visitor' }),
      visitor({ code: 'PPS22-100003', nameKo: '이서연', category: 'press' }),
    ]);
    const saved = must(await s.invoke('printing.printers.save', { name: 'Desk 1 printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
    if (saved.status !== 'saved') throw new Error(JSON.stringify(saved));
    must(await s.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: true }));
  });
  after(async () => {
    await s.close();
    await vp.close();
  });

  test('printer off: reprint says waiting, a reason replaces the waiting badge, printer on: one badge', async () => {
    await vp.setMode('offline');
    const code = 'PPS22-100001';
    assert.equal(must(await s.invoke('checkin.scan', { code, nonce: 'off-scan-1' })).status, 'checked_in');
    await until('the printer is known to be off', async () => s.runtime.printing.state((await jobsOf(code))[0]!.printer_id)?.online === false);

    // Nothing has printed: the answer must not be "already printed", and nothing new is queued.
    const ask = must(await s.invoke('printing.badge.print', { code, nonce: 'off-reprint-1' }));
    assert.equal(ask.status, 'waiting');
    assert.equal(ask.firstStation, 'Desk 1');
    assert.ok(ask.queuedAt && ask.jobId);
    assert.equal((await jobsOf(code)).length, 1);

    // "Lost" while it still waits: the waiting job is cancelled and this one takes its place.
    // (The queue retries the off printer now and then; while it is taking the job, the
    // answer is `waiting` and nothing changes — ask again until the job is back in line.)
    let n = 0;
    const lost = await until('the waiting badge replaced', async () => {
      const r: PrintRequestOutcome = must(await s.invoke('printing.badge.print', { code, nonce: `off-lost-${n++}`, reprintReason: 'lost' }));
      if (r.status === 'waiting') return false;
      return r;
    });
    assert.equal(lost.status, 'printer_offline');
    assert.equal(lost.replaced, ask.jobId);
    const waiting = await waitingJobs(code);
    assert.deepEqual(waiting.map((j) => j.id), [lost.jobId], 'one badge waits, never two');
    const old = (await jobsOf(code)).find((j) => j.id === ask.jobId)!;
    assert.deepEqual([old.state, old.last_error], ['failed', 'cancelled']);

    // A repeated press (new nonce, same reason) does not add a third.
    const again = must(await s.invoke('printing.badge.print', { code, nonce: `off-lost-${n++}`, reprintReason: 'lost' }));
    assert.ok(again.status === 'waiting' || again.replaced === lost.jobId, JSON.stringify(again));
    assert.equal((await waitingJobs(code)).length, 1);

    // The printer comes back: exactly one badge comes out for this visitor.
    const before = vp.jobs.length;
    await vp.setMode('ok');
    s.runtime.printing.retryNow();
    await vp.waitForJobs(before + 1, 30_000);
    await until('nothing left waiting', async () => (await waitingJobs(code)).length === 0);
    assert.equal(vp.jobs.length, before + 1);
    assert.equal(qrOf(vp.jobs.at(-1)!.file), code);

    // Now it has printed: the honest answer, with when.
    const printed = must(await s.invoke('printing.badge.print', { code, nonce: 'after-print-1' }));
    assert.equal(printed.status, 'already_printed');
    const row = (await jobsOf(code)).find((j) => j.state === 'printed')!;
    assert.equal(printed.firstPrintedAt, row.printed_at ?? row.created_at);
  });

  test('printer off: a paper badge replaces the thermal one still waiting; nothing thermal comes out later', async () => {
    await vp.setMode('offline');
    const code = 'PPS22-100002';
    assert.equal(must(await s.invoke('checkin.scan', { code, nonce: 'off-scan-2' })).status, 'checked_in');
    let n = 0;
    const paper = await until('paper badge logged', async () => {
      const r = must(await s.invoke('printing.paper.print', { code, nonce: `paper-000${n++}` }));
      return r.status === 'ready' && r;
    });
    assert.equal(paper.status, 'ready');
    assert.deepEqual(await waitingJobs(code), []);
    // A second paper badge without a reason: the paper one counts as given.
    assert.equal(must(await s.invoke('printing.paper.print', { code, nonce: `paper-000${n++}` })).status, 'already_printed');

    // A third visitor's badge goes through after the printer is back; the cancelled one never does.
    const other = 'PPS22-100003';
    const before = vp.jobs.length;
    await vp.setMode('ok');
    s.runtime.printing.retryNow();
    assert.equal(must(await s.invoke('checkin.scan', { code: other, nonce: 'on-scan-3' })).status, 'checked_in');
    await vp.waitForJobs(before + 1, 30_000);
    await until('third printed', async () => (await jobsOf(other))[0]?.state === 'printed');
    assert.deepEqual(vp.jobs.slice(before).map((j) => qrOf(j.file)), [other]);
  });
});
