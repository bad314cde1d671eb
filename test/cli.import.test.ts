/**
 * The file-import commands as an operator runs them (`npm run cli -- import …`), in a real
 * process on a real data dir: a good file is read and reported; no FILE, or a file that
 * is not there, is one bilingual line and an exit code from both commands alike.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from './helpers/station';

const ROOT = path.resolve(import.meta.dirname, '..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'main/cli/cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, FAIRDESK_LOG: 'warn' },
  });

describe('cli: import registrations / import programme', () => {
  test('a good file, dry run: read and reported by its own name', () => {
    const reg = cli('import', 'registrations', path.join(ROOT, 'test/fixtures/registrations.csv'), '--data', tempDir(), '--dry-run');
    assert.equal(reg.status, 0, reg.stderr);
    assert.match(reg.stdout, /^registrations\.csv: CSV/m);
    assert.match(reg.stdout, /dry run — would insert [1-9]/);

    const prog = cli('import', 'programme', path.join(ROOT, 'test/fixtures/program.csv'), '--data', tempDir(), '--dry-run');
    assert.equal(prog.status, 0, prog.stderr);
    assert.match(prog.stdout, /^checked \(dry run\) program\.csv \(csv, /m);
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
