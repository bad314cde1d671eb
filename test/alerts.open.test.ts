/**
 * A kiosk's badge that its own printer could not print is one alert for the venue (issue
 * 17), the printer's — not a printer alert and a kiosk alert for the same failure, nor the
 * printer going offline beside the job — on SQLite and PostgreSQL. (The one list of open
 * alerts itself is tested in printer-alerts.test.ts.)
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { startVirtualPrinter } from '../main/printing/virtual-printer';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';
import type { IdentifyOutcome, PushEvent } from '../contract/index';

for (const tdb of testDatabases()) {
  describe(`a kiosk's failed badge is one alert (${tdb.name})`, () => {
    test("a badge its kiosk's own printer could not print is one alert (the printer's), not two", async () => {
      // The kiosk is its own station (its print queue prints its jobs), on its own database.
      const dir = tempDir();
      const k = await testStation({ role: 'kiosk', name: 'Kiosk 3', dataDir: dir, db: await tdb.target(dir) });
      const vp = await startVirtualPrinter({ port: 0, outDir: tempDir('alerts-printer-') });
      const console = { station: { id: randomUUID(), name: 'Console', role: 'admin' as const } };
      const alerts = async () => (await sql<{ channel: string; detail: string }>`select channel, detail from audit_log where channel in ('kiosk.alert', 'printer.alert') order by at`.execute(k.handle.db)).rows;
      const kioskAlerts: PushEvent[] = [];
      const off = k.bus.subscribe((ev) => void (ev.type === 'kiosk.alert' && kioskAlerts.push(ev)));
      try {
        await seed(k, [visitor({ code: 'PPS22-400001', nameKo: '윤서아' })]);
        const saved = must(await k.router.invoke(console, 'printing.printers.save', { name: 'Kiosk 3 printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
        if (saved.status !== 'saved') return assert.fail(JSON.stringify(saved));
        must(await k.router.invoke(console, 'printing.station.set', { stationId: k.identity.id, printerId: saved.printer.id, autoPrint: false }));
        must(await k.invoke('kiosk.status', {}));
        await vp.setMode('vanish');

        const r = must(await k.invoke('kiosk.identify', { by: 'code', code: 'PPS22-400001' })) as IdentifyOutcome;
        if (r.status !== 'found') return assert.fail(JSON.stringify(r));
        const c = must(await k.invoke('kiosk.confirm', { ticket: r.ticket, nonce: `ao-${tdb.name}-1` }));
        if (c.status !== 'checked_in' || !c.print.jobId) return assert.fail(JSON.stringify(c));
        const jobId = c.print.jobId;
        await until('the job failed at the printer', async () => (must(await k.invoke('kiosk.badgeState', { jobId })).state === 'failed') || undefined);
        // The screen gives up on its badge, as KioskFlow does when the job fails.
        assert.deepEqual(must(await k.invoke('kiosk.cancelBadge', { jobId })), { status: 'failed' });
        await until('the printer alert recorded', async () => (await alerts()).some((a) => a.detail.includes(jobId)) || undefined);
        // No kiosk alert published for it (the bus hears it when the handler emits), and one row in the store.
        assert.deepEqual(kioskAlerts, []);
        const rows = await alerts();
        assert.deepEqual(rows.map((a) => a.channel), ['printer.alert'], JSON.stringify(rows));
        const open = must(await k.router.invoke(console, 'dashboard.alerts', {})).alerts;
        assert.equal(open.length, 1, JSON.stringify(open));
        const [only] = open;
        assert.ok(only && only.kind === 'printer' && only.jobId === jobId, JSON.stringify(open));
        assert.deepEqual([only.printerName, only.stationName, only.reason], ['Kiosk 3 printer', 'Kiosk 3', 'printer_interrupted']);
      } finally {
        off();
        await vp.close();
        await k.close();
      }
    });
  });
}
