/**
 * system.status answers from the station's memory of its venue link, never from the
 * database: a screen must learn that the venue database is down while it is down.
 * (With a really stopped PostgreSQL server: test/e2e/desk-venue.e2e.test.ts.)
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';

for (const tdb of testDatabases()) describe(`system.status (${tdb.name})`, () => {
  test('online on start; follows what the venue link reports', async () => {
    const dataDir = tempDir();
    const s = await testStation({ dataDir, role: 'kiosk', db: await tdb.target(dataDir) });
    try {
      assert.deepEqual(must(await s.invoke('system.status', {})), { db: tdb.name, dbOnline: true });
      // What the venue link delivers when it loses the server (pg-bus-bridge → venue-link).
      s.bus.deliver({ type: 'station.status', online: false, reason: 'venue_db' });
      assert.deepEqual(must(await s.invoke('system.status', {})), { db: tdb.name, dbOnline: false });
      s.bus.deliver({ type: 'station.status', online: true });
      assert.deepEqual(must(await s.invoke('system.status', {})), { db: tdb.name, dbOnline: true });
    } finally {
      await s.close();
    }
  });
});
