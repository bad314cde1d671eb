/**
 * The desk laptop (1366×768, issue 14): every nav tab is on screen (wrapped, none cut
 * off), a search shows more than a handful of results, and after a check-in the reprint
 * reasons are above the fold.
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
interface Box { right: number; bottom: number; left: number }
declare const document: { querySelectorAll(s: string): { getBoundingClientRect(): Box }[] };
declare const window: { innerWidth: number };

test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });

test('nav fits, search lists several, reprint reasons above the fold', async ({ station: server, page }) => {
  // A printer that is never there: the chip and the reprint button show, reasons follow a printed badge.
  const saved = await api<{ status: string; printer: { id: string } }>(server, 'printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: 'tcp://127.0.0.1:9', paperMm: 80, stock: 'roll80' });
  assert.ok((await api(server, 'printing.station.set', { printerId: saved.value!.printer.id, autoPrint: false })).ok);
  await page.goto(server.url + '#/desk');
  await page.getByTestId('scan-input').waitFor();
  const overflow = await page.evaluate(() => [...document.querySelectorAll('.nav button')].filter((b) => b.getBoundingClientRect().right > window.innerWidth || b.getBoundingClientRect().left < 0).length);
  assert.equal(overflow, 0, 'no nav tab cut off');

  await page.getByTestId('search-input').fill('김');
  await page.locator('.desk-search .results li').first().waitFor();
  const visible = await page.evaluate(() => [...document.querySelectorAll('.desk-search .results li')].filter((li) => li.getBoundingClientRect().bottom <= 768).length);
  assert.ok(visible >= 6, `${visible} results visible`);
  await screenshot(page, 'desk-1366-search');
  await page.getByTestId('search-input').fill('');

  // A paper badge counts as printed: then a reprint asks why, and the reasons must be in view.
  await page.getByTestId('scan-input').fill('PPS22-100001');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  assert.ok((await api(server, 'printing.paper.print', { code: 'PPS22-100001', nonce: 'paper-0001-desk' })).ok);
  await page.getByTestId('print-reprint').click();
  await page.getByTestId('print-already').waitFor();
  const bottom = (await page.getByTestId('print-reason-lost').boundingBox())!;
  assert.ok(bottom.y + bottom.height <= 768, `reasons at ${Math.round(bottom.y + bottom.height)} px`);
  await screenshot(page, 'desk-1366-reprint');
});
