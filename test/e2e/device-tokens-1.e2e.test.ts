/**
 * Per-device tokens on a LAN station (issue 11): two browsers open the station's pairing
 * address and each gets its own device cookie; the admin's Stations screen lists both
 * under the station, revokes the tablet, and the tablet shows a lasting KO/EN "this device
 * was revoked" screen (no "reconnecting", no more event-stream retries) while the other
 * browser scans on.
 */
import assert from 'node:assert/strict';
import { lanAddress, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

const TABLET_UA = 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

test.use({ viewport: { width: 1366, height: 768 } });

test('the admin revokes one of two browsers; it is refused, the other scans on', async ({ startStation, page, newContext }) => {
  const lan = lanAddress();
  test.skip(lan === null, 'no LAN interface on this machine');
  const server = await startStation({ role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true, extraArgs: ['--host', lan!] });

  // The desk PC: this page, then the admin's Stations screen in a second tab of the same browser.
  await page.goto(server.url + '#/desk');
  await page.getByTestId('scan-input').waitFor();
  // A tablet: a browser of its own (its own cookie jar), with a tablet's user agent.
  const tabletContext = await newContext({ viewport: { width: 1366, height: 768 }, userAgent: TABLET_UA });
  const tablet = await tabletContext.newPage();
  const tabletRequests: string[] = [];
  tablet.on('request', (r) => tabletRequests.push(r.url()));
  await tablet.goto(server.url + '#/desk');
  await tablet.getByTestId('scan-input').waitFor();

  const deskCookie = (await page.context().cookies()).find((c) => c.name === 'fairdesk_token');
  const tabletCookie = (await tabletContext.cookies()).find((c) => c.name === 'fairdesk_token');
  assert.ok(deskCookie && tabletCookie);
  const token = new URL(server.url).searchParams.get('token');
  assert.notEqual(deskCookie.value, tabletCookie.value, 'each browser has its own device token');
  assert.ok(deskCookie.value !== token && tabletCookie.value !== token, 'neither holds the pairing token');

  // Both scan.
  await tablet.getByTestId('scan-input').fill('PPS22-100001');
  await tablet.keyboard.press('Enter');
  await tablet.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();

  const admin = await page.context().newPage();
  admin.on('dialog', (d) => void d.accept());
  await admin.goto(`http://${lan}:${new URL(server.url).port}/#/stations`);
  const devicesRow = admin.locator('tr[data-devices-of="Desk 1"]');
  await devicesRow.getByTestId('station-device').nth(1).waitFor();
  assert.equal(await devicesRow.getByTestId('station-device').count(), 2);
  const tabletRow = devicesRow.getByTestId('station-device').filter({ hasText: 'Chrome · Android' });
  await tabletRow.waitFor();
  await devicesRow.getByTestId('station-device').filter({ hasText: 'Chrome · Linux' }).waitFor();
  await screenshot(admin, 'device-tokens-stations-1366');

  await tabletRow.getByTestId('device-revoke').click();
  await devicesRow.locator('[data-testid="station-device"][data-revoked="true"]').filter({ hasText: 'Chrome · Android' }).waitFor();
  await tabletRow.getByText('차단됨').waitFor();
  await screenshot(admin, 'device-tokens-revoked-1366');

  // Its event stream was cut at once, and the page says why — for good, not "reconnecting".
  const eventRequests = () => tabletRequests.filter((u) => u.endsWith('/api/events')).length;
  const cutOff = tablet.getByTestId('cut-off');
  await cutOff.getByText('이 기기는 차단되었습니다').waitFor();
  await cutOff.getByText('This device was revoked by an admin').waitFor();
  assert.equal(await tablet.getByText('Lost the link to the station server').count(), 0, 'no "reconnecting" banner');
  assert.equal(await tablet.getByTestId('scan-input').count(), 0, 'nothing left to type into');
  const streamsAtCutOff = eventRequests();
  await screenshot(tablet, 'device-tokens-tablet-revoked-1366');

  // The desk PC scans on, and its event stream still brings the counter up.
  await page.getByTestId('scan-input').fill('PPS22-100003');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  await page.getByTestId('count-checked-in').filter({ hasText: /^2$/ }).waitFor();

  // The tablet's page tried its event stream no more while the desk scanned (EventSource would retry every few seconds).
  await page.getByTestId('scan-input').fill('PPS22-100002');
  await page.keyboard.press('Enter');
  await page.getByTestId('count-checked-in').filter({ hasText: /^3$/ }).waitFor();
  assert.equal(eventRequests(), streamsAtCutOff, 'the revoked page stopped retrying its event stream');
  await cutOff.getByText('This device was revoked by an admin').waitFor();

  // A reload does not bring the tablet back: the page itself is refused.
  const again = await tablet.reload();
  assert.equal(again?.status(), 401);
  // …and says why, in both languages, instead of a JSON error.
  await tablet.getByText('이 기기는 차단되었습니다').waitFor();
  await tablet.getByText('This device was revoked by an admin').waitFor();
  await screenshot(tablet, 'device-tokens-tablet-reloaded-1366');
});
