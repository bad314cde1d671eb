/**
 * The organiser's console at fair scale: 100k visitors and 300k facts (100k check-ins
 * over three days, 100k hall stamps, 100k audit rows) in a SQLite station.
 *   - dashboard.snapshot p95 (goal ≤ 200 ms), beside the raw limit: the same database's
 *     biggest single aggregate (check-ins grouped by hour) run directly on better-sqlite3
 *     — what one figure cost before the running counts of migration 0025;
 *   - XLSX export of the 100k check-ins (goal ≤ 5 s, memory ≤ 250 MB over the station's
 *     own), beside the raw limit: the same rows already in memory through the same
 *     XML-into-zip writer (no database, no neutralising, no paging); the exporter's own
 *     reading and exceljs' streaming writer on the same rows are printed to show where
 *     the time goes.
 *
 *   npm run bench -- --only organiser [--visitors 100000] [--snapshots 40]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import type { BenchSection } from './index';
import { countFlag, figure, machineNote, summarize } from '../stats';
import { createStation } from '../../main/core/station';
import { FakeClock } from '../../main/core/clock';
import { runExport } from '../../main/services/reports/export.service';
import { findExporter } from '../../main/services/reports/exporters';
import { writeXlsx } from '../../main/services/reports/xlsx-stream';
import type { Cell } from '../../main/services/reports/exporter.types';

const require = createRequire(import.meta.url);
const GOAL_SNAPSHOT_P95_MS = 200;
const GOAL_EXPORT_S = 5;
const GOAL_EXPORT_MB = 250;
const CATS = ['visitor', 'public_buyer', 'corporate_buyer', 'foreign_buyer', 'exhibitor', 'press', 'vip', 'staff'];
const DAYS = ['2022-04-13', '2022-04-14', '2022-04-15'];

/** Peak resident memory while `fn` runs, sampled every 20 ms. */
async function peakRss<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage().rss;
  const h = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const v = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return [v, peak];
  } finally {
    clearInterval(h);
  }
}

export const organiserBench: BenchSection = {
  name: 'organiser',
  doc: 'dashboard refresh and XLSX export at 100k visitors / 300k facts (issue 17)',
  async run(flags) {
    const visitors = countFlag(flags.visitors, 100_000);
    const snapshots = countFlag(flags.snapshots, 40);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-bench-organiser-'));
    const file = path.join(dir, 'fairdesk.sqlite');
    const clock = new FakeClock('2022-04-14T15:00:00+09:00');
    const station = await createStation({ dataDir: dir, db: { kind: 'sqlite', file } }, { clock, heartbeat: false, identity: { id: randomUUID(), name: 'Console', role: 'admin' } });
    try {
      console.log(`  ${machineNote()}`);
      // Seeded straight into the tables (the import has its own bench): only rows the reports read.
      const t0 = performance.now();
      const raw = new (require('better-sqlite3') as typeof import('better-sqlite3'))(file);
      raw.pragma('journal_mode = WAL');
      const desks = Array.from({ length: 12 }, (_, i) => ({ id: randomUUID(), name: `Desk ${i + 1}` }));
      const seed = raw.transaction(() => {
        const v = raw.prepare(`insert into visitors (code, name_ko, name_en, organisation, org_norm, title, category, phone, phone_last4, email, country, registered_days, consent, walk_in, row_hash, created_at, updated_at) values (?, ?, null, ?, null, null, ?, ?, ?, ?, null, ?, 1, ?, 'x', '2022-04-01T00:00:00Z', '2022-04-01T00:00:00Z')`);
        const d = raw.prepare('insert into visitor_days (visitor_code, day) values (?, ?)');
        const c = raw.prepare('insert into checkins (id, visitor_code, day, station_id, station_name, method, nonce, reason, at) values (?, ?, ?, ?, ?, ?, ?, null, ?)');
        const s = raw.prepare("insert into rally_stamps (id, visitor_code, point_id, station_id, station_name, method, nonce, at, day, hour) values (?, ?, ?, 'stamp', 'Stamp', 'scan', ?, ?, ?, ?)");
        const a = raw.prepare("insert into audit_log (id, at, station_id, channel, entity_id, detail) values (?, ?, ?, 'checkin.scan', ?, '{\"method\":\"scan\"}')");
        for (let i = 0; i < visitors; i++) {
          const code = `PPS22-${String(100000 + i)}`;
          const phone = `010-${String(1000 + (i % 9000))}-${String(i % 10000).padStart(4, '0')}`;
          v.run(code, `방문객${i}`, `기관${i % 500}`, CATS[i % CATS.length], phone, phone.slice(-4), `user${i}@example.com`, DAYS.join(';'), i % 20 === 0 ? 1 : 0);
          for (const day of DAYS) d.run(code, day);
          const day = DAYS[i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2]!;
          // 09:00–17:59 local = 00:00–08:59 UTC.
          const at = `${day}T0${Math.floor((i * 7) % 9)}:${String((i * 13) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`;
          const desk = desks[i % desks.length]!;
          c.run(randomUUID(), code, day, desk.id, desk.name, i % 20 === 0 ? 'walk_in' : 'scan', randomUUID(), at);
          s.run(randomUUID(), code, ['hall3', 'hall4', 'hall5'][i % 3], randomUUID(), at, day, `${day} 1${i % 8}`);
          a.run(randomUUID(), at, desk.id, code);
        }
      });
      seed();
      console.log(`  seeded ${visitors} visitors, ${visitors * 3} facts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      // Dashboard refresh, as the screen calls it.
      await station.invoke('dashboard.snapshot', {});
      const snap: number[] = [];
      for (let i = 0; i < snapshots; i++) {
        const t = performance.now();
        const r = await station.invoke('dashboard.snapshot', {});
        snap.push(performance.now() - t);
        if (!r.ok) throw new Error(r.error.message);
      }
      const byHour = raw.prepare('select substr(at, 1, 13) as h, count(*) as n from checkins group by substr(at, 1, 13)');
      const rawMs: number[] = [];
      for (let i = 0; i < snapshots; i++) {
        const t = performance.now();
        byHour.all();
        rawMs.push(performance.now() - t);
      }
      const s = summarize(snap);
      const rs = summarize(rawMs);
      figure('dashboard.snapshot p95', Math.round(s.p95 * 10) / 10, 'ms', { max: GOAL_SNAPSHOT_P95_MS });
      figure('raw limit: one GROUP BY hour over the check-ins, p95', Math.round(rs.p95 * 10) / 10, 'ms');
      console.log(`  → snapshot = ${(s.p95 / rs.p95).toFixed(2)} × the raw single aggregate (the whole snapshot, ~17 reads, against one GROUP BY: the counts of migration 0025 replace the aggregates)`);

      // XLSX export of the check-ins.
      global.gc?.();
      const base = process.memoryUsage().rss;
      const out = path.join(dir, 'checkins.xlsx');
      const t1 = performance.now();
      const [res, peak] = await peakRss(() => runExport({ db: station.handle.db, stationId: station.identity.id, role: 'admin', now: () => clock.now(), runtime: station.runtime }, { name: 'checkins', format: 'xlsx', personal: true, out }));
      const exportS = (performance.now() - t1) / 1000;
      figure(`XLSX export of ${res.rows} check-ins`, Math.round(exportS * 100) / 100, 's', { max: GOAL_EXPORT_S });
      figure('memory during the export (peak RSS over the station before it)', Math.round((peak - base) / 1024 / 1024), 'MB', { max: GOAL_EXPORT_MB });
      console.log(`  peak RSS of the whole bench process: ${Math.round(peak / 1024 / 1024)} MB; file ${Math.round(res.bytes / 1024)} KB`);

      // Where the time goes: the exporter's own paging (database + local times, nothing
      // written), then the physical limit of the format — the same rows from memory through
      // the same XML-into-zip writer (no database, no neutralising) — and, for reference,
      // exceljs' streaming writer on those rows.
      const exporter = findExporter('checkins')!;
      const q = { db: station.handle.db, timeZone: 'Asia/Seoul', personal: true, now: clock.now(), runtime: station.runtime };
      const tr = performance.now();
      const pages: (readonly Cell[][])[] = [];
      for await (const page of exporter.pages(q)) pages.push(page);
      const rows = pages.flat();
      const readS = (performance.now() - tr) / 1000;
      figure('  of which reading the rows (the exporter paging the database, nothing written)', Math.round(readS * 100) / 100, 's');
      // The reading's own physical limit: the same keyset query, page by page, straight on
      // better-sqlite3 (no kysely, no local times, no cells).
      const pageSql = raw.prepare('select c.at, c.id, c.day, c.visitor_code, v.name_ko, v.organisation, v.category, c.station_name, c.method, c.reason from checkins c join visitors v on v.code = c.visitor_code where (c.at, c.id) > (?, ?) order by c.at, c.id limit 2000');
      const tq = performance.now();
      for (let after: { at: string; id: string } = { at: '', id: '' }; ; ) {
        const page = pageSql.all(after.at, after.id) as { at: string; id: string }[];
        if (page.length < 2000) break;
        after = page[page.length - 1]!;
      }
      const rawReadS = (performance.now() - tq) / 1000;
      figure('  raw limit of the reading: the same keyset query on better-sqlite3, nothing written', Math.round(rawReadS * 100) / 100, 's');
      const t2 = performance.now();
      await writeXlsx(fs.createWriteStream(path.join(dir, 'raw.xlsx')), [{ name: 'raw', header: exporter.columns.map((c) => c.key), pages }]);
      const rawS = (performance.now() - t2) / 1000;
      figure('raw limit: the same rows from memory through the same XLSX writer', Math.round(rawS * 100) / 100, 's');
      const t3 = performance.now();
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(dir, 'exceljs.xlsx'), useSharedStrings: false, useStyles: false });
      const ws = wb.addWorksheet('raw');
      for (const r of rows) ws.addRow(r).commit();
      ws.commit();
      await wb.commit();
      const exceljsS = (performance.now() - t3) / 1000;
      figure('for reference: exceljs streaming writer, same rows from memory', Math.round(exceljsS * 100) / 100, 's');
      console.log(`  → export = ${(exportS / rawS).toFixed(2)} × the raw write, ${(exportS / (rawS + rawReadS)).toFixed(2)} × raw read + raw write; reading = ${(readS / rawReadS).toFixed(2)} × its raw query (${(readS / exportS * 100).toFixed(0)} % of the export); exceljs alone = ${(exceljsS / rawS).toFixed(1)} × the raw write`);
      raw.close();
    } finally {
      await station.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
