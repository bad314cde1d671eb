/**
 * The replica's WAL checkpoints run off the scan's connection (wal-checkpointer.ts): the
 * scan connection's own automatic checkpoint is only a distant bound, a worker thread
 * copies the WAL into the database file while the station keeps writing, and once the
 * writes stop the WAL is wholly copied (so the next commit starts it over). A file
 * reopened afterwards holds every committed row.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Replica } from '../main/services/offline/replica.service';
import { AUTO_PAGES } from '../main/services/offline/wal-checkpointer';
import { tempDir } from './helpers/station';
import { until } from './helpers/until';

/** mxFrame and nBackfill from the wal-index header (SQLite file format, "WAL-index format"). */
function walIndex(file: string): { frames: number; copied: number } {
  const b = Buffer.alloc(100);
  const fd = fs.openSync(`${file}-shm`, 'r');
  try {
    fs.readSync(fd, b, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  return { frames: b.readUInt32LE(16), copied: b.readUInt32LE(96) };
}

describe('offline replica: WAL checkpoints beside the scans', () => {
  test('the worker checkpoints while commits go on, and drains the WAL once they stop', async () => {
    const file = path.join(tempDir('fairdesk-ckpt-'), 'replica.sqlite');
    const replica = await Replica.open(file);
    try {
      assert.equal(replica.raw.pragma('wal_autocheckpoint', { simple: true }), AUTO_PAGES);
      const ins = replica.raw.prepare(`INSERT INTO offline_outbox (nonce, channel, input, at, offline_value, state) VALUES (?, 'checkin.scan', '{}', ?, ?, 'pending')`);
      // One commit per fact, as offline scans are; a pause now and then lets the worker's ticks run here too.
      for (let i = 0; i < 1_500; i++) {
        ins.run(`ckpt-${i}`, new Date(1_650_000_000_000 + i).toISOString(), 'x'.repeat(3_000));
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 20));
      }
      await until('the worker checkpointed', async () => replica.checkpoints.runs > 0);
      await until('the WAL wholly copied into the database file once quiet', async () => {
        const w = walIndex(file);
        return w.frames > 0 && w.copied === w.frames;
      });
    } finally {
      await replica.close();
    }
    const again = await Replica.open(file);
    try {
      assert.equal((again.raw.prepare(`SELECT count(*) AS n FROM offline_outbox WHERE nonce LIKE 'ckpt-%'`).get() as { n: number }).n, 1_500);
    } finally {
      await again.close();
    }
  });
});
