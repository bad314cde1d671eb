/**
 * Staff consoles show venue alerts as they happen: here a printer that goes offline
 * and comes back, pushed to a desk console in Chromium.
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

test.describe('staff alerts on the console', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30' }, viewport: { width: 1366, height: 800 } });

  test('a printer going offline and coming back is announced, and can be acknowledged', async ({ station: server, page, printer: vp }) => {
    const saved = await api<{ status: string; printer: { id: string } }>(server, 'printing.printers.save', {
      name: '입구 프린터',
      kind: 'epson',
      interface: `tcp://127.0.0.1:${vp.port}`,
      paperMm: 80,
      stock: 'roll80',
    });
    assert.equal(saved.value?.status, 'saved', JSON.stringify(saved));
    const printerId = saved.value!.printer.id;
    await page.goto(server.url + '#/desk');
    await page.getByTestId('scan-input').waitFor();
    assert.equal(await page.getByTestId('staff-alerts').count(), 0, 'no alerts before anything happens');

    await vp.setMode('offline');
    const queued = await api(server, 'printing.testPage', { printerId, nonce: 'alert-test-page-1' });
    assert.ok(queued.ok, JSON.stringify(queued));
    const offline = page.getByTestId('staff-alerts').getByText('입구 프린터');
    await offline.first().waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId('staff-alerts').innerText(), /연결 끊김/);
    await screenshot(page, 'alerts-printer-offline');

    await vp.setMode('ok');
    await page.getByTestId('staff-alerts').getByText('다시 연결됨').waitFor({ timeout: 30_000 });
    await screenshot(page, 'alerts-printer-back');

    // Acknowledging removes alerts one by one; the scan field keeps working meanwhile.
    const buttons = page.getByTestId('staff-alerts').getByRole('button');
    while ((await buttons.count()) > 0) await buttons.first().click();
    assert.equal(await page.getByTestId('staff-alerts').count(), 0);
  });
});
