/**
 * "A kiosk badge never prints later, unattended" is the print worker's rule, not the
 * screen's: a kiosk badge queued while its printer is away and then abandoned (the
 * screen reloaded, its link dropped — nobody calls kiosk.cancelBadge) expires in the
 * queue, and when the real TCP printer comes back only a fresh badge comes out.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { KIOSK_BADGE_EXPIRY_MS, type IdentifyOutcome, type PushEvent } from '../contract/index';
import { startVirtualPrinter } from '../main/printing/virtual-printer';
import { testDatabases, type TestDatabase } from './helpers/databases';
import { qrOf } from './helpers/printed';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import type { VisitorInput } from '../main/services/visitors/visitor-write.service';
import { until } from './helpers/until';

const ticketOf = (r: IdentifyOutcome) => {
  if (r.status !== 'found') throw new Error(JSON.stringify(r));
  return r.ticket;
};

/** Its own kiosk station on a fresh database, printing on its own virtual printer that starts switched off. */
async function kioskWithOffPrinter(tdb: TestDatabase, name: string, visitors: VisitorInput[]) {
  const dir = tempDir();
  const printer = await startVirtualPrinter({ port: 0, outDir: tempDir('kiosk-expiry-printer-'), mode: 'offline' });
  const s = await testStation({ role: 'kiosk', name, dataDir: dir, db: await tdb.target(dir) });
  await seed(s, visitors);
  const admin = { station: { id: 'admin-console', name: 'Admin', role: 'admin' as const } };
  const saved = must(await s.router.invoke(admin, 'printing.printers.save', { name: `${name} printer`, kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80' }));
  if (saved.status !== 'saved') throw new Error(JSON.stringify(saved));
  must(await s.router.invoke(admin, 'printing.station.set', { stationId: s.identity.id, printerId: saved.printer.id, autoPrint: false }));
  return { s, printer };
}

for (const tdb of testDatabases()) describe(`kiosk badge expiry (${tdb.name})`, () => {
  test('an abandoned kiosk badge expires in the queue; the printer, back later, prints only the next one', async () => {
    const { s, printer } = await kioskWithOffPrinter(tdb, 'Kiosk 1', [visitor({ code: 'PPS22-300001', nameKo: '김은희' }), visitor({ code: 'PPS22-300002', nameKo: '배정호' })]);
    const events: PushEvent[] = [];
    s.bus.subscribe((ev) => events.push(ev));
    try {

      // The kiosk has not talked to this printer yet: the confirm queues the badge.
      const first = ticketOf(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-300001' })));
      const c = must(await s.invoke('kiosk.confirm', { ticket: first, nonce: 'expiry-confirm-1' }));
      if (c.status !== 'checked_in' || c.print.status !== 'queued' || !c.print.jobId) return assert.fail(JSON.stringify(c));
      const jobId = c.print.jobId;
      const job = () => s.handle.db.selectFrom('print_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
      assert.equal((await job()).expires_at, new Date(s.clock.now().getTime() + KIOSK_BADGE_EXPIRY_MS).toISOString());
      await until('the printer refused it and it waits', async () => must(await s.invoke('kiosk.badgeState', { jobId })).state === 'retry');

      // The screen is gone (no cancel ever comes); time passes beyond the expiry.
      s.clock.advance(KIOSK_BADGE_EXPIRY_MS + 1_000);
      // The worker expires it even while the printer is still away, so the log says so at once.
      await until('expired', async () => (await job()).state === 'failed');
      assert.equal((await job()).last_error, 'expired');
      assert.ok(events.some((e) => e.type === 'printing.job' && e.jobId === jobId && e.state === 'failed' && e.error === 'expired'));

      // The printer comes back: the next visitor's badge prints, and nothing else.
      await printer.setMode('ok');
      s.runtime.printing.retryNow();
      await until('printer back', async () => must(await s.invoke('kiosk.status', {})).online, 30_000);
      const second = ticketOf(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-300002' })));
      const c2 = must(await s.invoke('kiosk.confirm', { ticket: second, nonce: 'expiry-confirm-2' }));
      if (c2.status !== 'checked_in' || !c2.print.jobId) return assert.fail(JSON.stringify(c2));
      const [page] = await printer.waitForJobs(1);
      assert.equal(qrOf(page!.file), 'PPS22-300002');
      await until('second printed', async () => must(await s.invoke('kiosk.badgeState', { jobId: c2.print.jobId! })).state === 'printed');
      assert.equal(printer.jobs.length, 1, 'the expired badge never came out');
      assert.deepEqual([(await job()).state, (await job()).last_error], ['failed', 'expired']);
    } finally {
      await s.close();
      await printer.close();
    }
  });

  test('the worker checks the expiry at the moment it would print: a job that expired while its printer was in backoff is never sent', async () => {
    const { s, printer } = await kioskWithOffPrinter(tdb, 'Kiosk 2', [visitor({ code: 'PPS22-300003', nameKo: '이서연' })]);
    try {
      const t = ticketOf(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-300003' })));
      const c = must(await s.invoke('kiosk.confirm', { ticket: t, nonce: 'expiry-confirm-3' }));
      if (c.status !== 'checked_in' || !c.print.jobId) return assert.fail(JSON.stringify(c));
      const jobId = c.print.jobId;
      await until('refused once', async () => must(await s.invoke('kiosk.badgeState', { jobId })).state === 'retry');
      // Printer back and the clock past the expiry at the same time: whichever runs first
      // (the poll's sweep or a drain), the job is failed as expired and no byte is sent.
      s.clock.advance(KIOSK_BADGE_EXPIRY_MS + 1_000);
      await printer.setMode('ok');
      s.runtime.printing.retryNow();
      await until('expired', async () => must(await s.invoke('kiosk.badgeState', { jobId })).state === 'failed');
      const job = await s.handle.db.selectFrom('print_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
      assert.equal(job.last_error, 'expired');
      await until('printer seen online', async () => must(await s.invoke('kiosk.status', {})).online, 30_000);
      assert.equal(printer.jobs.length, 0);
    } finally {
      await s.close();
      await printer.close();
    }
  });
});
