/**
 * The replica's two kinds of commit (issue 13): a feed batch is committed without a disk
 * flush of its own (synchronous=NORMAL — it can always be pulled again, its cursor is in the
 * same commit), while everything else on the file, the outbox above all, stays at FULL. The
 * switch must never leak: after a batch — applied or refused — the connection is back at
 * FULL, and what the batch wrote is there after the file is closed and opened again.
 * SQLite only (the replica is always a local SQLite file).
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tempDir } from './helpers/station';
import { Replica } from '../main/services/offline/replica.service';

const FULL = 2;

describe('replica: feed commits unflushed, the rest FULL', () => {
  test('after a feed batch the connection is at FULL again, and the batch is kept', async () => {
    const file = path.join(tempDir('replica-flush'), 'replica.sqlite');
    const replica = await Replica.open(file);
    assert.equal(replica.raw.pragma('synchronous', { simple: true }), FULL, 'opened at FULL');
    await replica.apply({ deletes: [], rows: [{ table: 'floor_settings', row: { key: 'k1', value: 'v1', updated_at: 't', change_xid: '5' } }], cursor: '7' });
    assert.equal(replica.raw.pragma('synchronous', { simple: true }), FULL, 'back at FULL after the batch');
    await replica.close();

    const again = await Replica.open(file);
    assert.equal(again.cursor, '7');
    assert.deepEqual(again.raw.prepare('SELECT key, value FROM floor_settings').all(), [{ key: 'k1', value: 'v1' }]);
    await again.close();
  });

  test('a batch that fails part-way changes nothing and leaves the connection at FULL', async () => {
    const replica = await Replica.open(path.join(tempDir('replica-flush'), 'replica.sqlite'));
    await replica.apply({ deletes: [], rows: [{ table: 'floor_settings', row: { key: 'k1', value: 'v1', updated_at: 't' } }], cursor: '7' });
    await assert.rejects(replica.apply({ deletes: [], rows: [{ table: 'floor_settings', row: { key: 'k2', value: 'v2', updated_at: 't' } }, { table: 'floor_settings', row: { no_such_column: 1 } }], cursor: '9' }));
    assert.equal(replica.raw.pragma('synchronous', { simple: true }), FULL);
    assert.equal(replica.cursor, '7', 'the cursor did not move');
    assert.deepEqual(replica.raw.prepare('SELECT key FROM floor_settings ORDER BY key').all(), [{ key: 'k1' }]);
    await replica.close();
  });

  // The flushes themselves, counted by the kernel's word (strace; .ci/run installs it).
  test('ten feed batches flush nothing; the outbox commit after them flushes the WAL', () => {
    const dir = tempDir('replica-flush');
    const trace = path.join(dir, 'trace.txt');
    execFileSync('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync', '-o', trace, process.execPath, '--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'replica-fsyncs.child.ts'), dir], { stdio: 'pipe' });
    const lines = fs.readFileSync(trace, 'utf8').split('\n');
    const at = (marker: string) => lines.findIndex((l) => l.includes(`${marker}.marker>`));
    // The scan's own thread only (the one that fsynced the markers): the replica's checkpoint
    // worker (wal-checkpointer.ts) flushes on a thread of its own, whenever the file is quiet.
    const tid = (i: number) => lines[i]?.split(/\s+/)[0];
    const flushes = (from: string, to: string) => lines.slice(at(from) + 1, at(to)).filter((l) => tid(at(from)) === l.split(/\s+/)[0] && /replica\.sqlite(-wal)?>/.test(l)).length;
    assert.ok(at('feed-start') >= 0 && at('feed-end') > at('feed-start') && at('outbox-end') > at('feed-end'), 'the phases are in the trace');
    const seen = lines.slice(at('feed-start'), at('outbox-end') + 1).join('\n');
    assert.equal(flushes('feed-start', 'feed-end'), 0, `no flush for the feed batches:\n${seen}`);
    assert.ok(flushes('feed-end', 'outbox-end') >= 1, `the outbox commit is flushed:\n${seen}`);
  });
});
