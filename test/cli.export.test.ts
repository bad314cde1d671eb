/**
 * `npm run cli -- export` as an operator runs it, in a real process on a real data dir:
 * an XLSX that exceljs reads back with the database's rows, a path that cannot be
 * written (one bilingual line, exit 1, nothing left behind), an unknown name (the list).
 */
import path from 'node:path';
import fs from 'node:fs';
import { test } from 'vitest';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { cli } from './helpers/cli';
import { tempDir } from './helpers/station';

const ROOT = path.resolve(import.meta.dirname, '..');

test('cli export: attendance to XLSX, an unwritable path, an unknown export', async () => {
  const data = tempDir();
  assert.equal(cli('import', 'registrations', path.join(ROOT, 'test/fixtures/registrations.csv'), '--data', data).status, 0);

  const out = path.join(tempDir(), 'attendance.xlsx');
  const ok = cli('export', 'attendance', '--out', out, '--data', data);
  assert.equal(ok.status, 0, ok.stderr);
  const rows = Number(/: (\d+) rows →/.exec(ok.stdout)?.[1]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  assert.equal(wb.worksheets[0]!.rowCount, rows + 1);
  assert.ok(rows > 0);

  const blocked = path.join(data, 'station.json', 'x.csv');
  const bad = cli('export', 'checkins', '--out', blocked, '--data', data);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^FairDesk: 이 경로에 쓸 수 없습니다 \/ cannot write to this path: /m);
  assert.equal(fs.existsSync(blocked), false);

  const unknown = cli('export', 'nope', '--out', out, '--data', data);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown export: nope[\s\S]*checkins-by-hour/);
});
