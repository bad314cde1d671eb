/**
 * The organiser downloads a report from a browser station (the download route behind the
 * server's Host/token checks) and looks a visitor up in the audit log, in Chromium at
 * 1366×768.
 */
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

// waitForFunction callbacks run in the page; Node's type library has no DOM.
declare const document: { querySelector(sel: string): { getAttribute(name: string): string | null } | null };

test.describe('reports and audit screens', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Console', clock: '2022-04-13T10:30', registrations: true }, viewport: { width: 1366, height: 768 }, acceptDownloads: true });

  // Every test's own station: the registrations and three check-ins.
  test.beforeEach(async ({ station: server }) => {
    for (const [i, code] of ['PPS22-100001', 'PPS22-100002', 'PPS22-100003'].entries()) {
      const r = await api(server, 'checkin.scan', { code, nonce: `e2e-report-${i}-nonce` });
      assert.ok(r.ok, JSON.stringify(r));
    }
  });

  test('pick check-ins, XLSX, with personal columns: the browser downloads a workbook with the names', async ({ station: server, page }) => {
    await page.goto(server.url + '#/reports');
    await page.getByTestId('report-checkins').click();
    await page.getByTestId('reports-personal').check();
    await screenshot(page, 'reports-screen');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-export').click()]);
    assert.match(download.suggestedFilename(), /^checkins-\d{8}-\d{6}\.xlsx$/);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.rowCount, 4, 'header + three check-ins');
    assert.ok(JSON.stringify(ws.getRow(1).values).includes('성명'));
    assert.ok(JSON.stringify(ws.getRow(2).values).includes('김은희'));
    await page.getByTestId('reports-done').waitFor();
    await screenshot(page, 'reports-done');
  });

  test('the download route refuses an unknown id and a bad one', async ({ station: server }) => {
    const base = server.url.replace(/\/(\?.*)?$/, '');
    assert.equal((await fetch(`${base}/reports/download/AAAAAAAAAAAAAAAA`)).status, 404);
    assert.equal((await fetch(`${base}/reports/download/..%2Fstation.json`)).status, 404);
  });

  test('audit viewer: filter by a visitor shows their check-in with its detail; by channel shows the export', async ({ station: server, page }) => {
    // This test's own export with personal columns (the XLSX test above takes its own on its own station).
    const exported = await api(server, 'reports.export', { name: 'checkins', format: 'xlsx', personal: true });
    assert.ok(exported.ok, JSON.stringify(exported));
    await page.goto(server.url + '#/audit');
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('audit-entity').fill('PPS22-100002');
    await page.getByTestId('audit-search').click();
    // The unfiltered table already lists check-ins: wait for the filtered answer itself, not for
    // any 'checkin.scan' row (read too early on a fresh clone, it still held PPS22-100001).
    await page.waitForFunction(() => {
      const t = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid="audit-table"]')?.textContent ?? '';
      return t.includes('checkin.scan') && t.includes('PPS22-100002') && !t.includes('PPS22-100001');
    });
    const text = await page.getByTestId('audit-table').innerText();
    assert.ok(text.includes('PPS22-100002') && !text.includes('PPS22-100001'), text);
    await screenshot(page, 'audit-visitor');
    await page.getByTestId('audit-entity').fill('');
    await page.getByTestId('audit-channel').selectOption('reports.export');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-table').getByText('"personal":true').waitFor();
  });

  test('close the fair: the purge says it must wait; a person found by e-mail is erased from the screen', async ({ station: server, page }) => {
    await page.goto(server.url + '#/closing');
    await page.getByTestId('closing-summary').waitFor();
    await page.getByTestId('closing-sure').check();
    await page.getByTestId('closing-start').click();
    await page.getByText('부터 파기할 수 있습니다').waitFor();
    await page.getByTestId('closing-lookup').fill('user2@example.com');
    await page.getByRole('button', { name: '찾기' }).click();
    await page.getByTestId('closing-person').getByText('PPS22-100002').waitFor();
    await screenshot(page, 'closing-screen');
    await page.getByTestId('closing-person').getByRole('button').click();
    await page.getByTestId('closing-person').getByText('파기됨').waitFor().catch(async (e) => { await screenshot(page, 'closing-fail'); throw e; });
    const person = await page.getByTestId('closing-person').innerText();
    assert.ok(!person.includes('user2@example.com') && !person.includes('010-9320-9005'), person);
  });

  test('live dashboard: arrivals drawn by the chart; a new check-in shows without reloading', async ({ station: server, page }) => {
    await page.goto(server.url + '#/dashboard');
    const chart = page.getByTestId('dash-entrances');
    await chart.waitFor();
    const points = async () => (await chart.getAttribute('data-points')) ?? '';
    await page.waitForFunction(() => document.querySelector('[data-testid="dash-entrances"]')?.getAttribute('data-points') === '3');
    await screenshot(page, 'dashboard');
    // A walk-in is always a check-in today (a registered code may be registered for another day).
    const r = await api(server, 'visitors.walkIn', { nonce: 'e2e-dash-live-1', nameKo: '현장방문', phone: '010-7777-0001', category: 'visitor', consent: true });
    assert.ok(r.ok, JSON.stringify(r));
    await page.waitForFunction(() => document.querySelector('[data-testid="dash-entrances"]')?.getAttribute('data-points') === '4');
    assert.equal(await points(), '4');
  });
});
