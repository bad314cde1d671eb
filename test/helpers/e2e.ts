/**
 * End-to-end parts: a real station server process (`tsx main/server/serve.cli.ts`, the
 * same entry `npm run serve` uses) on a random port with its own data dir, and Debian's
 * Chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import type { EventInput } from '../../contract/index';
import { createStation } from '../../main/core/station';
import { SAMPLE_EVENT_2022, setEvent } from './sample-event';
import { tempDir } from './station';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const START_MS = Number(process.env.FAIRDESK_E2E_START_MS ?? 240_000);

export interface RunningServer {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the server printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** null: no --role (a fresh station that must be set up, issue 11). */
  role?: string | null;
  /** null: no --name (a station restarted as it would be, by a plain start). */
  name?: string | null;
  clock?: string;
  dataDir?: string;
  db?: string;
  extraArgs?: string[];
  env?: Record<string, string>;
  /** The fair set in the database before the server starts (default: the 2022 sample the fixtures use); null: none. */
  event?: EventInput | null;
}

/** Sets the event in a data dir / venue database as an organiser would, before a server opens it. */
export async function prepareEvent(dataDir: string, db: string | undefined, event: EventInput): Promise<void> {
  const target = db ? ({ kind: 'postgres', url: db } as const) : ({ kind: 'sqlite', file: path.join(dataDir, 'fairdesk.sqlite') } as const);
  const s = await createStation({ dataDir, db: target }, { heartbeat: false, register: false, identity: { id: randomUUID(), name: 'setup', role: 'admin' } });
  try {
    await setEvent(s, event);
  } finally {
    await s.close();
  }
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? tempDir('fairdesk-e2e-');
  if (opts.event !== null) await prepareEvent(dataDir, opts.db, opts.event ?? SAMPLE_EVENT_2022);
  const args = [
    path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
    path.join(ROOT, 'main/server/serve.cli.ts'),
    '--data', dataDir,
    '--port', '0',
    ...(opts.role === null ? [] : ['--role', opts.role ?? 'admin']),
    ...(opts.name === null ? [] : ['--name', opts.name ?? 'Desk 1']),
    ...(opts.clock ? ['--clock', opts.clock] : []),
    ...(opts.db ? ['--db', opts.db] : []),
    ...(opts.extraArgs ?? []),
  ];
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, FAIRDESK_LOG: 'warn', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    // A ceiling only, for a server that hangs: on a loaded shared machine tsx alone can take a minute.
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_MS / 1000} s:\n${out}`)), START_MS);
    const check = () => {
      const m = out.match(/ready: (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** `extraArgs`: more Chromium flags for one test's browser (e.g. a fake camera playing a file). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.FAIRDESK_CHROMIUM || '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

/** Saves a screenshot under test-results/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** POST a channel on a running server, as the browser would (a LAN station's token as the header: the API takes none in its URL). */
export async function api<T = unknown>(server: RunningServer, channel: string, input: unknown): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }> {
  const token = new URL(server.url).searchParams.get('token');
  const res = await fetch(`${server.url.replace(/\/(\?.*)?$/, '')}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return (await res.json()) as never;
}

/** Imports a registrations file through the server's own channels (preview, then commit), as staff would; fails loudly. */
export async function importRegistrations(server: RunningServer, bytes: Buffer, fileName = 'registrations.csv'): Promise<{ inserted: number }> {
  const p = await api<{ importId: string }>(server, 'import.registrations.preview', { fileName, dataBase64: bytes.toString('base64') });
  if (!p.ok) throw new Error(`import preview failed: ${JSON.stringify(p.error)}`);
  const c = await api<{ inserted: number }>(server, 'import.registrations.commit', { importId: p.value!.importId });
  if (!c.ok) throw new Error(`import commit failed: ${JSON.stringify(c.error)}`);
  return c.value!;
}

/** This machine's first non-loopback IPv4 address (a LAN station must listen beyond loopback to need a token), or null. */
export function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}
