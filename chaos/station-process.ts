/**
 * A station server as a separate process (npm run serve), on loopback, for the chaos
 * suite: started, loaded, killed with SIGKILL, restarted on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface StationProcess {
  port: number;
  pid: number;
  proc: ChildProcess;
  /** Set when the process ended without us killing it. */
  crashed: () => boolean;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  rssMb(): number;
  /** The last few kB the station wrote to stderr (its warnings and errors). */
  stderr(): string;
}

export async function spawnStation(opts: { dataDir: string; db?: string; role?: string; name?: string }): Promise<StationProcess> {
  // `node --import tsx`: one process, so SIGKILL and the memory figure hit the station itself
  // (tsx's CLI runs the script in a child of its own). The seeded visitors are registered for the sample's first day; the station's clock starts there.
  const args = ['--import', 'tsx', path.join(ROOT, 'main/server/serve.cli.ts'), '--data', opts.dataDir, '--port', '0', '--host', '127.0.0.1', '--clock', '2022-04-13T09:30'];
  if (opts.db) args.push('--db', opts.db);
  if (opts.role) args.push('--role', opts.role);
  if (opts.name) args.push('--name', opts.name);
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, FAIRDESK_LOG: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let killed = false;
  let exited = false;
  proc.on('exit', () => (exited = true));
  let err = '';
  proc.stderr!.on('data', (d) => (err = (err + String(d)).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`station did not start in 120 s\n${err}`)), 120_000);
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /ready: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => reject(new Error(`station exited (${code}) before it was ready\n${err}`)));
  });
  const gone = () => new Promise<void>((r) => (exited ? r() : proc.once('exit', () => r())));
  return {
    port,
    pid: proc.pid!,
    proc,
    crashed: () => exited && !killed,
    async kill9() {
      killed = true;
      proc.kill('SIGKILL');
      await gone();
    },
    async stop() {
      killed = true;
      proc.kill('SIGTERM');
      await gone();
    },
    stderr: () => err,
    rssMb() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
        return m ? Math.round(Number(m[1]) / 1024) : NaN;
      } catch {
        return NaN;
      }
    },
  };
}

export interface Answer {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string } } | null;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POST /api/<channel>; a transport failure (socket reset, refused) is status 0. */
export function post(port: number, channel: string, input: unknown, timeoutMs = 15_000): Promise<Answer> {
  return new Promise((resolve) => {
    const body = JSON.stringify(input);
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/${encodeURIComponent(channel)}`, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          let parsed: Answer['body'] = null;
          try {
            parsed = JSON.parse(Buffer.concat(parts).toString('utf8'));
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', () => resolve({ status: 0, body: null }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: null }));
    req.end(body);
  });
}
