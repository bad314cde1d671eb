/**
 * Foundation: importing 100k registrations (CP949 CSV), search as you type per query
 * kind, and check-in by scan — all through the router (station.invoke), as the shells
 * call it, on a fresh SQLite station with the rehearsal clock on the first fair day.
 *
 *   npm run bench -- --only foundation [--rows 100000] [--queries 2000] [--keep FILE]
 * --keep writes the generated CP949 file to FILE, to try the import screen by hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BenchSection } from './index';
import { countFlag, figure, machineNote, summarize, timed, timedCpu } from '../stats';
import { generateRegistrations, registrationsCsv, EVENT_DAYS, type GeneratedRegistration } from '../generate-registrations';
import { FakeClock } from '../../main/core/clock';
import { createStation, type Station } from '../../main/core/station';
import { importRegistrationsFile } from '../../main/services/import/import.handlers';
import { chosung } from '../../main/services/visitors/search-keys';

const GOAL_IMPORT_MS = 3000;
const GOAL_MS = 5;

/** The query kinds staff type at the desk, each drawn from a random registrant. */
type QueryMaker = [label: string, make: (r: GeneratedRegistration) => string | null];
const korean = (r: GeneratedRegistration) => r.given !== null;
const QUERY_MAKERS: QueryMaker[] = [
  ['name (full)', (r) => (korean(r) ? r.nameKo : null)],
  ['name (partial: surname + 1)', (r) => (korean(r) ? Array.from(r.nameKo).slice(0, 2).join('') : null)],
  ['given name (2 syllables)', (r) => r.given],
  ['초성', (r) => (korean(r) ? chosung(r.nameKo) : null)],
  ['English name', (r) => (r.nameEn ? r.nameEn.split(' ')[1]!.slice(0, 5).toLowerCase() : null)],
  // A distinctive middle part, as staff type "토지주택" for 한국토지주택공사.
  ['organisation', (r) => {
    const o = r.organisation.replace(/\(주\)|주식회사|\s/g, '');
    const chars = Array.from(o);
    return chars.length >= 4 ? chars.slice(1, 4).join('') : o;
  }],
  ['e-mail', (r) => r.email.slice(0, r.email.indexOf('@') + 1)],
  ['registration code', (r) => r.code.toLowerCase()],
  ['phone last 4', (r) => r.phone.replace(/\D/g, '').slice(-4)],
];

async function openStation(dir: string): Promise<Station> {
  return createStation(
    { dataDir: dir, db: { kind: 'sqlite', file: path.join(dir, 'fairdesk.sqlite') } },
    {
      clock: new FakeClock('2022-04-13T09:30:00+09:00'),
      heartbeat: false,
      identity: { id: randomUUID(), name: 'Bench desk', role: 'admin' },
    },
  );
}

export const foundationBench: BenchSection = {
  name: 'foundation',
  doc: 'registrations import, search per query kind, check-in (SQLite, through the router)',
  async run(flags) {
    const n = countFlag(flags.rows, 100_000);
    const queries = countFlag(flags.queries, 2000);
    const scans = countFlag(flags.scans, 3000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-bench-'));
    try {
      const [rows, genMs] = await timed(async () => generateRegistrations(n));
      const bytes = registrationsCsv(rows);
      const file = typeof flags.keep === 'string' ? path.resolve(flags.keep) : path.join(dir, `registrations-${n}.csv`);
      fs.writeFileSync(file, bytes);
      console.log(`  ${machineNote()}`);
      console.log(`  generated ${n.toLocaleString()} registrations in ${Math.round(genMs)} ms: ${(bytes.length / 1e6).toFixed(1)} MB CP949 → ${file}`);

      const station = await openStation(dir);
      try {
        const [res, importMs] = await timed(() => importRegistrationsFile(station, fs.readFileSync(file), path.basename(file)));
        console.log(`  import: ${res.summary!.inserted.toLocaleString()} inserted, ${res.preview.rejectedTotal} rejected (parse+preview ${Math.round(res.parseMs)} ms, apply ${Math.round(res.applyMs)} ms)`);
        figure(`import ${n.toLocaleString()} registrations`, Math.round(importMs), 'ms', { max: GOAL_IMPORT_MS });

        // Deterministic sampling, so runs compare.
        let seed = 7;
        const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
        for (const [label, make] of QUERY_MAKERS) {
          const qs: string[] = [];
          for (let guard = 0; qs.length < queries && guard < queries * 50; guard++) {
            const q = make(rows[Math.floor(random() * rows.length)]!);
            if (q) qs.push(q);
          }
          const samples: number[] = [];
          const cpu: number[] = [];
          let hits = 0;
          for (const q of qs) {
            const [r, ms, cpuMs] = await timedCpu(() => station.invoke('visitors.search', { q, limit: 20 }));
            if (!r.ok) throw new Error(`search "${label}" failed: ${r.error.code} ${r.error.message}`);
            hits += r.value.hits.length;
            samples.push(ms);
            cpu.push(cpuMs);
          }
          const s = summarize(samples);
          figure(`search ${label} p50`, s.p50, 'ms', { max: GOAL_MS });
          figure(`search ${label} p95`, s.p95, 'ms', { max: GOAL_MS });
          console.log(`    (${s.n} queries, ${(hits / s.n).toFixed(1)} hits each, max ${s.max.toFixed(1)} ms, cpu p95 ${summarize(cpu).p95.toFixed(2)} ms)`);
        }

        const today = EVENT_DAYS[0]!;
        const todays = rows.filter((r) => r.days.includes(today));
        const first: number[] = [];
        const firstCpu: number[] = [];
        const again: number[] = [];
        const scanned: string[] = [];
        for (let i = 0; i < scans && i < todays.length; i++) {
          const code = todays[Math.floor(random() * todays.length)]!.code;
          const [r, ms, cpuMs] = await timedCpu(() => station.invoke('checkin.scan', { code, nonce: randomUUID(), method: 'scan' }));
          if (!r.ok) throw new Error(`check-in failed: ${r.error.code} ${r.error.message}`);
          if (r.value.status === 'checked_in') {
            first.push(ms);
            firstCpu.push(cpuMs);
          } else again.push(ms);
          scanned.push(code);
        }
        for (const code of scanned.slice(0, Math.min(1000, scanned.length))) {
          const [r, ms] = await timed(() => station.invoke('checkin.scan', { code, nonce: randomUUID(), method: 'scan' }));
          if (!r.ok || r.value.status !== 'already_checked_in') throw new Error(`repeat scan of ${code} was ${r.ok ? r.value.status : r.error.code}`);
          again.push(ms);
        }
        const c = summarize(first);
        figure('check-in (first scan) p50', c.p50, 'ms', { max: GOAL_MS });
        figure('check-in (first scan) p95', c.p95, 'ms', { max: GOAL_MS });
        const a = summarize(again);
        figure('repeat scan ("already checked in") p95', a.p95, 'ms', { max: GOAL_MS });
        console.log(`    (${c.n} check-ins, ${a.n} repeat scans, check-in cpu p95 ${summarize(firstCpu).p95.toFixed(2)} ms; each commit is fsynced: synchronous=FULL)`);
      } finally {
        await station.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
