/**
 * The file-import commands as an operator runs them (`npm run cli -- import …`), in a real
 * process on a real data dir: a good file is read and reported; no FILE, or a file that
 * is not there, is one bilingual line and an exit code from both commands alike.
 */
import path from 'node:path';
import fs from 'node:fs';
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { cli, ROOT } from './helpers/cli';
import { tempDir, testStation } from './helpers/station';


describe('cli: import registrations / import programme', () => {
  test('a good file, dry run: read and reported by its own name', () => {
    const reg = cli('import', 'registrations', path.join(ROOT, 'test/fixtures/registrations.csv'), '--data', tempDir(), '--dry-run');
    assert.equal(reg.status, 0, reg.stderr);
    assert.match(reg.stdout, /^registrations\.csv: CSV/m);
    assert.match(reg.stdout, /dry run — would insert [1-9]/);

    const prog = cli('import', 'programme', path.join(ROOT, 'test/fixtures/program.csv'), '--data', tempDir(), '--dry-run');
    assert.equal(prog.status, 0, prog.stderr);
    assert.match(prog.stdout, /^checked \(dry run\) program\.csv \(csv, /m);
    assert.match(prog.stdout, /participant codes: none in this file — arrivals are matched by organisation name/);
  });

  test('import programme says how many meetings list participant codes, and how many of those are registered', () => {
    const lines = fs.readFileSync(path.join(ROOT, 'test/fixtures/program.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const withCodes = [`${lines[0]},판매기업코드,바이어코드`, `${lines[1]},PPS22-900001,PPS22-900002`, ...lines.slice(2).map((l) => `${l},,`)];
    const file = path.join(tempDir(), 'program-codes.csv');
    fs.writeFileSync(file, withCodes.join('\n'));
    const prog = cli('import', 'programme', file, '--data', tempDir(), '--dry-run');
    assert.equal(prog.status, 0, prog.stderr);
    assert.match(prog.stdout, /participant codes: 1 of 144 consultations list them; 0 of 2 codes are registered/);
  });

  test("a kiosk's data dir can be imported into; the CLI does not re-register it as another role", async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'station.json'), JSON.stringify({ id: 'kiosk-1-id', name: 'Kiosk 1', role: 'kiosk' }));
    for (const [what, file] of [['registrations', 'registrations.csv'], ['programme', 'program.csv']]) {
      const r = cli('import', what!, path.join(ROOT, 'test/fixtures', file!), '--data', dataDir);
      assert.equal(r.status, 0, r.stderr);
    }
    const s = await testStation({ dataDir });
    try {
      const rows = await s.handle.db.selectFrom('stations').select(['id', 'role']).execute();
      // The CLI acts for the station without registering it (nor turning it into an admin).
      assert.deepEqual(rows.filter((r) => r.id === 'kiosk-1-id'), []);
      const visitors = await s.handle.db.selectFrom('visitors').select('code').execute();
      assert.ok(visitors.length > 200);
      assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, 'station.json'), 'utf8')).role, 'kiosk');
    } finally {
      await s.close();
    }
  });

  for (const what of ['registrations', 'programme']) {
    test(`${what}: no FILE is a usage line and exit 2; a missing file is one line and exit 1`, () => {
      const none = cli('import', what, '--data', tempDir());
      assert.equal(none.status, 2);
      assert.equal(none.stderr.trim(), `FairDesk: 파일을 지정하세요 / give the file to import: import ${what} FILE --data DIR`);

      const missing = path.join(tempDir(), 'nope.csv');
      const gone = cli('import', what, missing, '--data', tempDir());
      assert.equal(gone.status, 1);
      assert.equal(gone.stderr.trim(), `FairDesk: 파일이 없습니다 / no such file: ${missing}`);

      const dir = cli('import', what, tempDir(), '--data', tempDir());
      assert.equal(dir.status, 1);
      assert.match(dir.stderr.trim(), /^FairDesk: 파일을 읽을 수 없습니다 \/ cannot read the file: /);
    });
  }
});
