/**
 * One bench process of the venue section (venue.bench.ts): opens `--stations` venue desk
 * stations the way a station process does — each with its own pg pool, LISTEN link,
 * local replica and offline worker (`offline: true`) — waits until every replica has
 * caught up, then scans the codes its parent sends, one at a time per station, through
 * the station's own router (the same path a desk's scanner takes).
 *
 * Talks to the parent over the IPC channel:
 *   ← { type: 'ready' }                          every station open, its replica caught up
 *   → { type: 'go', codes: string[][] }          one list of codes per station
 *   ← { type: 'done', latencies, outcomes, offlineAnswers, endAt, cpuMs, published, delivered }
 *   → { type: 'close' }
 * Times crossing processes are wall-clock ms (performance.timeOrigin + now()).
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../main/core/clock';
import { createStation, type Station } from '../../main/core/station';

/**
 * --cpu-prof DIR on the bench (FAIRDESK_BENCH_PROF here): a V8 CPU profile of this process
 * over the scan window only (start-up, first sync and import left out), one file per process.
 * Wall-clock sampling: on a busy machine a profile also shows where the process was
 * descheduled (socket writes that wake PostgreSQL); read it for JS shares, not for totals.
 */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(file, JSON.stringify(profile));
  };
}

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`--${name} missing`);
  return process.argv[i + 1]!;
}

const wallNow = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const url = arg('url');
  const dir = arg('dir');
  const first = Number(arg('first'));
  const count = Number(arg('stations'));
  const clockAt = arg('clock');
  // --replica off: the station without its replica (every read on PostgreSQL): a comparison.
  const offline = arg('replica') !== 'off';
  const stations: Station[] = [];
  const published: Array<[string, number]> = [];
  const delivered: Array<[string, number]> = [];
  for (let i = first; i < first + count; i++) {
    const st = await createStation(
      { dataDir: path.join(dir, `s${i}`), db: { kind: 'postgres', url } },
      { clock: new FakeClock(clockAt), heartbeat: false, offline, identity: { id: randomUUID(), name: `Bench desk ${i}`, role: 'desk' } },
    );
    st.bus.subscribe((ev) => {
      if (ev.type !== 'checkin.recorded') return;
      if (ev.checkin.stationName === st.identity.name) published.push([ev.code, wallNow()]);
      else delivered.push([ev.code, wallNow()]);
    });
    stations.push(st);
  }
  // Scans start once every replica holds the visitors (the first sync runs beside the start).
  for (const st of stations) {
    for (;;) {
      if (!offline) break;
      const s = st.runtime.offline?.status();
      if (s && s.online && s.replicaAgeMs !== null && s.replicaAgeMs < 1_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  process.send!({ type: 'ready' });

  process.on('message', async (msg: { type: string; codes?: string[][] }) => {
    if (msg.type === 'close') {
      for (const st of stations) await st.close().catch(() => undefined);
      process.exit(0);
    }
    if (msg.type !== 'go') return;
    const latencies: number[] = [];
    const outcomes: Record<string, number> = {};
    let offlineAnswers = 0;
    const profiled = process.env.FAIRDESK_BENCH_PROF ? await startProfile() : null;
    const cpu0 = process.cpuUsage();
    await Promise.all(
      stations.map(async (st, i) => {
        for (const code of msg.codes![i] ?? []) {
          const t = performance.now();
          const r = await st.invoke('checkin.scan', { code, nonce: randomUUID(), method: 'scan' });
          latencies.push(performance.now() - t);
          const key = r.ok ? r.value.status : `error:${r.error.code}`;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          if ((r as { offline?: boolean }).offline) offlineAnswers++;
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    await profiled?.(path.join(process.env.FAIRDESK_BENCH_PROF!, `venue-station-${first}.cpuprofile`));
    const endAt = wallNow();
    // Let the other stations' last notifications land before reporting deliveries.
    await new Promise((r) => setTimeout(r, 1_000));
    process.send!({ type: 'done', latencies, outcomes, offlineAnswers, endAt, cpuMs: (cpu.user + cpu.system) / 1000, published, delivered });
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
