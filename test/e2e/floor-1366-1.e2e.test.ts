/**
 * The floor manager's desk laptop (1366×768, issue 14): with 36 tables running, the
 * working view fits one screen — the clock, "start round", the arrival scan and all 36
 * tables with each one's actions are visible without scrolling; the list of late SMEs
 * is one line that opens on a tap.
 */
import assert from 'node:assert/strict';
import { boardProgrammeCsv } from '../../bench/sections/board.bench';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
interface Box { top: number; bottom: number; left: number; right: number; width: number; height: number }
interface El { getBoundingClientRect(): Box; getAttribute(n: string): string | null }
declare const document: { querySelectorAll(s: string): El[]; documentElement: { scrollHeight: number; scrollWidth: number } };
declare function getComputedStyle(e: unknown): { fontSize: string };

test.use({ stationOptions: { role: 'admin', name: 'Floor 1', clock: '2022-04-13T10:00:30' }, viewport: { width: 1366, height: 768 } });

test('36 tables and the key actions fit one desk screen', async ({ station: server, page }) => {
  const imp = await api<{ tables: number }>(server, 'programme.import.commit', { fileName: 'board.csv', dataBase64: Buffer.from(boardProgrammeCsv()).toString('base64') });
  assert.ok(imp.ok, JSON.stringify(imp.error));
  assert.equal(imp.value!.tables, 36);
  await page.goto(server.url + '#/floor');
  await page.locator('[data-testid="floor-table"]').nth(35).waitFor();
  // The round called: 36 tables wait for their participants (the late list is long), each card with its buttons.
  await page.getByTestId('round-start').click();
  await page.getByTestId('floor-notice').waitFor();
  await page.getByTestId('floor-late').waitFor();

  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await screenshot(page, 'floor-1366');
  assert.ok(height <= 768, `page is ${height} px tall`);
  assert.ok(width <= 1366, `page is ${width} px wide`);

  const inView = (sel: string) =>
    page.evaluate((s) => [...document.querySelectorAll(s)].filter((e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.top >= 0 && b.bottom <= 768 && b.left >= 0 && b.right <= 1366; }).length, sel);
  for (const id of ['floor-clock', 'round-start', 'floor-scan', 'floor-scan-table', 'length-toggle', 'rehearsal-input', 'rehearsal-set', 'floor-notice', 'floor-late', 'outcome-panel'])
    assert.equal(await inView(`[data-testid="${id}"]`), 1, `${id} in view`);
  assert.equal(await inView('[data-testid="floor-table"]'), 36, 'all 36 tables in view');
  // Every table's start, +5 min, no-show and both arrival marks in view.
  for (const id of ['act-advance', 'act-delay', 'act-no_show', 'arrived-seller', 'arrived-buyer']) assert.equal(await inView(`[data-testid="${id}"]`), 36, `${id} on all 36 tables`);
  const countFont = await page.locator('.fc-count').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(countFont >= 18, `countdown at ${countFont} px`);
  const nameFont = await page.locator('.fc header b').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(nameFont >= 14, `table name at ${nameFont} px`);

  // The late list is one line; a tap shows every late SME.
  const oneLine = (await page.getByTestId('floor-late').boundingBox())!.height;
  await page.getByTestId('floor-late').click();
  await page.locator('[data-testid="floor-late"][aria-expanded="true"]').waitFor();
  assert.ok((await page.getByTestId('floor-late').boundingBox())!.height > oneLine * 2, 'the late list opens');
  assert.match(await page.getByTestId('floor-late').innerText(), /화상상담실 부스6/);
  await screenshot(page, 'floor-1366-late-open');
});
