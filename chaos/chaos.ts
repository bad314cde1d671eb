/**
 * `npm run chaos` — the station under deliberate abuse, on loopback only, bounded in time
 * and count (not part of npm test; it takes a few minutes and a lot of CPU):
 *
 *   kill -9 a station under load (SQLite, then PostgreSQL); PostgreSQL restarted under
 *   load with two station processes; the last units of a gift redeemed from three station
 *   processes at once (SQLite file shared, and PostgreSQL); fuzzed payloads over every channel, generated from
 *   the contract's zod schemas; oversized and slow requests; 1,000 event-stream clients.
 *
 * Prints one table (acknowledged facts lost, duplicates, crashes, 5xx/internal answers,
 * audit rows written by rejected payloads, station memory after) and exits 1 on any loss, over-given unit,
 * duplicate or crash. FAIRDESK_CHAOS_FUZZ sets the fuzz count (default 10,000).
 */
import fs from 'node:fs';
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
  overGiven: number | string;
  rssMb: number | string;
  notes: string;
}
const rows: Row[] = [];
const say = (m: string) => console.error(`chaos: ${m}`);
const row = (r: Partial<Row> & { scenario: string }) => rows.push({ acked: '-', lost: 0, duplicates: 0, overGiven: '-', crashes: 0, fiveXX: 0, rejectedWrites: '-', rssMb: '-', notes: '', ...r });
// Generous: a shared machine at load 30 is slow, not wrong; the whole run stays bounded by DEADLINE_MS.
const until = async (what: string, fn: () => boolean | Promise<boolean>, ms = 180_000) => {
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
  await until('check-ins after PostgreSQL returned', () => load.acked.size >= before + 300);
  await load.end();
  const crashes = Number(a.crashed()) + Number(b.crashed());
  const rss = Math.max(a.rssMb(), b.rssMb());
  await a.stop();
  await b.stop();
  const { lost, duplicates } = await checkStored(dir, target(), load.acked);
  row({ scenario: 'PostgreSQL restarted under load', acked: load.acked.size, lost, duplicates, crashes, fiveXX: load.fiveXX, rssMb: rss, notes: `2 station processes; first ack ${load.recoveredIn()} ms after restart` });
}

/**
 * The last units of a gift, redeemed from several station processes at once on one
 * database (a SQLite file the processes share, or PostgreSQL). Each visitor is scanned
 * at two desks on different stations at the same moment (two nonces), and one answer is
 * "lost" and retried with its nonce at a third station. Over-given: units handed out
 * beyond stock (active redemptions over stock, or stock + leases + given ≠ stock set);
 * duplicates: a visitor holding two active redemptions, or two nonces both answered
 * "redeemed" with different redemptions; lost: an acknowledged redemption not stored.
 */
async function giftRace(kind: 'sqlite' | 'postgres', pgUrl?: string): Promise<void> {
  say(`gift-stock race across station processes (${kind})`);
  const STOCK = 20;
  const VISITORS = 60;
  const STATIONS = 3;
  const DESKS = 4;
  const gcode = (i: number) => `GIFT-${String(100000 + i)}`;
  const dir = tempDir('fairdesk-chaos-');
  const target: DbTarget = kind === 'sqlite' ? { kind: 'sqlite', file: `${dir}/fairdesk.sqlite` } : { kind: 'postgres', url: pgUrl! };
  const admin = await testStation({ dataDir: dir, db: target });
  try {
    await seed(admin, Array.from({ length: VISITORS }, (_, i) => visitor({ code: gcode(i), nameKo: `선물${i}` })));
    const s = await admin.invoke('rally.setup.get', {});
    if (!s.ok) throw new Error(`chaos: rally.setup.get ${s.error.code}`);
    // Anyone qualifies, once per event, from one pool for the day: every desk draws the same last units.
    const pen = { id: 'chaospen', labelKo: '볼펜', labelEn: 'Pen', rule: { all: [], anyOf: [], everyone: true }, stock: STOCK, stockScope: 'day' as const, perVisitor: 'event' as const, active: true, sort: 99 };
    const saved = await admin.invoke('rally.setup.save', { ...s.value, gifts: [...s.value.gifts, pen], settings: { ...s.value.settings, notCheckedIn: 'allow' as const } });
    if (!saved.ok) throw new Error(`chaos: rally.setup.save ${saved.error.code}`);
    // PostgreSQL gift desks lease offline units out of the same pool: keep a small lease in the race.
    if (kind === 'postgres') {
      const r = await admin.invoke('offline.gift.rule.set', { giftId: pen.id, onlineOnly: false, leaseUnits: 2 });
      if (!r.ok) throw new Error(`chaos: offline.gift.rule.set ${r.error.code}`);
    }
  } finally {
    await admin.close();
  }
  // SQLite: every station has its own data folder (its own identity) with the one database file linked in.
  const dataDirs = Array.from({ length: STATIONS }, (_, k) => {
    if (k === 0 || kind === 'postgres') return k === 0 ? dir : tempDir('fairdesk-chaos-');
    const d = tempDir('fairdesk-chaos-');
    fs.symlinkSync(`${dir}/fairdesk.sqlite`, `${d}/fairdesk.sqlite`);
    return d;
  });
  const stations = await Promise.all(dataDirs.map((d, k) => spawnStation({ dataDir: d, db: pgUrl, role: 'gift', name: `Chaos gift ${k + 1}` })));
  const answers: { visitor: string; nonce: string; id: string; offline: boolean; station: number }[] = [];
  let fiveXX = 0;
  let retries = 0;
  let outOfStock = 0;
  let offlineAnswers = 0;
  const redeem = async (st: StationProcess, c: string, nonce: string) => {
    for (let tries = 0; tries < 200; tries++) {
      const a = await post(st.port, 'rally.gift.redeem', { code: c, giftId: 'chaospen', nonce }, 15_000);
      if (isServerFault(a)) {
        fiveXX++;
        say(`gift race: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
      }
      if (a.body?.ok) {
        const v = a.body.value as { status: string; redemption?: { id: string } };
        const offline = (a.body as { offline?: boolean }).offline === true;
        if (offline) offlineAnswers++;
        if (v.status === 'redeemed') answers.push({ visitor: c, nonce, id: v.redemption!.id, offline, station: stations.indexOf(st) });
        else if (v.status === 'out_of_stock') outOfStock++;
        else if (v.status !== 'already_redeemed') throw new Error(`chaos: unexpected redeem answer ${v.status}`);
        return;
      }
      // Refused for the moment (database busy or restarting) or dropped: the desk taps again, same nonce.
      retries++;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
    }
    throw new Error(`chaos: redeem ${c} never answered`);
  };
  // Gift stations lease first on PostgreSQL: wait until every station answers.
  for (const st of stations) await until('gift station answering', async () => (await post(st.port, 'system.status', {})).body?.ok === true);
  // Each station has DESKS gift desks, each scanning one badge at a time as a desk does. Visitor i
  // comes to desk i % DESKS of three stations at once: two desks (two nonces) and a retried answer.
  const t0 = Date.now();
  const queues = new Map<string, (() => Promise<void>)[]>();
  for (let i = 0; i < VISITORS; i++) {
    const c = gcode(i);
    const jobs: [number, string][] = [[0, `chaos-gift-${i}-a`], [1, `chaos-gift-${i}-b`], [2, `chaos-gift-${i}-a`]];
    for (const [k, nonce] of jobs) {
      const s = (i + k) % STATIONS;
      const key = `${s}/${i % DESKS}`;
      queues.set(key, [...(queues.get(key) ?? []), () => redeem(stations[s]!, c, nonce)]);
    }
  }
  await Promise.all(
    [...queues.values()].map(async (q) => {
      for (const job of q) await job();
    }),
  );
  const ms = Date.now() - t0;
  const crashes = stations.reduce((n, st) => n + Number(st.crashed()), 0);
  const rss = Math.max(...stations.map((st) => st.rssMb()));
  await Promise.all(stations.map((st) => st.stop()));
  for (const [k, st] of stations.entries()) for (const line of st.stderr().split('\n').filter((l) => /offline|"level":"error"/.test(l) && !/slow query|print queue/.test(l)).slice(-5)) say(`gift race: station ${k}: ${line.slice(0, 300)}`);

  const check = await testStation({ dataDir: tempDir('fairdesk-chaos-'), db: target, event: null });
  try {
    const db = check.handle.db;
    const active = await db
      .selectFrom('rally_redemptions as r')
      .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
      .select(['r.id', 'r.visitor_code'])
      .where('r.gift_id', '=', 'chaospen')
      .where('u.id', 'is', null)
      .execute();
    const pool = await db.selectFrom('rally_gift_stock').select((eb) => eb.fn.sum<number>('remaining').as('n')).where('gift_id', '=', 'chaospen').executeTakeFirst();
    const leased = kind === 'postgres' ? await db.selectFrom('offline_gift_leases').select((eb) => eb.fn.sum<number>('units').as('n')).where('gift_id', '=', 'chaospen').executeTakeFirst() : { n: 0 };
    const stored = new Set(active.map((r) => r.id));
    const perVisitor = new Map<string, Set<string>>();
    for (const r of active) perVisitor.set(r.visitor_code, (perVisitor.get(r.visitor_code) ?? new Set()).add(r.id));
    for (const a of answers) perVisitor.set(a.visitor, (perVisitor.get(a.visitor) ?? new Set()).add(a.id));
    const duplicates = [...perVisitor.values()].filter((ids) => ids.size > 1).length;
    for (const [v, ids] of perVisitor) if (ids.size > 1) say(`gift race: ${v} holds ${[...ids].map((id) => `${id.slice(0, 8)}${stored.has(id) ? '' : ' (not stored)'}${answers.find((a) => a.id === id)?.offline ? ' (offline answer)' : ''}`).join(', ')}`);
    for (const a of answers) if (!stored.has(a.id)) say(`gift race: acked ${a.visitor} ${a.id.slice(0, 8)} at station ${a.station}${a.offline ? ' offline' : ''} is not stored`);
    const lost = new Set(answers.filter((a) => !stored.has(a.id)).map((a) => a.id)).size;
    const accounted = Number(pool?.n ?? 0) + Number(leased?.n ?? 0) + active.length;
    const overGiven = Math.max(0, active.length - STOCK, new Set(answers.map((a) => a.id)).size - STOCK) + (accounted === STOCK ? 0 : Math.abs(accounted - STOCK));
    row({
      scenario: `gift-stock race, ${STATIONS} station processes (${kind})`,
      acked: new Set(answers.map((a) => a.id)).size,
      lost,
      duplicates,
      overGiven,
      crashes,
      fiveXX,
      rssMb: rss,
      notes: `stock ${STOCK}, ${VISITORS} visitors each at 2 desks of ${STATIONS * DESKS} at once + a retried nonce; given ${active.length}, left ${Number(pool?.n ?? 0)}, leased ${Number(leased?.n ?? 0)}; ${outOfStock} out of stock; ${offlineAnswers} answered offline; ${retries} busy/dropped retried; ${ms} ms`,
    });
  } finally {
    await check.close();
  }
}

async function auditByChannel(dir: string): Promise<Map<string, number>> {
  const s = await testStation({ dataDir: dir });
  try {
    const rows = await s.handle.db.selectFrom('audit_log').select(['channel', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('channel').execute();
    return new Map(rows.map((r) => [r.channel, Number(r.n)]));
  } finally {
    await s.close();
  }
}

async function fuzz(): Promise<{ dir: string }> {
  const dir = await seeded((d) => ({ kind: 'sqlite', file: `${d}/fairdesk.sqlite` }), 200);
  const beforeBy = await auditByChannel(dir);
  const okBy = new Map<string, number>();
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
      // Accepted calls of any channel: a read may be audited too (reports.export names who exported).
      if (a.body?.ok) okBy.set(ch, (okBy.get(ch) ?? 0) + 1);
      if (a.body?.error?.code === 'invalid_input') invalid++;
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  const crashes = Number(st.crashed());
  const rss = st.rssMb();
  await st.stop();
  const afterBy = await auditByChannel(dir);
  // Audit rows beyond accepted calls, per channel (a refused call must write nothing). Only
  // the router's own rows can be matched to calls — one per accepted write. Rows a service
  // writes under another name are shown but not counted: reports.export's row for each
  // file (privacy.bundle writes one per exporter), a purge run's "done".
  const extra = [...afterBy].map(([c, k]) => [c, k - (beforeBy.get(c) ?? 0) - (okBy.get(c) ?? 0)] as const).filter(([, k]) => k !== 0);
  if (extra.length) say(`fuzz: audit rows beyond accepted calls: ${extra.map(([c, k]) => `${c} ${k}`).join(', ')}`);
  const routerWrite = (c: string) => {
    const def = (contract as Record<string, { write: boolean; batched?: boolean } | undefined>)[c];
    return !!def && def.write && !def.batched;
  };
  const rejectedWrites = extra.filter(([c]) => routerWrite(c)).reduce((a, [, k]) => a + Math.max(0, k), 0);
  row({ scenario: `fuzz: ${n} payloads over ${channels.length} channels`, crashes, fiveXX, rejectedWrites, rssMb: rss, notes: `${invalid} invalid_input, ${okWrites} accepted writes` });
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
    ['overGiven', 'over-given'],
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
  if (want('gift')) await giftRace('sqlite');
  if (want('pg') || want('gift')) {
    const cluster = await startTestPostgres({ maxConnections: 120 });
    try {
      if (want('pg')) await killUnderLoad('postgres', await freshPostgresDatabase(cluster.url));
      if (want('gift')) await giftRace('postgres', await freshPostgresDatabase(cluster.url));
      if (want('pg')) await postgresRestart(cluster);
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
  const bad = rows.some((r) => r.lost > 0 || r.duplicates > 0 || r.crashes > 0 || (typeof r.overGiven === 'number' && r.overGiven > 0));
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(`chaos: ${String((e as Error)?.stack ?? e)}`);
  printTable();
  process.exit(2);
});
