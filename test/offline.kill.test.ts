/**
 * A fact acknowledged offline survives the station process dying right after the answer
 * (issue 13): a desk station in a real child process scans back to back with the venue
 * server stopped; the test kills it with SIGKILL the moment the Nth answer arrives (the
 * next scan is in flight). Every scan it was answered "checked in (offline)" for must be in
 * the replica's outbox — the answer is sent only after the outbox commit returned — and,
 * once the server is back and the station restarted, in the venue database exactly once.
 *
 * SIGKILL leaves the page cache alone, so this shows the commit comes before the answer;
 * that the commit itself is on the disk is synchronous=FULL (replica.service.ts).
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { TestPostgres } from '../scripts/test-postgres.mjs';
import { FakeClock } from '../main/core/clock';
import { replicaFile } from '../main/services/offline/replica.service';
import { offlineVenue, untilReplayed } from './helpers/offline';
import { tempDir, testStation } from './helpers/station';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';
const require = createRequire(import.meta.url);
const CLOCK = '2022-04-13T10:00:00+09:00';
const KILL_AFTER = 6;

type Answer = { type: 'answer'; nonce: string; status: string; offline: boolean };

describe('offline: the station process killed right after an answer', { skip: !!skip }, () => {
  let cluster: TestPostgres;
  let url: string;
  let child: ChildProcess | null = null;
  const clock = new FakeClock(CLOCK);
  const codes = Array.from({ length: 20 }, (_, i) => `PPS22-7100${String(i).padStart(2, '0')}`);

  before(async () => {
    const venue = await offlineVenue(codes, clock);
    cluster = venue.cluster;
    url = venue.url;
    await venue.admin.close();
  });
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cluster?.stop();
  });

  test('every acknowledged offline check-in is in the outbox after SIGKILL, and replays exactly once', async () => {
    const dir = tempDir('fairdesk-kill-');
    const id = randomUUID();
    const proc = fork(path.join(import.meta.dirname, 'helpers/offline-scan.child.ts'), ['--url', url, '--dir', dir, '--id', id, '--clock', CLOCK], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, FAIRDESK_LOG: 'error' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    const died = new Promise<NodeJS.Signals | null>((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      proc.once('message', (m: { type: string }) => (m.type === 'ready' ? resolve() : reject(new Error(`unexpected ${m.type}`))));
      died.then(() => reject(new Error('the station process ended before it was ready')));
    });
    await cluster.halt();

    const answers: Answer[] = [];
    proc.on('message', (m: Answer) => {
      if (m.type !== 'answer') return;
      answers.push(m);
      // The power cut: at once, from inside the message handler (no await in between).
      if (answers.length === KILL_AFTER) proc.kill('SIGKILL');
    });
    proc.send({ type: 'scan', codes });
    assert.equal(await died, 'SIGKILL');

    // At least the KILL_AFTER answers the test waited for; all of them offline check-ins.
    assert.ok(answers.length >= KILL_AFTER, `${answers.length} answers`);
    for (const a of answers) assert.deepEqual([a.status, a.offline], ['checked_in', true], a.nonce);

    // The dead process's replica file, as the next start will find it.
    const Sqlite = require('better-sqlite3') as typeof BetterSqlite3;
    const file = new Sqlite(replicaFile(dir, id), { readonly: true });
    const queued = file.prepare(`SELECT nonce FROM offline_outbox WHERE channel = 'checkin.scan' ORDER BY seq`).all() as Array<{ nonce: string }>;
    file.close();
    const queuedNonces = queued.map((r) => r.nonce);
    for (const a of answers) assert.ok(queuedNonces.includes(a.nonce), `acknowledged ${a.nonce} is not in the outbox (${queuedNonces.join(', ')})`);
    // Nothing was queued that was not scanned: at most the one scan in flight beyond the answers.
    assert.ok(queuedNonces.length <= answers.length + 1, `${queuedNonces.length} queued for ${answers.length} answers`);

    // The server back; the station starts again on the same data folder and replays.
    await cluster.resume();
    const again = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Killed desk', clock, dataDir: dir, offline: true, identity: { id, name: 'Killed desk', role: 'desk' } });
    try {
      await untilReplayed([again]);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const rows = (await c.query<{ nonce: string; n: string }>(`SELECT nonce, count(*) AS n FROM checkins WHERE nonce LIKE 'killed-desk-%' GROUP BY nonce`)).rows;
        const inVenue = new Map(rows.map((r) => [r.nonce, Number(r.n)]));
        for (const a of answers) assert.equal(inVenue.get(a.nonce), 1, `${a.nonce} in the venue database`);
        assert.deepEqual([...inVenue.keys()].sort(), [...queuedNonces].sort());
      } finally {
        await c.end();
      }
    } finally {
      await again.close();
    }
  });
});
