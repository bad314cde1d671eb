/**
 * One list of open alerts for the venue (issue 17), on SQLite and PostgreSQL:
 *   - a printer alert stands on the dashboard's panel beside kiosk alerts (one store);
 *   - a console opened after the alerts were raised loads them (`dashboard.alerts`), not
 *     only the events it hears from then on; taken on one console, gone from every list;
 *   - a kiosk's badge that its own printer could not print is one alert (the printer's),
 *     not a printer alert and a kiosk alert for the same failure.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { startVirtualPrinter } from '../main/printing/virtual-printer';
import { testDatabases } from './helpers/databases';
import { peerStation, type Peer } from './helpers/peer-station';
import { until } from './helpers/until';
import { refusingPort } from './helpers/refusing-port';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';
import type { IdentifyOutcome, PushEvent } from '../contract/index';

type S = Station & { clock: FakeClock; dataDir: string };

for (const tdb of testDatabases()) {
  describe(`open alerts, one list (${tdb.name})`, () => {
    let admin: S;
    let target: DbTarget;
    const peers: Peer[] = [];
    const count = async (text: string) => Number(Object.values((await sql<Record<string, unknown>>`${sql.raw(text)}`.execute(admin.handle.db)).rows[0] as object)[0] ?? 0);

    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      admin = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: target });
    });
    after(async () => {
      for (const p of peers) await p.close();
      await admin.close();
    });

    test('a printer alert and a kiosk alert raised before a console opens: it loads both; taken on one console, gone from both lists', async () => {
      // A printer that refuses: the console's printers page asks it, it goes offline, one alert.
      const raised: PushEvent[] = [];
      const off = admin.bus.subscribe((ev) => void (ev.type === 'printing.printer' && !ev.online && raised.push(ev)));
      const port = await refusingPort();
      must(await admin.invoke('printing.printers.save', { name: 'Hall A printer', kind: 'epson', interface: `tcp://127.0.0.1:${port}`, paperMm: 80, stock: 'roll80' }));
      must(await admin.invoke('printing.printers.list', {}));
      const ev = await until('the offline alert', async () => raised.find((e) => e.type === 'printing.printer' && e.printerName === 'Hall A printer'));
      const printerAlert = ev.type === 'printing.printer' ? ev.alertId! : '';
      off();
      const kioskAlert = randomUUID();
      admin.bus.publish({ type: 'kiosk.alert', id: kioskAlert, stationId: 'kiosk-9', stationName: 'Kiosk 9', reason: 'sent_to_staff', at: admin.clock.now().toISOString() });
      await until('both recorded', async () => (await count(`select count(*) from audit_log where entity_id in ('${printerAlert}', '${kioskAlert}')`)) === 2 || undefined);

      // The dashboard's panel: one list with both kinds.
      const snap = must(await admin.invoke('dashboard.snapshot', {}));
      const p = snap.alerts.find((a) => a.id === printerAlert);
      assert.ok(p && p.kind === 'printer', JSON.stringify(snap.alerts));
      assert.deepEqual([p.printerName, p.reason, p.jobId, p.stationName], ['Hall A printer', 'printer_offline', null, 'Console']);
      const k = snap.alerts.find((a) => a.id === kioskAlert);
      assert.ok(k && k.kind === 'kiosk');
      assert.deepEqual([k.stationName, k.reason], ['Kiosk 9', 'sent_to_staff']);

      // Two desks opened after both were raised (they heard no event): each loads them.
      const a = await peerStation(tdb, admin, target, 'desk', 'Desk A');
      const b = await peerStation(tdb, admin, target, 'desk', 'Desk B');
      peers.push(a, b);
      for (const d of [a, b]) {
        const open = must(await d.invoke('dashboard.alerts', {})).alerts.map((x) => x.id);
        assert.ok(open.includes(printerAlert) && open.includes(kioskAlert), JSON.stringify(open));
      }
      must(await a.invoke('kiosk.alert.ack', { id: printerAlert }));
      for (const d of [a, b, admin]) assert.deepEqual(must(await d.invoke('dashboard.alerts', {})).alerts.map((x) => x.id), [kioskAlert]);
      must(await b.invoke('kiosk.alert.ack', { id: kioskAlert }));
      for (const d of [a, b, admin]) assert.deepEqual(must(await d.invoke('dashboard.alerts', {})).alerts, []);
      assert.deepEqual(must(await admin.invoke('dashboard.snapshot', {})).alerts, []);

      // Who may load them: the consoles that can take an alert, not a kiosk.
      const kiosk = await peerStation(tdb, admin, target, 'kiosk', 'Kiosk 9');
      peers.push(kiosk);
      const refused = await kiosk.invoke('dashboard.alerts', {});
      assert.equal(refused.ok, false);
    });

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
