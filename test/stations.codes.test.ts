/**
 * Pending set-up codes (issue 11), on SQLite and PostgreSQL: the admin lists the codes
 * still waiting for their station (never the codes themselves) and cancels one; the
 * cancel takes effect at once — a station typing that code is refused with its own
 * error (setup_code_cancelled) and stays unset — while another pending code still works.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { FakeClock } from '../main/core/clock';
import { createStation } from '../main/core/station';

const errCode = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

for (const tdb of testDatabases()) describe(`pending set-up codes (${tdb.name})`, () => {
  test('list, cancel at once (own error for the cancelled code), the other code still works; admin only', async () => {
    const dir = tempDir();
    const clock = new FakeClock('2026-05-19T09:00:00+09:00');
    const target = await tdb.target(dir);
    const admin = await testStation({ dataDir: dir, db: target, clock, name: 'HQ', role: 'admin' });
    const fresh = () => createStation({ dataDir: tempDir(), db: target }, { clock, heartbeat: false });
    const a = await fresh();
    const b = await fresh();
    try {
      const kiosk = must(await admin.invoke('stations.code.create', { name: 'Kiosk 3', role: 'kiosk', validMinutes: 60 }));
      const desk = must(await admin.invoke('stations.code.create', { name: 'Desk 9', role: 'desk', validMinutes: 60 }));
      const short = must(await admin.invoke('stations.code.create', { name: 'Door 1', role: 'door', validMinutes: 5 }));
      let pending = must(await admin.invoke('stations.code.list', {}));
      assert.deepEqual(pending.map((c) => [c.name, c.role]), [['Kiosk 3', 'kiosk'], ['Desk 9', 'desk'], ['Door 1', 'door']]);
      // The list never carries a code a station could type.
      for (const code of [kiosk, desk, short]) assert.ok(!JSON.stringify(pending).includes(code.code.replace('-', '')));

      const cancelled = must(await admin.invoke('stations.code.cancel', { id: pending[0]!.id }));
      assert.equal(cancelled.name, 'Kiosk 3');
      assert.equal(errCode(await a.invoke('stations.setup.redeem', { code: kiosk.code })), 'setup_code_cancelled');
      assert.equal(a.identity.role, 'setup');
      // Cancelling twice: no such pending code, nothing changes.
      assert.equal(errCode(await admin.invoke('stations.code.cancel', { id: pending[0]!.id })), 'not_found');

      // Expired codes leave the list; used ones too.
      clock.advance(10 * 60_000);
      assert.deepEqual(must(await admin.invoke('stations.code.list', {})).map((c) => c.name), ['Desk 9']);
      assert.deepEqual(must(await b.invoke('stations.setup.redeem', { code: desk.code })), { role: 'desk', name: 'Desk 9' });
      pending = must(await admin.invoke('stations.code.list', {}));
      assert.deepEqual(pending, []);

      // Only an admin lists or cancels.
      assert.equal(errCode(await b.invoke('stations.code.list', {})), 'forbidden');
      const audit = await admin.handle.db.selectFrom('audit_log').select('detail').where('channel', '=', 'stations.code.cancel').execute();
      assert.equal(audit.length, 1);
      assert.ok(!audit[0]!.detail!.includes(kiosk.code.replace('-', '')));
    } finally {
      await a.close();
      await b.close();
      await admin.close();
    }
  });
});
