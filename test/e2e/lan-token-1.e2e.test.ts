/**
 * A LAN station opened from its tokened address (issue 11): the page load exchanges the
 * token for an HttpOnly cookie and the address bar loses it at once; the desk then works
 * on the cookie alone — calls, the event stream (a check-in made elsewhere shows up in
 * its counter) and a reload — and no later request carries the token in its URL or a Referer.
 */
import assert from 'node:assert/strict';
import { api, lanAddress, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
declare const document: { cookie: string };
declare const location: { search: string; hash: string };

test.use({ viewport: { width: 1366, height: 768 } });

test('the tokened address becomes a clean one, and the desk works on the cookie', async ({ startStation, page }) => {
  const lan = lanAddress();
  test.skip(lan === null, 'no LAN interface on this machine');
  const server = await startStation({ role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true, extraArgs: ['--host', lan!] });
  const token = new URL(server.url).searchParams.get('token');
  assert.ok(token, `a LAN station prints a tokened address: ${server.url}`);

  const later: { url: string; referer: string | undefined }[] = [];
  page.on('request', (r) => later.push({ url: r.url(), referer: r.headers()['referer'] }));
  await page.goto(server.url + '#/desk');
  await page.getByTestId('scan-input').waitFor();

  assert.equal(page.url(), `http://${lan}:${new URL(server.url).port}/#/desk`, 'no token left in the address');
  const state = await page.evaluate(() => ({ search: location.search, hash: location.hash, cookie: document.cookie }));
  assert.deepEqual(state, { search: '', hash: '#/desk', cookie: '' }, 'the entry was replaced, and script cannot read the cookie');
  const cookies = await page.context().cookies();
  const c = cookies.find((k) => k.name === 'fairdesk_token');
  assert.ok(c, 'the station set its cookie');
  assert.notEqual(c.value, token, "the browser's own device token, never the pairing token (device-tokens-1)");
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Strict');
  assert.equal(c.domain, lan, 'scoped to this station');

  // The event stream works on the cookie: a check-in made by another client reaches this desk's counter.
  await page.getByTestId('count-checked-in').filter({ hasText: /^0$/ }).waitFor();
  assert.ok((await api(server, 'checkin.scan', { code: 'PPS22-100001', nonce: 'lan-token-elsewhere-1' })).ok);
  await page.getByTestId('count-checked-in').filter({ hasText: /^1$/ }).waitFor();

  // Calls work on the cookie: a scan at this desk.
  await page.getByTestId('scan-input').fill('PPS22-100002');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  await screenshot(page, 'lan-token-desk-1366');

  // A reload from the clean address still works: the cookie, not the URL, carries the token.
  await page.reload();
  await page.getByTestId('scan-input').waitFor();
  await page.getByTestId('count-checked-in').filter({ hasText: /^2$/ }).waitFor();

  const [first, ...rest] = later;
  assert.ok(first!.url.includes(`token=${token}`), 'only the opening request carried it');
  for (const r of rest) {
    assert.ok(!r.url.includes(token!), `token in a later URL: ${r.url}`);
    assert.ok(!(r.referer ?? '').includes(token!), `token in a Referer: ${r.url}`);
  }
  assert.ok(rest.some((r) => r.url.endsWith('/api/events')), 'the event stream was opened');
});
