/**
 * One colour source for a category (issue 11): the organiser changes 출품기업 / Exhibitor's
 * band colour on 행사 설정, and the desk's check-in chip and the badge screen's legend
 * show the new colour; the badge designer shows it too, and has no colour of its own.
 */
import assert from 'node:assert/strict';
import { screenshot } from '../helpers/e2e';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
declare function getComputedStyle(el: unknown): { backgroundColor: string };

test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });

test('a new exhibitor colour on 행사 설정 reaches the desk chip and the badge legend', async ({ station: server, page }) => {
  await page.goto(`${server.url}#/setup`);
  await page.getByTestId('event-setup').waitFor();
  await page.getByLabel('band-exhibitor').fill('#0b5fa5');
  await page.getByTestId('setup-preview').click();
  await page.locator('[data-testid="setup-save"]:not([disabled])').waitFor();
  await page.getByTestId('setup-save').click();
  await page.locator('[data-testid="setup-note"].ok').waitFor();

  await page.goto(`${server.url}#/desk`);
  await page.getByTestId('scan-input').fill('PPS22-100002');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  const chip = page.getByTestId('outcome-category');
  assert.equal(await chip.innerText(), '출품기업');
  assert.equal(await chip.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(11, 95, 165)');
  await screenshot(page, 'category-colour-desk-1366');

  await page.goto(`${server.url}#/badges`);
  const legend = page.getByTestId('legend-exhibitor');
  await legend.waitFor();
  // A striped band shows its colour as the swatch's border; a solid one fills it.
  const sw = await legend.locator('.sw').evaluate((el) => {
    const s = getComputedStyle(el) as unknown as { backgroundColor: string; borderTopColor: string };
    return [s.backgroundColor, s.borderTopColor];
  });
  assert.ok(sw.includes('rgb(11, 95, 165)'), `legend swatch ${sw.join(' / ')}`);
  await screenshot(page, 'category-colour-badges-1366');

  // The designer shows the event's colour for the category, and sends none of its own.
  await page.getByTestId('bp-category').selectOption('exhibitor');
  const shown = page.getByTestId('bd-colour');
  await shown.scrollIntoViewIfNeeded();
  assert.equal(await shown.locator('.sw').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(11, 95, 165)');
  assert.match(await shown.innerText(), /행사 설정[\s\S]*event setup/);
  await screenshot(page, 'category-colour-designer-1366');
});
