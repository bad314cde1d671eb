/**
 * Exports after a scripted day, on SQLite and PostgreSQL: every exporter read back —
 * XLSX parsed with exceljs, CSV through our own registration reader — and its totals
 * compared with direct database counts; walk-ins round-trip into a fresh station's
 * registration import; formula-looking cells are neutralised; personal columns only
 * for admin; every export is an audit fact; an unwritable path leaves no file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { scriptedDay, WALK_INS, type ScriptedDay } from './helpers/organiser-day';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';
import { readTable } from '../main/services/import/tabular';
import { importRegistrationsFile } from '../main/services/import/import.handlers';
import { neutraliseCell } from '../main/services/reports/neutralise';
import { EXPORTERS } from '../main/services/reports/exporters';
import { runExport } from '../main/services/reports/export.service';

type TS = Station & { clock: FakeClock; dataDir: string };

test('neutraliseCell: = + - @ TAB CR and their full-width forms become text; other cells and numbers are untouched', () => {
  for (const s of ['=1+2', '+82', '-3', '@SUM(A1)', '\tx', '\rx', '＝1', '＋1', '－1', '＠A']) assert.equal(neutraliseCell(s), `'${s}`);
  for (const s of ['김은희', 'a=b', '010-1234-5678', '', ' =x']) assert.equal(neutraliseCell(s), s);
  assert.equal(neutraliseCell(-5), -5);
  assert.equal(neutraliseCell(null), null);
});

async function xlsxRows(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

const count = async (s: TS, q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(s.handle.db)).rows[0]!.n);

for (const tdb of testDatabases()) {
  describe(`exports (${tdb.name})`, () => {
    let admin: TS;
    let target: DbTarget;
    let day: ScriptedDay;
    let outDir: string;

    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      admin = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: target });
      day = await scriptedDay(tdb, admin, target);
      outDir = tempDir('fairdesk-exports-');
    });
    after(async () => {
      await day.close();
      await admin.close();
    });

    test('every exporter, as XLSX and CSV, reads back with the same rows; totals match the database', async () => {
      const checkins = await count(admin, 'select count(*) as n from checkins');
      assert.ok(checkins > 200, `scripted day checked in ${checkins}`);
      const expected: Record<string, number> = {
        checkins,
        'walk-ins': await count(admin, 'select count(*) as n from visitors where walk_in = 1'),
        'print-log': await count(admin, 'select count(*) as n from print_jobs'),
        stamps: await count(admin, 'select count(*) as n from rally_stamps'),
        redemptions: await count(admin, 'select count(*) as n from rally_redemptions'),
      };
      assert.equal(expected['walk-ins'], WALK_INS.length);
      assert.ok(expected.redemptions! > 0 && expected.stamps! >= 30);
      for (const e of EXPORTERS) {
        const x = must(await admin.invoke('reports.export', { name: e.name, format: 'xlsx', personal: true }));
        const c = must(await admin.invoke('reports.export', { name: e.name, format: 'csv', personal: true }));
        const xr = await xlsxRows(x.path);
        const table = await readTable(fs.readFileSync(c.path), c.fileName);
        assert.equal(table.encoding, 'utf-8-bom');
        assert.equal(xr.length - 1, x.rows, `${e.name}: xlsx rows`);
        assert.equal(table.rows.length, c.rows, `${e.name}: csv rows`);
        // The XLSX export is itself an audit fact, so the audit log's CSV (taken after it) has one row more.
        assert.equal(c.rows, x.rows + (e.name === 'audit-log' ? 1 : 0), e.name);
        assert.deepEqual(xr[0], table.headers, `${e.name}: same header in both formats`);
        if (expected[e.name] !== undefined) assert.equal(x.rows, expected[e.name], `${e.name} rows = database count`);
        if (e.name === 'checkins-by-hour') {
          const total = xr.slice(1).reduce((a: number, r) => a + Number(r[4]), 0);
          assert.equal(total, checkins, 'the aggregate adds up to every check-in');
          const perDay = await sql<{ day: string; n: number }>`select day, count(*) as n from checkins group by day`.execute(admin.handle.db);
          for (const d of perDay.rows) {
            assert.equal(xr.slice(1).filter((r) => r[0] === d.day).reduce((a: number, r) => a + Number(r[4]), 0), Number(d.n), d.day);
          }
          assert.ok(new Set(xr.slice(1).map((r) => r[2])).size >= 3, 'several hours');
          assert.ok(xr.slice(1).some((r) => r[3] === 'Desk 2'), 'both desks');
        }
        if (e.name === 'attendance') {
          const rows = xr.slice(1);
          assert.equal(rows.reduce((a: number, r) => a + Number(r[3]), 0), checkins);
          assert.equal(rows.reduce((a: number, r) => a + Number(r[2]), 0), await count(admin, 'select count(*) as n from visitor_days'));
          assert.equal(rows.reduce((a: number, r) => a + Number(r[4]), 0), WALK_INS.length);
        }
        if (e.name === 'audit-log') assert.ok(x.rows >= checkins, 'every check-in is in the audit log');
      }
    });

    test('formula-looking cells are neutralised in both formats; plain cells are untouched', async () => {
      for (const format of ['xlsx', 'csv'] as const) {
        const r = must(await admin.invoke('reports.export', { name: 'checkins', format, personal: true }));
        const rows = format === 'xlsx' ? (await xlsxRows(r.path)).map((row) => row.map((v) => (v == null ? '' : String(v)))) : (await readTable(fs.readFileSync(r.path), r.fileName)).rows.map((x) => x.cells);
        const cells = rows.flat();
        assert.ok(cells.includes("'=1+2"), `${format}: the formula name is text`);
        assert.ok(cells.includes('\'＝HYPERLINK("http://x")'), `${format}: the full-width formula too`);
        assert.ok(!cells.some((v) => /^[=+\-@\t\r＝＋－＠]/.test(v)), `${format}: no cell starts a formula`);
        assert.ok(cells.includes('현장일'), 'plain names as they are');
      }
    });

    test('walk-ins round-trip: the CSV is the registration import layout and a fresh station imports it', async () => {
      const r = must(await admin.invoke('reports.export', { name: 'walk-ins', format: 'csv', personal: true }));
      const fresh = await testStation({ role: 'admin', db: await tdb.target(tempDir()) });
      try {
        const res = await importRegistrationsFile(fresh, fs.readFileSync(r.path), r.fileName);
        assert.equal(res.summary?.inserted, WALK_INS.length);
        assert.equal(res.preview.rejectedTotal, 0);
        const mine = await admin.handle.db.selectFrom('visitors').selectAll().where('walk_in', '=', 1).orderBy('code').execute();
        const theirs = await fresh.handle.db.selectFrom('visitors').selectAll().orderBy('code').execute();
        const shape = (v: (typeof mine)[number]) => [v.code, v.name_en, v.phone, v.email, v.category, v.registered_days, v.consent, v.title === '@SUM(A1)' ? "'@SUM(A1)" : v.title];
        assert.deepEqual(theirs.map(shape), mine.map(shape));
        // Names come back as written, except the one neutralised on purpose (a leading apostrophe).
        assert.deepEqual(theirs.map((v) => v.name_ko), mine.map((v) => (v.name_ko.startsWith('=') ? `'${v.name_ko}` : v.name_ko)));
      } finally {
        await fresh.close();
      }
    });

    test('CP949 on request: the same rows, readable by the importer as CP949', async () => {
      const r = must(await admin.invoke('reports.export', { name: 'checkins', format: 'csv', encoding: 'cp949', personal: true }));
      const bytes = fs.readFileSync(r.path);
      assert.notEqual(bytes[0], 0xef, 'no UTF-8 BOM');
      const table = await readTable(bytes, r.fileName);
      assert.equal(table.encoding, 'cp949');
      assert.equal(table.rows.length, r.rows);
      assert.ok(iconv.decode(bytes, 'cp949').includes('현장일'));
    });

    test('personal columns only for admin: a floor console gets none, even when it asks', async () => {
      const floor = { station: { id: 'floor-station', name: 'Floor', role: 'floor' as const } };
      const list = must(await admin.router.invoke(floor, 'reports.list', {}));
      assert.ok(list.every((e) => e.columns.every((c) => !c.personal)));
      const r = must(await admin.router.invoke(floor, 'reports.export', { name: 'walk-ins', format: 'csv', personal: true }));
      assert.equal(r.personal, false);
      const text = fs.readFileSync(r.path, 'utf8');
      for (const w of WALK_INS) {
        assert.ok(!text.includes(w.phone) && !text.includes(w.email) && !text.includes(w.nameKo), 'no name, phone or e-mail');
      }
      assert.ok(!text.split('\r\n')[0]!.includes('성명'));
      const desk = { station: { id: 'desk-station', name: 'Desk', role: 'desk' as const } };
      assert.equal((await admin.router.invoke(desk, 'reports.export', { name: 'checkins', format: 'csv' })).ok, false, 'a desk takes no exports');
    });

    test('every export is an audit fact: which export, format, rows, and whether personal columns were in it', async () => {
      const before = await count(admin, "select count(*) as n from audit_log where channel = 'reports.export'");
      const r = must(await admin.invoke('reports.export', { name: 'attendance', format: 'xlsx', personal: false }));
      const rows = await admin.handle.db.selectFrom('audit_log').selectAll().where('channel', '=', 'reports.export').orderBy('at', 'desc').orderBy('id', 'desc').execute();
      assert.equal(rows.length, before + 1);
      const last = rows.find((x) => x.entity_id === 'attendance' && JSON.parse(x.detail!).format === 'xlsx' && JSON.parse(x.detail!).personal === false);
      assert.ok(last);
      assert.deepEqual(JSON.parse(last.detail!), { format: 'xlsx', encoding: 'utf8', rows: r.rows, bytes: r.bytes, personal: false });
      assert.equal(last.station_id, admin.identity.id);
    });

    test('audit search: pages of 25 cover every fact once, newest first; filters by station, channel and visitor', async () => {
      const total = await count(admin, 'select count(*) as n from audit_log');
      const seen = new Set<string>();
      let before: { at: string; id: string } | undefined;
      let last = '\uffff';
      for (;;) {
        const page = must(await admin.invoke('audit.search', { limit: 25, before }));
        for (const r of page.rows) {
          assert.ok(!seen.has(r.id));
          assert.ok(r.at <= last, 'newest first');
          last = r.at;
          seen.add(r.id);
        }
        if (!page.next) break;
        before = page.next;
      }
      assert.equal(seen.size, total);
      const desk2 = day.peers[0]!.identity.id;
      const byDesk = must(await admin.invoke('audit.search', { stationId: desk2, channel: 'checkin.scan', limit: 200 }));
      assert.equal(byDesk.rows.length, await count(admin, `select count(*) as n from audit_log where station_id = '${desk2}' and channel = 'checkin.scan'`));
      assert.ok(byDesk.rows.length > 10 && byDesk.rows.every((r) => r.stationId === desk2));
      const code = (await admin.handle.db.selectFrom('checkins').select('visitor_code').where('day', '=', '2022-04-14').where('method', '=', 'scan').limit(1).executeTakeFirstOrThrow()).visitor_code;
      const visitor = must(await admin.invoke('audit.search', { entityId: code }));
      assert.ok(visitor.rows.length >= 1 && visitor.rows.every((r) => r.entityId === code));
      assert.equal((visitor.rows.find((r) => r.channel === 'checkin.scan')?.detail as { day?: string } | undefined)?.day, '2022-04-14', 'the detail of the fact');
      const window = must(await admin.invoke('audit.search', { from: '2022-04-14T00:00:00+09:00', to: '2022-04-15T00:00:00+09:00', limit: 200 }));
      assert.ok(window.rows.length > 0 && window.rows.every((r) => r.at >= '2022-04-13T15:00:00.000Z' && r.at < '2022-04-14T15:00:00.000Z'));
      const facets = must(await admin.invoke('audit.facets', {}));
      assert.ok(facets.channels.includes('checkin.scan') && facets.stations.some((s) => s.id === admin.identity.id));
    });

    test('an unwritable path: a clear failure, no file under the name, no temp file left; an unknown export: not_found', async () => {
      const blocker = path.join(outDir, 'not-a-folder');
      fs.writeFileSync(blocker, 'x');
      const out = path.join(blocker, 'checkins.xlsx');
      await assert.rejects(
        runExport({ db: admin.handle.db, stationId: admin.identity.id, role: 'admin', now: () => admin.clock.now(), runtime: admin.runtime }, { name: 'checkins', format: 'xlsx', personal: true, out }),
        (e: { code?: string; details?: { reason?: string } }) => e.code === 'conflict' && e.details?.reason === 'unwritable',
      );
      assert.equal(fs.existsSync(out), false);
      const r = await admin.invoke('reports.export', { name: 'no-such-export', format: 'csv' });
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, 'not_found');
      assert.deepEqual(fs.readdirSync(path.join(admin.dataDir, 'exports')).filter((f) => f.endsWith('.part')), []);
    });
  });
}
