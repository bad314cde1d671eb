/**
 * Rehearsal clocks started minutes apart agree (issue 14): a station started with
 * `--clock X` joins the rehearsal stored by the first one started with X, instead of
 * beginning at X from its own start; a different X starts a new shared rehearsal.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createStation } from '../main/core/station';
import { testDatabases } from './helpers/databases';
import { tempDir } from './helpers/station';

const X = '2022-04-13T09:30:00+09:00';
const FIVE_MIN = 5 * 60_000;

for (const tdb of testDatabases()) {
  describe(`rehearsal clock anchored in the database (${tdb.name})`, () => {
    test('a station started later with the same --clock shows the same time as the first', async () => {
      const dataDir = tempDir();
      const db = tdb.name === 'sqlite' ? { kind: 'sqlite' as const, file: path.join(dataDir, 'fairdesk.sqlite') } : await tdb.target(dataDir);
      const start = (clockAt: string, name: string) =>
        createStation({ dataDir, db, clockAt }, { heartbeat: false, identity: { id: randomUUID(), name, role: 'stamp' } });

      const first = await start(X, 'Hall 3');
      // The first station has been running for five minutes: move its anchor back in real time.
      const anchor = await first.handle.db.selectFrom('floor_settings').select('value').where('key', '=', 'rehearsal_clock').executeTakeFirstOrThrow();
      const stored = JSON.parse(anchor.value) as { at: string; setAtReal: string };
      assert.equal(stored.at, new Date(X).toISOString());
      const fiveMinAgo = new Date(Date.parse(stored.setAtReal) - FIVE_MIN).toISOString();
      await first.handle.db.updateTable('floor_settings').set({ value: JSON.stringify({ ...stored, setAtReal: fiveMinAgo }) }).where('key', '=', 'rehearsal_clock').execute();
      await first.close();

      const later = await start(X, 'Hall 4');
      try {
        const drift = later.clock.now().getTime() - (Date.parse(X) + FIVE_MIN);
        assert.ok(drift >= 0 && drift < 60_000, `the later station runs on the shared rehearsal (drift ${drift} ms), not from 09:30 again`);
      } finally {
        await later.close();
      }

      // Another --clock is a new rehearsal, stored for everyone who joins after it.
      const Y = '2022-04-14T10:00:00+09:00';
      const fresh = await start(Y, 'Desk 1');
      try {
        const off = fresh.clock.now().getTime() - Date.parse(Y);
        assert.ok(off >= 0 && off < 60_000, `starts at the new time (${off} ms)`);
      } finally {
        await fresh.close();
      }
    });
  });
}
