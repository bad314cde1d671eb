/**
 * `parseRegistrations` in a worker thread (parse.worker.ts): the station's event loop
 * stays free while a big file is decoded, split and checked — a 400k-row XLSX once held
 * it for 53 s. A refused file comes back as the same AppFailure (import_failed with its
 * reason); a worker that dies is an ordinary error (the router answers `internal`).
 *
 * From source (tsx, tests, bench) the worker is the .ts file beside this one; in the
 * Electron bundle it is out/main/import-parse.worker.cjs (scripts/build.mjs).
 */
import { Worker } from 'node:worker_threads';
import { AppFailure, type ErrorCode } from '../../../contract/result';
import type { VisitorInput } from '../visitors/visitor-write.service';
import type { ParsedRegistrations, ParseOptions } from './registrations.import';

export interface ParseJob {
  bytes: ArrayBuffer;
  fileName: string;
  eventDays: string[];
  categories?: ParseOptions['categories'];
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'meta'; meta: Omit<ParsedRegistrations, 'visitors' | 'rowNumbers'>; rows: number }
  | { type: 'rows'; visitors: VisitorInput[]; rowNumbers: number[] }
  | { type: 'done' }
  | { type: 'failure'; code: ErrorCode; message: string; details?: unknown }
  | { type: 'error'; message: string };

const bundled = import.meta.url.endsWith('.cjs');

/**
 * The worker's entry. Bundled: the .cjs beside index.cjs. From source: a tiny ES module
 * (a data: URL) that registers tsx's loader in the worker, then imports the .ts file —
 * a worker does not get the `--import tsx` hooks of the thread that started it.
 */
function workerEntry(): URL {
  if (bundled) return new URL('./import-parse.worker.cjs', import.meta.url);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const file = new URL('./parse.worker.ts', import.meta.url).href;
  return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(file)});`)}`);
}

/** A parse runs in one worker kept warm between previews (starting one costs more than a small file's parse), ended when idle. */
const IDLE_MS = 60_000;
interface Pending {
  opts: ParseOptions;
  meta: Extract<WorkerMessage, { type: 'meta' }>['meta'] | null;
  visitors: VisitorInput[];
  rowNumbers: number[];
  resolve: (p: ParsedRegistrations) => void;
  reject: (e: Error) => void;
}
let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
const pending = new Map<number, Pending>();
let nextJob = 1;

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
}

function onMessage({ job, msg: m }: { job: number; msg: WorkerMessage }): void {
  const p = pending.get(job);
  if (!p) return;
  const settle = (fn: () => void) => {
    pending.delete(job);
    fn();
    if (pending.size === 0) idleSoon();
  };
  switch (m.type) {
    case 'progress':
      p.opts.onProgress?.(m.done, m.total);
      break;
    case 'meta':
      p.meta = m.meta;
      break;
    case 'rows':
      for (const v of m.visitors) p.visitors.push(v);
      for (const r of m.rowNumbers) p.rowNumbers.push(r);
      break;
    case 'done':
      settle(() => (p.meta ? p.resolve({ ...p.meta, visitors: p.visitors, rowNumbers: p.rowNumbers }) : p.reject(new Error('import parse worker sent no result'))));
      break;
    case 'failure':
      settle(() => p.reject(new AppFailure(m.code, m.message, m.details)));
      break;
    case 'error':
      settle(() => p.reject(new Error(`import parse worker failed: ${m.message}`)));
      break;
  }
}

function idleSoon(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    const w = worker;
    worker = null;
    if (w) void w.terminate();
  }, IDLE_MS);
  idle.unref();
}

function theWorker(): Worker {
  if (idle) clearTimeout(idle);
  idle = null;
  if (worker) return worker;
  const w = new Worker(workerEntry());
  // A parse in flight keeps the process alive (ref'd while jobs wait, see below); an idle worker does not.
  w.unref();
  w.on('message', onMessage);
  const gone = (e: Error) => {
    if (worker === w) worker = null;
    failAll(e);
  };
  w.on('error', gone);
  w.on('exit', (code) => gone(new Error(`import parse worker exited (${code}) before it answered`)));
  worker = w;
  return w;
}

/** Parses in the worker; progress through `opts.onProgress`. Resolves with the same value `parseRegistrations` gives. */
export function parseRegistrationsOffThread(bytes: Buffer, fileName: string, opts: ParseOptions): Promise<ParsedRegistrations> {
  // The worker gets its own copy of the file (transferred, not cloned a second time).
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const job = nextJob++;
  const w = theWorker();
  return new Promise<ParsedRegistrations>((resolve, reject) => {
    pending.set(job, { opts, meta: null, visitors: [], rowNumbers: [], resolve, reject });
    w.ref();
    const message: { job: number; parse: ParseJob } = { job, parse: { bytes: copy.buffer, fileName, eventDays: opts.eventDays, categories: opts.categories } };
    w.postMessage(message, [copy.buffer]);
  }).finally(() => {
    if (pending.size === 0 && worker === w) w.unref();
  });
}
