/**
 * Worker thread: parses a registrations file (CSV decode and split, or the XLSX read,
 * then the row checks) away from the station's event loop, so check-ins, scans and
 * events keep being answered while a 100k-row file is read (issue 10, D6). Kept warm
 * between previews by parse-off-thread.ts. Reports
 * progress, then sends the rows back in chunks: the main thread deserialises one chunk
 * per message, with its event loop free in between. See parse-off-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { AppFailure } from '../../../contract/result';
import { parseRegistrations } from './registrations.import';
import type { ParseJob, WorkerMessage } from './parse-off-thread';

export const CHUNK_ROWS = 5_000;

async function run(id: number, job: ParseJob): Promise<void> {
  const post = (msg: WorkerMessage) => parentPort!.postMessage({ job: id, msg });
  try {
    const bytes = Buffer.from(job.bytes);
    const parsed = await parseRegistrations(bytes, job.fileName, { eventDays: job.eventDays, categories: job.categories, onProgress: (done, total) => post({ type: 'progress', done, total }) });
    const { visitors, rowNumbers, ...rest } = parsed;
    post({ type: 'meta', meta: rest, rows: visitors.length });
    for (let i = 0; i < visitors.length; i += CHUNK_ROWS) post({ type: 'rows', visitors: visitors.slice(i, i + CHUNK_ROWS), rowNumbers: rowNumbers.slice(i, i + CHUNK_ROWS) });
    post({ type: 'done' });
  } catch (e) {
    if (e instanceof AppFailure) post({ type: 'failure', code: e.code, message: e.message, details: e.details });
    else post({ type: 'error', message: String((e as Error)?.stack ?? e) });
  }
}

// One parse at a time: the next job's message waits while this one's rows are checked.
parentPort?.on('message', (m: { job: number; parse: ParseJob }) => void run(m.job, m.parse));
