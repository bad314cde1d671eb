/**
 * Two badges for one visitor (issue 14), at the desk laptop's size (1366×768): the
 * virtual printer on loopback is switched off, a visitor is checked in (their badge
 * waits), staff press reprint — the desk says the badge is waiting, not "already
 * printed", and nothing new is queued. The printer is switched on: one badge comes out,
 * and the waiting / not-connected notes give way to "printed".
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { qrOf } from '../helpers/printed';
import { until } from '../helpers/until';
import { test } from './fixtures';

test.describe('desk reprint while the printer is off (1366×768)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });

  test('printer off → check in → reprint says waiting; printer on → one badge, "printed" alone', async ({ station: server, page, printer: vp }) => {
    const saved = await api<{ status: string; printer: { id: string } }>(server, 'printing.printers.save', { name: 'Desk 1 printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' });
    assert.equal(saved.value?.status, 'saved');
    assert.ok((await api(server, 'printing.station.set', { printerId: saved.value!.printer.id, autoPrint: true })).ok);

    await vp.setMode('offline');
    await page.goto(server.url + '#/desk');
    await page.getByTestId('scan-input').fill('PPS22-100001');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
    await page.locator('[data-testid="print-chip-state"][data-online="0"]').waitFor({ timeout: 30_000 });

    await page.getByTestId('print-reprint').click();
    const note = page.getByTestId('print-waiting');
    await note.waitFor();
    assert.match(await note.innerText(), /기다리고 있습니다/);
    assert.equal(await page.getByTestId('print-already').count(), 0, 'never "already printed" when nothing printed');
    // Pressed again (staff do): still one badge in the log.
    await page.getByTestId('print-reprint').click();
    await note.waitFor();
    const log = await api<{ jobs: { state: string }[] }>(server, 'printing.log', { code: 'PPS22-100001' });
    assert.equal(log.value!.jobs.length, 1, 'nothing new was queued');
    assert.ok(['queued', 'printing'].includes(log.value!.jobs[0]!.state));
    await screenshot(page, 'desk-reprint-waiting-1366');

    const before = vp.jobs.length;
    await vp.setMode('ok');
    await vp.waitForJobs(before + 1, 60_000);
    await page.locator('[data-testid="print-job-state"][data-state="printed"]').waitFor({ timeout: 30_000 });
    await until('notes gone', async () => (await page.getByTestId('print-waiting').count()) === 0 && (await page.getByText('프린터가 연결되지 않았습니다').count()) === 0);
    await screenshot(page, 'desk-reprint-printed-1366');
    assert.equal(vp.jobs.length, before + 1);
    assert.equal(qrOf(vp.jobs.at(-1)!.file), 'PPS22-100001');

    // Now a reprint is a reprint: the honest "already printed", with the reasons in view.
    await page.getByTestId('print-reprint').click();
    await page.getByTestId('print-already').waitFor();
    assert.ok(await page.getByTestId('print-reason-lost').isVisible());
  });
});
