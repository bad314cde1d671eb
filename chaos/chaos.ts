/**
 * `npm run chaos` — the station under deliberate abuse, on loopback only, bounded in time
 * and count (not part of npm test; it takes a few minutes and a lot of CPU):
 *
 *   kill -9 a station under load (SQLite, then PostgreSQL); PostgreSQL restarted under
 *   load with two station processes; fuzzed payloads over every channel, generated from
 *   the contract's zod schemas; oversized and slow requests; 1,000 event-stream clients.
 *
 * Prints one table (acknowledged facts lost, duplicates, crashes, 5xx/internal answers,
 * audit rows written by rejected payloads, station memory after) and exits 1 on any loss,
 * duplicate or crash. FAIRDESK_CHAOS_FUZZ sets the fuzz count (default 10,000).
 */
import net from 'node:net';
import { z } from 'zod';
import { CHANNELS, contract } from '../contract/index';
import { startTestPostgres } from '../scripts/test-postgres.mjs';
import { freshPostgresDatabase } from '../test/helpers/databases';
import { seed, tempDir, testStation, visitor } from '../test/helpers/station';
import type { DbTarget } from '../db/connect';
import { post, spawnStation, type StationProcess } from './station-process';
import { payloadFor } from './fuzz';

const DEADLINE_MS = 15 * 60_000;
const FUZZ = Number(process.env.FAIRDESK_CHAOS_FUZZ) > 0 ? Number(process.env.FAIRDESK_CHAOS_FUZZ) : 10_000;
const code = (i: number) => `CHAOS-${String(100000 + i)}`;

interface Row {
  scenario: string;
  acked: number | string;
  lost: number;
  duplicates: number;
  crashes: number;
  fiveXX: number;
  rejectedWrites: number | string;
  rssMb: number | string;
  notes: string;
}
const rows: Row[] = [];
const say = (m: string) => console.error(`chaos: ${m}`);
const row = (r: Partial<Row> & { scenario: string }) => rows.push({ acked: '-', lost: 0, duplicates: 0, crashes: 0, fiveXX: 0, rejectedWrites: '-', rssMb: '-', notes: '', ...r });
const until = async (what: string, fn: () => boolean | Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`chaos: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const isServerFault = (a: { status: number; body: { error?: { code: string } } | null }) => a.status >= 500 && a.status !== 503 ? true : a.body?.error?.code === 'internal';

async function seeded(target: (dir: string) => DbTarget, n: number): Promise<string> {
  const dir = tempDir('fairdesk-chaos-');
  const s = await testStation({ dataDir: dir, db: target(dir) });
  await seed(s, Array.from({ length: n }, (_, i) => visitor({ code: code(i), nameKo: `혼돈${i}`, })));
  await s.close();
  return dir;
}

/** Desks scanning distinct codes through the station's HTTP API; a refused or dropped scan is retried as a screen would. */
function scanLoad(stations: () => StationProcess[], total: number) {
  const acked = new Set<string>();
  let next = 0;
  let stop = false;
  let fiveXX = 0;
  let firstAckAfter: number | null = null;
  let mark = 0;
  const desk = async (d: number) => {
    while (!stop && next < total) {
      const c = code(next++);
      for (let tries = 0; !stop; tries++) {
        const list = stations();
        const st = list[(d + tries) % list.length]!;
        const a = await post(st.port, 'checkin.scan', { code: c, nonce: `chaos-${c}` }, 10_000);
        if (isServerFault(a)) fiveXX++;
        const status = (a.body?.value as { status?: string } | undefined)?.status;
        if (a.body?.ok && status !== 'checked_in' && status !== 'already_checked_in') throw new Error(`chaos: unexpected scan answer ${status}`);
        if (a.body?.ok) {
          acked.add(c);
          if (mark && firstAckAfter === null) firstAckAfter = Date.now() - mark;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const desks = Array.from({ length: 8 }, (_, d) => desk(d));
  return {
    acked,
    get fiveXX() {
      return fiveXX;
    },
    markRecovery() {
      mark = Date.now();
      firstAckAfter = null;
    },
    recoveredIn: () => firstAckAfter,
    async end() {
      stop = true;
      await Promise.all(desks);
    },
  };
}

async function checkStored(dataDir: string, target: DbTarget, acked: Set<string>): Promise<{ lost: number; duplicates: number }> {
  const s = await testStation({ dataDir, db: target });
  try {
    const stored = await s.handle.db.selectFrom('checkins').select(['visitor_code', 'day']).execute();
    const seen = new Map<string, number>();
    for (const r of stored) seen.set(`${r.visitor_code}|${r.day}`, (seen.get(`${r.visitor_code}|${r.day}`) ?? 0) + 1);
    const codes = new Set(stored.map((r) => r.visitor_code));
    return { lost: [...acked].filter((c) => !codes.has(c)).length, duplicates: [...seen.values()].filter((n) => n > 1).length };
  } finally {
    await s.close();
  }
}

async function killUnderLoad(kind: 'sqlite' | 'postgres', pgUrl?: string): Promise<void> {
  const target = (dir: string): DbTarget => (kind === 'sqlite' ? { kind: 'sqlite', file: `${dir}/fairdesk.sqlite` } : { kind: 'postgres', url: pgUrl! });
  say(`kill -9 under load (${kind})`);
  const dir = await seeded(target, 4_000);
  let st = await spawnStation({ dataDir: dir, db: pgUrl, role: 'desk', name: 'Chaos desk' });
  let crashes = 0;
  const load = scanLoad(() => [st], 4_000);
  await until('400 check-ins', () => load.acked.size >= 400);
  await st.kill9();
  st = await spawnStation({ dataDir: dir, db: pgUrl, role: 'desk', name: 'Chaos desk' });
  const before = load.acked.size;
  await until('check-ins after the restart', () => load.acked.size >= before + 200);
  await load.end();
  if (st.crashed()) crashes++;
  const rss = st.rssMb();
  await st.stop();
  const { lost, duplicates } = await checkStored(dir, target(dir), load.acked);
  row({ scenario: `kill -9 station under load (${kind})`, acked: load.acked.size, lost, duplicates, crashes, fiveXX: load.fiveXX, rssMb: rss, notes: '8 desks, SIGKILL after 400 acks, restarted' });
}

async function postgresRestart(cluster: Awaited<ReturnType<typeof startTestPostgres>>): Promise<void> {
  say('PostgreSQL restart under load');
  const url = await freshPostgresDatabase(cluster.url);
  const target = (): DbTarget => ({ kind: 'postgres', url });
  const dir = await seeded(target, 4_000);
  const a = await spawnStation({ dataDir: dir, db: url, role: 'desk', name: 'Chaos desk A' });
  const b = await spawnStation({ dataDir: tempDir('fairdesk-chaos-'), db: url, role: 'desk', name: 'Chaos desk B' });
  const load = scanLoad(() => [a, b], 4_000);
  await until('300 check-ins', () => load.acked.size >= 300);
  await cluster.halt();
  await new Promise((r) => setTimeout(r, 1_000));
  await cluster.resume();
  load.markRecovery();
  const before = load.acked.size;
  await until('check-ins after PostgreSQL returned', () => load.acked.size >= before + 300, 120_000);
  await load.end();
  const crashes = Number(a.crashed()) + Number(b.crashed());
  const rss = Math.max(a.rssMb(), b.rssMb());
  await a.stop();
  await b.stop();
  const { lost, duplicates } = await checkStored(dir, target(), load.acked);
  row({ scenario: 'PostgreSQL restarted under load', acked: load.acked.size, lost, duplicates, crashes, fiveXX: load.fiveXX, rssMb: rss, notes: `2 station processes; first ack ${load.recoveredIn()} ms after restart` });
}

async function auditCount(dir: string): Promise<number> {
  const s = await testStation({ dataDir: dir });
  try {
    return Number((await s.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  } finally {
    await s.close();
  }
}

async function fuzz(): Promise<{ dir: string }> {
  const dir = await seeded((d) => ({ kind: 'sqlite', file: `${d}/fairdesk.sqlite` }), 200);
  const before = await auditCount(dir);
  say('fuzz: starting the station');
  const st = await spawnStation({ dataDir: dir, role: 'admin', name: 'Chaos admin' });
  say(`fuzz: ${FUZZ} payloads`);
  let fiveXX = 0;
  let okWrites = 0;
  let invalid = 0;
  const channels = CHANNELS.filter((c) => c !== 'import.registrations.commit');
  const schemas = new Map(channels.map((c) => [c, safeJsonSchema(contract[c].input)]));
  let n = 0;
  const worker = async (w: number) => {
    for (let i = w; i < FUZZ; i += 4) {
      const ch = channels[i % channels.length]!;
      const a = await post(st.port, ch, payloadFor(schemas.get(ch), i), 15_000);
      n++;
      if (n % 1000 === 0) say(`fuzz: ${n}`);
      if (isServerFault(a) || a.status === 0) fiveXX++;
      if (a.body?.ok && contract[ch].write) okWrites++;
      if (a.body?.error?.code === 'invalid_input') invalid++;
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  const crashes = Number(st.crashed());
  const rss = st.rssMb();
  await st.stop();
  const after = await auditCount(dir);
  row({ scenario: `fuzz: ${n} payloads over ${channels.length} channels`, crashes, fiveXX, rejectedWrites: after - before - okWrites, rssMb: rss, notes: `${invalid} invalid_input, ${okWrites} accepted writes` });
  return { dir };
}

function safeJsonSchema(s: z.ZodType): unknown {
  try {
    return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
  } catch {
    return {};
  }
}

function rawSocket(port: number) {
  let text = '';
  let closed = false;
  const sock = net.connect(port, '127.0.0.1');
  sock.setEncoding('utf8');
  sock.on('data', (d: string) => (text += d));
  sock.on('close', () => (closed = true));
  sock.on('error', () => undefined);
  return { sock, got: () => text, closed: () => closed };
}
const statusOf = (t: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(t)?.[1] ?? 0);

async function oversizedAndSlow(dir: string): Promise<void> {
  say('oversized and slow requests');
  const st = await spawnStation({ dataDir: dir, role: 'admin', name: 'Chaos admin' });
  const head = (extra: string) => `POST /api/visitors.search HTTP/1.1\r\nHost: 127.0.0.1:${st.port}\r\nContent-Type: application/json\r\n${extra}\r\n`;
  const notes: string[] = [];
  let fiveXX = 0;
  // Declared over the cap: answered at once.
  const declared = Array.from({ length: 6 }, () => rawSocket(st.port));
  for (const d of declared) d.sock.write(head('Content-Length: 104857700\r\n') + '{"q":"');
  await until('413 for declared bodies', () => declared.every((d) => statusOf(d.got()) !== 0));
  notes.push(`declared 6×100MB: ${declared.map((d) => statusOf(d.got())).join('/')}`);
  // Streamed over the cap in 1 MB chunks.
  const streamed = rawSocket(st.port);
  streamed.sock.write(head('Transfer-Encoding: chunked\r\n'));
  const mb = `100000\r\n${'x'.repeat(0x100000)}\r\n`;
  for (let i = 0; i < 110 && statusOf(streamed.got()) === 0 && !streamed.closed(); i++) {
    // The server stops reading once it has answered: never wait on a drain that will not come.
    if (!streamed.sock.write(mb)) await Promise.race([new Promise((r) => streamed.sock.once('drain', r)), until('the 413', () => statusOf(streamed.got()) !== 0 || streamed.closed(), 30_000).catch(() => undefined)]);
  }
  await until('413 for a streamed body', () => statusOf(streamed.got()) !== 0, 60_000);
  notes.push(`streamed 110MB: ${statusOf(streamed.got())}`);
  // A body that stops, and headers that never end.
  const slowBody = rawSocket(st.port);
  slowBody.sock.write(head('Content-Length: 100\r\n') + '{"q":');
  const slowHead = rawSocket(st.port);
  slowHead.sock.write(`POST /api/system.status HTTP/1.1\r\nHost: 127.0.0.1:${st.port}\r\n`);
  const t0 = Date.now();
  await until('stalled requests closed', () => slowBody.closed() && slowHead.closed(), 60_000);
  notes.push(`stalled body ${statusOf(slowBody.got())}, stalled headers closed, in ${Math.round((Date.now() - t0) / 1000)} s`);
  for (const s of [...declared, streamed, slowBody, slowHead]) {
    if (statusOf(s.got()) >= 500 && statusOf(s.got()) !== 503) fiveXX++;
    s.sock.destroy();
  }
  const alive = await post(st.port, 'system.status', {});
  if (!alive.body?.ok) notes.push('station not answering afterwards');
  row({ scenario: 'oversized and slow requests', crashes: Number(st.crashed()), fiveXX, rssMb: st.rssMb(), notes: notes.join('; ') });

  // 1,000 event-stream clients.
  say('1,000 event-stream clients');
  const clients = Array.from({ length: 1_000 }, () => rawSocket(st.port));
  for (const c of clients) c.sock.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${st.port}\r\n\r\n`);
  await until('every stream answered or dropped', () => clients.every((c) => c.got().length > 0 || c.closed()), 60_000);
  const connected = clients.filter((c) => c.got().includes(': connected')).length;
  const refused = clients.filter((c) => statusOf(c.got()) === 503).length;
  const dropped = clients.filter((c) => c.closed() && !c.got()).length;
  const during = await post(st.port, 'system.status', {});
  const rss = st.rssMb();
  for (const c of clients) c.sock.destroy();
  row({ scenario: '1,000 SSE clients', crashes: Number(st.crashed()), fiveXX: during.body?.ok ? 0 : 1, rssMb: rss, notes: `${connected} streaming, ${refused} refused 503, ${dropped} dropped at the connection cap; API answered: ${!!during.body?.ok}` });
  await st.stop();
}

function printTable(): void {
  const cols: [keyof Row, string][] = [
    ['scenario', 'scenario'],
    ['acked', 'acked'],
    ['lost', 'lost'],
    ['duplicates', 'dup'],
    ['crashes', 'crashes'],
    ['fiveXX', '5xx'],
    ['rejectedWrites', 'writes from rejected'],
    ['rssMb', 'RSS MB after'],
    ['notes', 'notes'],
  ];
  console.log(`\n| ${cols.map((c) => c[1]).join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${cols.map(([k]) => String(r[k])).join(' | ')} |`);
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error('chaos: over its time bound');
    printTable();
    process.exit(2);
  }, DEADLINE_MS);
  const t0 = Date.now();
  const only = process.argv.slice(2);
  const want = (k: string) => only.length === 0 || only.includes(k);
  if (want('kill')) await killUnderLoad('sqlite');
  if (want('pg')) {
    const cluster = await startTestPostgres({ maxConnections: 120 });
    try {
      await killUnderLoad('postgres', await freshPostgresDatabase(cluster.url));
      await postgresRestart(cluster);
    } finally {
      await cluster.stop();
    }
  }
  if (want('fuzz') || want('limits')) {
    const { dir } = want('fuzz') ? await fuzz() : { dir: await seeded((d) => ({ kind: 'sqlite', file: `${d}/fairdesk.sqlite` }), 50) };
    if (want('limits')) await oversizedAndSlow(dir);
  }
  clearTimeout(deadline);
  printTable();
  console.log(`\nchaos: ${Math.round((Date.now() - t0) / 1000)} s`);
  const bad = rows.some((r) => r.lost > 0 || r.duplicates > 0 || r.crashes > 0);
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(`chaos: ${String((e as Error)?.stack ?? e)}`);
  printTable();
  process.exit(2);
});
