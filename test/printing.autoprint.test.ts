/**
 * Auto-print on check-in never costs the check-in: even when queueing the badge fails
 * inside the transaction (here: the jobs table is gone), the visitor is checked in —
 * on PostgreSQL too, where a failed statement would otherwise abort the transaction.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import type { Station } from '../main/core/station';

for (const tdb of testDatabases()) describe(`auto-print on check-in (${tdb.name})`, () => {
  let s: Station;
  before(async () => {
    const dataDir = tempDir();
    s = await testStation({ dataDir, db: await tdb.target(dataDir) });
    await seed(s, [visitor({ code: 'PPS22-300001', nameKo: '한지우' }), visitor({ code: 'PPS22-300002', nameKo: '오세린' })]);
    const saved = must(await s.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: 'tcp://127.0.0.1:9', paperMm: 80, stock: 'roll80' }));
    assert.equal(saved.status, 'saved');
    if (saved.status !== 'saved') return;
    must(await s.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: true }));
  });
  after(() => s.close());

  test('a check-in queues its badge', async () => {
    const r = must(await s.invoke('checkin.scan', { code: 'PPS22-300001', nonce: 'autoprint-ok-1' }));
    assert.equal(r.status, 'checked_in');
    const jobs = await s.handle.db.selectFrom('print_jobs').select('visitor_code').where('visitor_code', '=', 'PPS22-300001').execute();
    assert.equal(jobs.length, 1);
  });

  test('when the badge cannot be queued, the check-in still commits', async () => {
    await sql`alter table print_jobs rename to print_jobs_away`.execute(s.handle.db);
    try {
      const r = must(await s.invoke('checkin.scan', { code: 'PPS22-300002', nonce: 'autoprint-fail-1' }));
      assert.equal(r.status, 'checked_in');
    } finally {
      await sql`alter table print_jobs_away rename to print_jobs`.execute(s.handle.db);
    }
    const rows = await s.handle.db.selectFrom('checkins').select('visitor_code').where('visitor_code', '=', 'PPS22-300002').execute();
    assert.equal(rows.length, 1);
    const again = must(await s.invoke('checkin.scan', { code: 'PPS22-300002', nonce: 'autoprint-fail-2' }));
    assert.equal(again.status, 'already_checked_in');
  });
});
