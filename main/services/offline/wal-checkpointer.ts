/**
 * The replica's WAL checkpoints, off the scan (issue 13).
 *
 * Measured: an offline scan is one SQLite commit, and with synchronous=FULL that commit
 * is one fsync of the WAL — the floor the outbox needs. But SQLite's automatic checkpoint
 * (every 1000 WAL pages, about every 45 offline scans) ran inside the commit that crossed
 * the line: it copied the WAL into the database file and fsynced both, so that scan's
 * answer waited for two more fsyncs and a few MB of writes.
 *
 * Here the checkpoints run on a second connection in a worker thread: PASSIVE, so they
 * never take the writer's lock — a scan commits while a checkpoint copies. The worker
 * checkpoints past CHECKPOINT_PAGES, and drains the rest as soon as the desk is quiet
 * for a tick, so the next commit starts the WAL over. The scan's connection keeps an
 * automatic checkpoint only as a bound (AUTO_PAGES): in a non-stop burst the WAL is never
 * wholly copied when a commit starts, so it cannot start over, and that bound lands in
 * about one scan in 200 (with little left to copy); and for a worker that has died.
 *
 * Durability is unchanged: an acknowledged fact is durable when its commit's WAL fsync
 * returns (before the answer); a checkpoint only moves durable frames into the database
 * file (synchronous=FULL: the WAL is synced before, the database file after, and the WAL
 * is reused only once every frame is in the synced database file).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker looks at the WAL's length (a 100-byte read). */
export const CHECKPOINT_EVERY_MS = 100;
/** The worker checkpoints once the WAL holds this many frames not yet in the database file (SQLite's own default line). */
export const CHECKPOINT_PAGES = 1_000;
/** The scan connection's own automatic checkpoint: only past this many WAL pages (~16 MB). */
export const AUTO_PAGES = 4_000;

const require = createRequire(import.meta.url);

/** Plain CommonJS, evaluated in the worker (no loader needed from source or in the bundle). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.module);
const db = new Sqlite(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 0');
const fs = require('node:fs');
const st = { runs: 0, pages: 0 };
// The WAL's size in frames, from the wal-index header in the -shm file (SQLite file
// format, "WAL-index format": mxFrame is the u32 at byte 16, nBackfill at byte 96, in
// the machine's byte order — little-endian on every machine a station runs on). A read
// of 100 bytes; the checkpoint itself runs only when it is due.
const shm = Buffer.alloc(100);
let fd = null;
let lastMx = -1;
const timer = setInterval(() => {
  try {
    if (fd === null) fd = fs.openSync(workerData.file + '-shm', 'r');
    if (fs.readSync(fd, shm, 0, 100, 0) < 100) return;
    const mx = shm.readUInt32LE(16);
    const backlog = mx - shm.readUInt32LE(96);
    // Past the line, or anything left once the desk went quiet (a whole tick without a
    // commit): then the WAL is all in the database file and the next commit starts it
    // over from its beginning (the file stays its size, so its fsync writes no metadata).
    const idle = mx === lastMx;
    lastMx = mx;
    if (backlog <= 0 || (backlog < workerData.pages && !idle)) return;
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.checkpointed > 0) { st.runs++; st.pages = r.checkpointed; parentPort.postMessage(st); }
  } catch (e) {
    // SQLITE_BUSY: another checkpoint (the bound on the scan connection) is running; next tick.
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  if (fd !== null) fs.closeSync(fd);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointStats {
  /** Checkpoints that moved pages (the worker's). */
  runs: number;
  /** WAL frames in the database file after the last of them. */
  pages: number;
}

export class WalCheckpointer {
  readonly stats: CheckpointStats = { runs: 0, pages: 0 };
  private readonly worker: Worker;
  private readonly ended: Promise<void>;

  constructor(file: string) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { file, module: require.resolve('better-sqlite3'), nativeBinding: process.env.FAIRDESK_SQLITE_BINDING || undefined, everyMs: CHECKPOINT_EVERY_MS, pages: CHECKPOINT_PAGES },
    });
    this.worker.on('message', (s: CheckpointStats) => Object.assign(this.stats, s));
    // A worker that fails leaves the bound (AUTO_PAGES) on the scan connection: slower, never unbounded.
    this.worker.on('error', () => undefined);
    // The station's process may end while the worker still ticks.
    this.worker.unref();
    this.ended = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  async close(): Promise<void> {
    // Held while it closes: an unref'd worker and timer alone would let a process whose last
    // work is this close end mid-await (exit 13, "unsettled top-level await"), its WAL unclosed.
    this.worker.ref();
    this.worker.postMessage('close');
    await Promise.race([this.ended, new Promise((r) => setTimeout(r, 2_000).unref())]);
    await this.worker.terminate();
  }
}
