/**
 * Badges as a venue uses them: a real station server (rehearsal clock on the first
 * sample day) with the sample registrations, the virtual printer on loopback, and
 * Chromium. Staff add the printer in the console, turn on print-on-check-in, check a
 * visitor in at the desk — and the printer's PNG is a badge whose QR is the code.
 * Then the printer is switched off and on: check-in goes on, nothing is lost, nothing
 * prints twice.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from '@playwright/test';
import { api, screenshot, SCREENSHOTS, type RunningServer } from '../helpers/e2e';
import { qrOf } from '../helpers/printed';
import { test, usePrinter } from './fixtures';

/** Keeps a printed badge next to the screenshots, to be looked at. */
function keep(file: string, name: string): void {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.copyFileSync(file, path.join(SCREENSHOTS, `${name}.png`));
}

/** The desk with this test's printer printing at check-in; `code` checked in there, its badge printed. */
async function checkedInWithBadge(page: Page, server: RunningServer, code: string): Promise<void> {
  await page.goto(server.url + '#/desk');
  await page.getByTestId('scan-input').waitFor();
  await page.getByTestId('scan-input').fill(code);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  await page.locator('[data-testid="print-job-state"][data-state="printed"]').waitFor();
}

test.describe('badge printing (browser + virtual printer)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 900 } });

  test('staff add the printer and turn on printing at check-in', async ({ station: server, printer: vp, page }) => {
    await page.goto(server.url + '#/printers');
    await page.getByTestId('printer-add').click();
    await page.getByTestId('pf-name').fill('데스크 1 프린터');
    await page.getByTestId('pf-address').fill(`tcp://127.0.0.1:${vp.port}`);
    // A 58 mm printer cannot take the 80 mm badge: said plainly, nothing saved.
    await page.getByTestId('pf-paper').selectOption('58');
    await page.getByTestId('pf-save').click();
    await page.getByTestId('printers-msg').filter({ hasText: '80mm' }).waitFor();
    await page.getByTestId('pf-paper').selectOption('80');
    await page.getByTestId('pf-save').click();
    await page.getByTestId('printer-row').waitFor();
    const printerId = await page.getByTestId('my-printer').locator('option').nth(1).getAttribute('value');
    await page.getByTestId('my-printer').selectOption(printerId!);
    await page.getByTestId('printer-row').filter({ hasText: 'Desk 1' }).waitFor();
    await page.getByTestId('my-autoprint').click();
    await page.locator('[data-testid="my-autoprint"]:checked').waitFor();
    await page.getByTestId('printer-test').click();
    const [testPage] = await vp.waitForJobs(1, 120_000);
    assert.equal(qrOf(testPage!.file), 'TEST-PRINT');
    await page.getByText('정상').first().waitFor();
    await screenshot(page, 'badge-printers-screen');
  });

  test('check-in at the desk prints a badge whose QR is the registration code', async ({ station: server, printer: vp, page }) => {
    await usePrinter(server, vp.port, { autoPrint: true });
    await page.goto(server.url + '#/desk');
    await page.getByTestId('scan-input').waitFor();
    await page.getByTestId('scan-input').fill('PPS22-100001');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
    const jobs = await vp.waitForJobs(1, 120_000);
    const badge = jobs[0]!.file;
    assert.equal(qrOf(badge), 'PPS22-100001');
    keep(badge, 'badge-printed-PPS22-100001');
    await page.locator('[data-testid="print-job-state"][data-state="printed"]').waitFor();
    await screenshot(page, 'badge-desk-printed');
  });

  test('reprint asks why and warns that a badge was already printed', async ({ station: server, printer: vp, page }) => {
    await usePrinter(server, vp.port, { autoPrint: true });
    await checkedInWithBadge(page, server, 'PPS22-100001');
    await vp.waitForJobs(1, 120_000);
    await page.getByTestId('print-reprint').click();
    await page.getByTestId('print-already').waitFor();
    const warning = await page.getByTestId('print-already').innerText();
    assert.match(warning, /09:30/);
    assert.match(warning, /Desk 1/);
    await screenshot(page, 'badge-reprint-warning');
    assert.equal(vp.jobs.length, 1, 'nothing printed before a reason is given');
    await page.getByTestId('print-reason-lost').click();
    const jobs = await vp.waitForJobs(2, 120_000);
    assert.equal(qrOf(jobs[1]!.file), 'PPS22-100001');
  });

  test('printer off: check-in goes on; printer on: the waiting badges print, once each', async ({ station: server, printer: vp, page }) => {
    // A desk whose printer was printing: one badge out before it goes off.
    await usePrinter(server, vp.port, { autoPrint: true });
    await checkedInWithBadge(page, server, 'PPS22-100001');
    await page.locator('[data-testid="print-chip-state"][data-online="1"]').waitFor();
    await vp.waitForJobs(1, 120_000);
    await vp.setMode('offline');
    const before = vp.jobs.length;
    for (const code of ['PPS22-100005', 'PPS22-100003']) {
      await page.getByTestId('scan-input').fill(code);
      await page.keyboard.press('Enter');
      await page.locator(`[data-testid="outcome"][data-status="checked_in"]`).filter({ hasText: code }).waitFor();
    }
    await page.locator('[data-testid="print-chip-state"][data-online="0"]').waitFor();
    await screenshot(page, 'badge-desk-printer-offline');
    assert.equal(vp.jobs.length, before);

    await vp.setMode('ok');
    const jobs = await vp.waitForJobs(before + 2, 120_000);
    assert.deepEqual(jobs.slice(before).map((j) => qrOf(j.file)), ['PPS22-100005', 'PPS22-100003']);
    keep(jobs[before]!.file, 'badge-printed-PPS22-100005-foreign');
    await page.locator('[data-testid="print-chip-state"][data-online="1"]').waitFor();
    // Nothing more arrives: no badge printed twice.
    const log = await api<{ jobs: Array<{ code: string | null; state: string }> }>(server, 'printing.log', { limit: 50 });
    const badges = log.value!.jobs.filter((j) => j.code !== null);
    assert.equal(badges.length, 3, 'the one printed before, and the two that waited');
    assert.ok(badges.every((j) => j.state === 'printed'));
    assert.equal(vp.jobs.length, before + 2);
  });

  test('badge design screen shows the printer raster', async ({ station: server, page }) => {
    await page.goto(server.url + '#/badges');
    await page.getByTestId('bp-category').selectOption('foreign_buyer');
    await page.getByTestId('bp-stock').selectOption('label100x60');
    await page.waitForFunction(() => {
      const img = (globalThis as unknown as { document: { querySelector(s: string): { naturalWidth: number } | null } }).document.querySelector('[data-testid="bp-image"]');
      return img?.naturalWidth === 800;
    });
    await screenshot(page, 'badge-design-screen');
  });
});
