/**
 * The README's "Try it in five minutes", step by step, as a new user follows it on a
 * fresh SQLite data folder: the CLI sets the sample fair, the station starts as admin
 * with the rehearsal clock, then every numbered step in the browser — import, desk,
 * virtual printer (its own CLI process), programme + floor (moving the clock as the
 * README says), the board, the waiting area and the kiosk, all from the admin station.
 * The README text is read here too, so a step renamed there without the product (or the
 * other way round) fails this test.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { screenshot } from '../helpers/e2e';
import { cli, ROOT } from '../helpers/cli';
import { tempDir } from '../helpers/station';
import { until } from '../helpers/until';
import { test } from './fixtures';

declare const document: { body: { innerText: string }; activeElement: { getAttribute(n: string): string | null } | null };

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const FIVE = README.slice(README.indexOf('## Try it in five minutes'), README.indexOf('## A day at the venue'));

/** The README's shell lines of the five-minute section. */
function readmeCommand(startsWith: string): string[] {
  const line = FIVE.split('\n').find((l) => l.startsWith(startsWith));
  assert.ok(line, `the README's five-minute path has a line starting "${startsWith}"`);
  return line.replace(/#.*$/, '').trim().split(/\s+/);
}

/** `npm run virtual-printer -- --port P --out DIR` as its own process; resolves with its port. */
async function virtualPrinter(outDir: string) {
  const proc = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'main/printing/virtual-printer.cli.ts'), '--port', '0', '--out', outDir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const port = await until('the virtual printer to listen', async () => Number(/tcp:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? 0), 60_000);
  return { port, stop: () => new Promise<void>((r) => (proc.exitCode !== null ? r() : (proc.once('exit', () => r()), proc.kill('SIGTERM')))) };
}

test.use({ viewport: { width: 1366, height: 768 } });

test('README five-minute path on a fresh SQLite station, literally', async ({ startStation, page, newPage }) => {
  // ── the two shell lines ──
  const set = readmeCommand('npm run cli -- event set');
  assert.deepEqual(set.slice(0, 5), ['npm', 'run', 'cli', '--', 'event']);
  const dataDir = tempDir('fairdesk-readme-');
  const r = cli(...set.slice(4).map((w) => (w === '/tmp/fairdesk-try' ? dataDir : w)));
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const start = readmeCommand('npm start --');
  const flag = (name: string) => start[start.indexOf(name) + 1]!;
  assert.equal(flag('--role'), 'admin');
  const server = await startStation({ dataDir, event: null, role: flag('--role'), clock: flag('--clock') });
  const printed = path.join(dataDir, 'printed');
  let printer: Awaited<ReturnType<typeof virtualPrinter>> | null = null;
  try {
    const tid = (id: string) => page.getByTestId(id);
    const nav = (label: RegExp) => page.locator('nav.nav button').filter({ hasText: label });

    // ── 1. Import registrations ──
    assert.match(FIVE, /\*\*사전등록 가져오기 Import registrations\*\* → pick `test\/fixtures\/registrations\.csv`/);
    await page.goto(server.url);
    await nav(/사전등록 가져오기/).click();
    await tid('import-file').setInputFiles(path.join(ROOT, 'test/fixtures/registrations.csv'));
    await tid('import-sample').waitFor();
    await tid('import-rejected').waitFor();
    await tid('import-apply').click();
    await tid('import-result').waitFor({ timeout: 60_000 });
    await screenshot(page, 'readme-1-import');

    // ── 2. Check-in desk ──
    assert.match(FIVE, /\*\*입실 데스크 Check-in desk\*\* → type `PPS22-100001` \+ Enter/);
    await nav(/입실 데스크/).click();
    const scan = async (code: string) => {
      await tid('scan-input').fill(code);
      await tid('scan-input').press('Enter');
    };
    await scan('PPS22-100001');
    const firstAt = Date.now();
    await page.getByTestId('outcome').filter({ hasText: '입실 완료' }).waitFor();
    // "Again" as a person does it: the desk takes the same code within 1.5 s as one scanner
    // read (DeskScreen SAME_SCAN_MS), so the second entry comes after that window.
    await until('the same-scan window to pass', async () => Date.now() - firstAt > 1600);
    await scan('PPS22-100001');
    await page.getByTestId('outcome').filter({ hasText: '이미 입실' }).waitFor();
    for (const q of FIVE.match(/Search `([^`]+)`, `([^`]+)`, `([^`]+)`/)!.slice(1)) {
      await tid('search-input').fill(q);
      await tid('search-results').filter({ hasText: '김은희' }).waitFor();
    }
    await screenshot(page, 'readme-2-desk');

    // ── 3. Virtual printer + Printers ──
    assert.match(FIVE, /`npm run virtual-printer -- --port 9100 --out \.\/printed`/);
    printer = await virtualPrinter(printed);
    await nav(/프린터/).first().click();
    await tid('printer-add').click();
    await tid('pf-name').fill('데스크 프린터');
    await tid('pf-address').fill(`tcp://127.0.0.1:${printer.port}`);
    await tid('pf-save').click();
    await tid('printer-row').waitFor();
    const printerId = await tid('my-printer').locator('option').nth(1).getAttribute('value');
    await tid('my-printer').selectOption(printerId!);
    await tid('printer-row').filter({ hasText: server.output().match(/station "([^"]+)"/)?.[1] ?? '' }).first().waitFor();
    await tid('my-autoprint').check();
    await nav(/입실 데스크/).click();
    await scan('PPS22-100002');
    await page.getByTestId('outcome').filter({ hasText: '입실 완료' }).waitFor();
    await until('a badge PNG in ./printed', async () => fs.existsSync(printed) && fs.readdirSync(printed).some((f) => f.endsWith('.png')), 30_000);

    // ── 4. Programme, Floor (the clock moved as the README says), board, waiting ──
    assert.match(FIVE, /\*\*일정 가져오기 Programme\*\* → `test\/fixtures\/program\.csv`/);
    await nav(/일정 가져오기/).click();
    await tid('programme-file').setInputFiles(path.join(ROOT, 'test/fixtures/program.csv'));
    await tid('programme-apply').click();
    await tid('programme-summary').waitFor();
    const clockTo = /리허설 시계 Rehearsal clock\*\* → `(\d{4}-\d\d-\d\d) (\d\d:\d\d)`/.exec(FIVE);
    assert.ok(clockTo, 'the floor step says how to move the clock');
    await nav(/상담장 운영/).click();
    await tid('round-start').waitFor();
    assert.equal(await tid('round-start').isDisabled(), true, 'at the start clock there is no round yet — hence the README step');
    await tid('rehearsal-input').fill(`${clockTo[1]}T${clockTo[2]}`);
    await tid('rehearsal-set').click();
    await until('the round button to offer a round', async () => !(await tid('round-start').isDisabled()));
    const card = page.locator('[data-testid="floor-table"][data-table="상담테이블 1"]');
    await card.getByTestId('arrived-seller').click();
    await card.locator('[data-testid="arrived-seller"].here').waitFor();
    await card.getByTestId('arrived-buyer').click();
    await card.locator('[data-testid="arrived-buyer"].here').waitFor();
    await tid('round-start').click();
    await tid('floor-notice').waitFor();
    assert.match(await tid('floor-notice').innerText(), /1/);
    await until('table 1 running', async () => (await card.getAttribute('data-phase')) !== 'scheduled' && (await card.getAttribute('data-phase')) !== '');
    await screenshot(page, 'readme-4-floor');

    const board = await newPage({ viewport: { width: 1920, height: 1080 } });
    await board.goto(server.url + '#/board');
    await board.getByTestId('board').waitFor();
    await board.locator('[data-testid="board-table"][data-table="상담테이블 1"]').waitFor();
    await screenshot(board, 'readme-4-board');
    await board.goto(server.url + '#/waiting');
    await board.waitForFunction(() => document.body.innerText.length > 20);
    await screenshot(board, 'readme-4-waiting');

    // ── the kiosk, from the same admin station ──
    assert.match(FIVE, /`#\/kiosk`/);
    const kiosk = await newPage({ viewport: { width: 1080, height: 1920 } });
    await kiosk.goto(server.url + '#/kiosk');
    await kiosk.getByTestId('welcome').waitFor();
    await kiosk.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'kiosk-scan');
    await kiosk.keyboard.type('PPS22-100003', { delay: 2 });
    await kiosk.keyboard.press('Enter');
    await kiosk.getByTestId('confirm').waitFor();
    await screenshot(kiosk, 'readme-5-kiosk');
  } finally {
    await printer?.stop();
  }
});
