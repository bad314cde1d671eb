/**
 * The live dashboard on the ops-room board size (1920×1080, issue 17): the rooms' counts
 * from the door, a full room flagged, and a kiosk alert that, taken on the dashboard, is
 * gone for every console (a second take is told it was already taken).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, screenshot } from '../helpers/e2e';
import { expect, test } from './fixtures';

const SESSIONS_CSV = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/sessions.csv'));

test.use({ stationOptions: { role: 'admin', name: 'Ops console', clock: '2022-04-13T10:05', registrations: true }, viewport: { width: 1920, height: 1080 } });

test('rooms show the door counts and a full room; an alert taken on the dashboard leaves every console', async ({ station: server, page }) => {
  assert.ok((await api(server, 'programme.import.commit', { fileName: 'sessions.csv', dataBase64: SESSIONS_CSV.toString('base64') })).ok);
  for (const [i, code] of ['PPS22-100001', 'PPS22-100002'].entries()) {
    assert.ok((await api(server, 'checkin.scan', { code, nonce: `e2e-dash-in-${i}` })).ok);
    const door = await api<{ status: string }>(server, 'sessions.door.scan', { code, direction: 'in', sessionId: 'SEM1', nonce: `e2e-dash-door-${i}` });
    assert.equal(door.value?.status, 'admitted', JSON.stringify(door));
  }
  // A kiosk with no printer calls staff over (this admin station may act as its kiosk).
  const found = await api<{ status: string; ticket: string }>(server, 'kiosk.identify', { by: 'code', code: 'PPS22-100004' });
  assert.equal(found.value?.status, 'found', JSON.stringify(found));
  assert.ok((await api(server, 'kiosk.confirm', { ticket: found.value!.ticket, nonce: 'e2e-dash-kiosk-1' })).ok);

  await page.goto(server.url + '#/dashboard');
  const room = page.locator('[data-testid="dash-room"]', { hasText: 'ESG' });
  await room.getByText('2 / 2').waitFor();
  await room.getByText('만석').waitFor();
  const alert = page.getByTestId('dash-alert');
  await alert.getByText('Ops console:', { exact: false }).first().waitFor();
  await screenshot(page, 'dashboard-1920-rooms-alerts');

  const open = await api<{ alerts: { id: string }[] }>(server, 'dashboard.snapshot', {});
  assert.ok(open.value!.alerts.length > 0);
  // Taken one by one on the dashboard, until none is open.
  for (let left = open.value!.alerts.length; left > 0; left--) {
    await alert.first().getByTestId('dash-alert-take').click();
    await expect(alert).toHaveCount(left - 1);
  }
  await page.getByText('모든 알림 확인됨').waitFor();
  for (const a of open.value!.alerts) assert.equal((await api(server, 'kiosk.alert.ack', { id: a.id })).error?.code, 'already_acknowledged');
  assert.equal((await api<{ alerts: unknown[] }>(server, 'dashboard.snapshot', {})).value?.alerts.length, 0);
});
