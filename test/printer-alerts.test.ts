/**
 * Printer alerts are taken once for every console, as kiosk alerts are (issue 17), on SQLite
 * and PostgreSQL: a real printer address that refuses connections goes offline when the
 * console asks after it; that raises one alert for the venue (recorded once, by the station
 * whose queue saw it); two consoles taking it at once → one wins, the other is told who took it.
 * One list with kiosk alerts: the dashboard's panel, and `dashboard.alerts` for a console
 * opened after they were raised; taken on one console, gone from every list.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { startVirtualPrinter } from '../main/printing/virtual-printer';
import { testDatabases } from './helpers/databases';
import { peerStation, type Peer } from './helpers/peer-station';
import { until } from './helpers/until';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';
import type { PushEvent } from '../contract/index';
import { refusingPort } from './helpers/refusing-port';
import { randomUUID } from 'node:crypto';

for (const tdb of testDatabases()) {
  describe(`printer alerts (${tdb.name})`, () => {
    let admin: Station & { clock: FakeClock; dataDir: string };
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

    test('a printer that refuses raises one alert; two consoles take it at once: one wins, the other hears who took it', async () => {
      const raised: PushEvent[] = [];
      const acked: PushEvent[] = [];
      const off = admin.bus.subscribe((ev) => {
        if (ev.type === 'printing.printer' && !ev.online) raised.push(ev);
        if (ev.type === 'kiosk.alert.acked') acked.push(ev);
      });
      const port = await refusingPort();
      const saved = must(await admin.invoke('printing.printers.save', { name: 'Hall printer', kind: 'epson', interface: `tcp://127.0.0.1:${port}`, paperMm: 80, stock: 'roll80' }));
      assert.equal(saved.status, 'saved');
      // The console's printers page asks every printer (connect + status): this one refuses.
      const listed = must(await admin.invoke('printing.printers.list', {}));
      assert.equal(listed.printers.find((p) => p.name === 'Hall printer')?.online, false);
      const ev = await until('the offline event', async () => raised.find((e) => e.type === 'printing.printer' && e.printerName === 'Hall printer'));
      assert.ok(ev.type === 'printing.printer' && ev.alertId, 'the offline event carries the alert id');
      const id = ev.alertId!;
      await until('the alert recorded', async () => (await count(`select count(*) from audit_log where channel = 'printer.alert' and entity_id = '${id}'`)) === 1 || undefined);
      // The record names the printer and why, nothing about any visitor.
      const row = await admin.handle.db.selectFrom('audit_log').select(['detail', 'station_id']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(row.detail!), { printerId: saved.status === 'saved' ? saved.printer.id : '', printerName: 'Hall printer', reason: 'printer_offline' });
      assert.equal(row.station_id, admin.identity.id);

      // Asked again while still offline: no second alert (one per going offline).
      must(await admin.invoke('printing.printers.list', {}));
      assert.equal(await count("select count(*) from audit_log where channel = 'printer.alert'"), 1);

      const a = await peerStation(tdb, admin, target, 'desk', 'Desk A');
      const b = await peerStation(tdb, admin, target, 'desk', 'Desk B');
      peers.push(a, b);
      const [x, y] = await Promise.all([a.invoke('kiosk.alert.ack', { id }), b.invoke('kiosk.alert.ack', { id })]);
      const codes = [x, y].map((r) => (r.ok ? 'ok' : r.error.code));
      assert.deepEqual([...codes].sort(), ['already_acknowledged', 'ok']);
      const winner = x.ok ? 'Desk A' : 'Desk B';
      const loser = x.ok ? y : x;
      assert.ok(!loser.ok);
      assert.equal((loser.error.details as { by?: string } | undefined)?.by, winner);
      assert.equal(await count(`select count(*) from audit_log where channel = 'kiosk.alert.ack' and entity_id = '${id}'`), 1);
      // On PostgreSQL a peer has its own bus; on SQLite it is this station's, and the event went out once.
      if (tdb.name !== 'postgres') assert.equal(acked.length, 1);
      off();
    });

    test('a job the printer drops mid-print is an alert too: recorded with the printer and why, no visitor', async () => {
      const vp = await startVirtualPrinter({ port: 0, outDir: `${admin.dataDir}/printed` });
      try {
        await seed(admin, [visitor({ code: 'PPS22-300001', nameKo: '배정호' })]);
        const saved = must(await admin.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
        assert.equal(saved.status, 'saved');
        if (saved.status !== 'saved') return;
        must(await admin.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: false }));
        await vp.setMode('vanish');
        const job = must(await admin.invoke('printing.badge.print', { code: 'PPS22-300001', nonce: 'pa-vanish-1' }));
        const row = await until('the failed job recorded as an alert', async () =>
          (await admin.handle.db.selectFrom('audit_log').select(['detail']).where('channel', '=', 'printer.alert').execute()).find((r) => String(r.detail).includes(job.jobId!)),
        );
        assert.deepEqual(JSON.parse(row.detail!), { printerId: saved.printer.id, printerName: 'Desk printer', reason: 'printer_interrupted', jobId: job.jobId });
        assert.ok(!String(row.detail).includes('PPS22-300001'));
      } finally {
        await vp.close();
      }
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
      // (Earlier tests here leave alerts of their own open: only this test's two are looked at.)
      const mine = async (d: Peer) => must(await d.invoke('dashboard.alerts', {})).alerts.map((x) => x.id).filter((x) => x === printerAlert || x === kioskAlert);
      for (const d of [a, b, admin]) assert.deepEqual(await mine(d), [kioskAlert]);
      must(await b.invoke('kiosk.alert.ack', { id: kioskAlert }));
      for (const d of [a, b, admin]) assert.deepEqual(await mine(d), []);
      assert.deepEqual(must(await admin.invoke('dashboard.snapshot', {})).alerts.filter((x) => x.id === printerAlert || x.id === kioskAlert), []);

      // Who may load them: the consoles that can take an alert, not a kiosk.
      const kiosk = await peerStation(tdb, admin, target, 'kiosk', 'Kiosk 9');
      peers.push(kiosk);
      const refused = await kiosk.invoke('dashboard.alerts', {});
      assert.equal(refused.ok, false);
    });
  });
}
