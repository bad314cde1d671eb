/**
 * A walk-in who is already registered (issue 14), at the desk laptop's size (1366×768):
 * staff fill in the bilingual walk-in form with a pre-registered visitor's name and
 * number; the desk shows that registration (masked) and checks it in instead of
 * registering them twice.
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

test.describe('desk walk-in of someone already registered (1366×768)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });

  test('the form offers the existing registration; using it checks that one in, nothing new registered', async ({ station: server, page }) => {
    const before = (await api<{ registered: number }>(server, 'checkin.counters', {})).value!.registered;
    await page.goto(server.url + '#/desk');
    await page.getByTestId('walkin-open').click();
    const form = page.getByTestId('walkin-form');
    await form.locator('input[name="nameKo"]').fill('김은희');
    await form.locator('input[name="phone"]').fill('010-5025-2066');
    await form.locator('input[name="consent"]').check();
    // Bilingual: the buttons carry English beside the Korean.
    assert.match(await page.getByTestId('walkin-submit').innerText(), /등록하고 입실.*\n?.*Register/s);
    await page.getByTestId('walkin-submit').click();
    const similar = page.getByTestId('walkin-similar');
    await similar.waitFor();
    const text = await similar.innerText();
    assert.match(text, /PPS22-100001/);
    assert.doesNotMatch(text, /5025-2066/, 'the number is masked');
    await screenshot(page, 'desk-walkin-similar-1366');
    await page.getByTestId('walkin-use-existing').first().click();
    await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
    assert.match(await page.getByTestId('outcome').innerText(), /PPS22-100001/);
    assert.equal((await api<{ registered: number }>(server, 'checkin.counters', {})).value!.registered, before, 'nobody registered twice');
  });
});
