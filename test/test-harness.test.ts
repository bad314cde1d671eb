/**
 * The test harness itself: a PostgreSQL that cannot start fails the run loudly — the
 * PostgreSQL half of the suite is never dropped in silence.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const envWithout = (...names: string[]) => Object.fromEntries(Object.entries(process.env).filter(([k]) => !names.includes(k)));

test('scripts/test.mjs: a test PostgreSQL that cannot start fails the run with a clear message (no test runs on SQLite alone)', () => {
  // No usable temp dir: the throwaway cluster cannot be created.
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/test.mjs'), 'test/rally.rule.test.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...envWithout('FAIRDESK_TEST_PG', 'FAIRDESK_TEST_NO_PG'), FAIRDESK_SKIP_TYPECHECK: '1', TMPDIR: path.join(ROOT, 'no-such-dir', 'tmp') },
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /FAILED: the test PostgreSQL could not start/);
  assert.doesNotMatch(r.stdout, /passed|✓/, 'no test ran');
});

test('testDatabases(): without a server and without an explicit opt-out, a test file fails instead of skipping PostgreSQL', () => {
  const script = `import { testDatabases } from ${JSON.stringify(path.join(ROOT, 'test/helpers/databases.ts'))}; console.log(testDatabases().map((d) => d.name).join(','));`;
  const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
  const missing = run(envWithout('FAIRDESK_TEST_PG', 'FAIRDESK_TEST_NO_PG'));
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /No test PostgreSQL/);
  const optedOut = run({ ...envWithout('FAIRDESK_TEST_PG'), FAIRDESK_TEST_NO_PG: '1' });
  assert.equal(optedOut.stdout.trim(), 'sqlite', optedOut.stderr);
  const withServer = run({ ...envWithout('FAIRDESK_TEST_NO_PG'), FAIRDESK_TEST_PG: 'postgres://u:p@127.0.0.1:1/x' });
  assert.equal(withServer.stdout.trim(), 'sqlite,postgres', withServer.stderr);
});
