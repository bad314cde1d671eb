/**
 * Visitor categories as the organiser's data, in the browser (issue 11): on 행사 설정 an
 * organiser adds "바이어 상담단 / Buyer delegation" (the preview says so), imports a row
 * with that label (an unknown label is a row error), sees its band in the badge legend
 * and on the desk's check-in card, and cannot remove it while that visitor holds it.
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
declare function getComputedStyle(el: unknown): { backgroundColor: string };

const FAIR = {
  name: { ko: '2026 공공조달박람회', en: 'Public Procurement Expo 2026' },
  days: ['2026-05-20', '2026-05-21'],
  timeZone: 'Asia/Seoul',
  halls: [{ id: 'a', ko: 'A홀', en: 'Hall A' }],
};

const ROWS = ['등록번호,성명,소속기관,구분,참가일자', 'BD26-000001,김상담,베트남 조달청,바이어 상담단,5/20', 'BD26-000002,이모름,(주)미정,자문위원단,5/20'].join('\r\n');

test.use({ stationOptions: { event: FAIR, clock: '2026-05-20T09:30', role: 'admin', name: 'Desk 1' }, viewport: { width: 1366, height: 768 } });

test('add a category on 행사 설정, import a row with it, see its band; removal refused while in use', async ({ station: server, page }) => {
  await page.goto(`${server.url}#/setup`);
  await page.getByTestId('event-setup').waitFor();
  assert.equal(await page.getByTestId('add-category').isDisabled(), true, 'nothing typed: nothing to add');
  await page.getByLabel('new-category-ko').fill('바이어 상담단');
  await page.getByLabel('new-category-en').fill('Buyer delegation');
  await page.getByLabel('new-category-id').fill('buyer_delegation');
  await page.getByLabel('new-category-band').fill('#0a7b83');
  await page.getByLabel('new-category-validity').selectOption('every_day');
  await page.getByTestId('add-category').click();
  await page.getByTestId('category-row-buyer_delegation').waitFor();
  await page.getByTestId('setup-preview').click();
  const panel = page.getByTestId('setup-preview-panel');
  await panel.waitFor();
  assert.match(await panel.innerText(), /추가되는 구분: 바이어 상담단 \(buyer_delegation\)[\s\S]*Categories added: Buyer delegation \(buyer_delegation\)/);
  await page.locator('[data-testid="setup-save"]:not([disabled])').waitFor();
  await screenshot(page, 'categories-setup-1366');
  await page.getByTestId('setup-save').click();
  await page.locator('[data-testid="setup-note"].ok').waitFor();
  const ev = await api<{ categories: { id: string; band: string; validity: string }[] }>(server, 'event.get', {});
  assert.deepEqual(ev.value!.categories.at(-1), { id: 'buyer_delegation', ko: '바이어 상담단', en: 'Buyer delegation', band: '#0a7b83', validity: 'every_day' });

  // Import through the screen: the new label maps; an unknown one is a row error.
  await page.goto(`${server.url}#/import`);
  await page.getByTestId('import-file').setInputFiles({ name: 'delegation.csv', mimeType: 'text/csv', buffer: Buffer.from(ROWS) });
  const rejected = page.getByTestId('import-rejected');
  await rejected.waitFor();
  assert.match(await rejected.innerText(), /자문위원단/);
  assert.match(await rejected.innerText(), /알 수 없는 구분/);
  await page.getByTestId('import-apply').click();
  await page.getByTestId('import-result').waitFor();

  // The badge screen lists it with its band colour and label.
  await page.goto(`${server.url}#/badges`);
  const legend = page.getByTestId('legend-buyer_delegation');
  await legend.waitFor();
  assert.match(await legend.innerText(), /바이어 상담단[\s\S]*BUYER DELEGATION/);
  assert.equal(await legend.locator('.sw').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(10, 123, 131)');
  await page.getByTestId('bp-category').selectOption('buyer_delegation');
  await page.getByTestId('bp-image').waitFor();
  await screenshot(page, 'categories-badge-1366');

  // The desk: the visitor's card names the category on its band colour.
  await page.goto(`${server.url}#/desk`);
  await page.getByTestId('scan-input').fill('BD26-000001');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  const chip = page.getByTestId('outcome-category');
  assert.equal(await chip.innerText(), '바이어 상담단');
  assert.equal(await chip.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(10, 123, 131)');
  await screenshot(page, 'categories-desk-1366');

  // Removing it while that visitor holds it: refused in KO/EN, nothing changed.
  await page.goto(`${server.url}#/setup`);
  await page.getByLabel('remove-category-buyer_delegation').click();
  await page.getByTestId('setup-preview').click();
  const problems = page.getByTestId('setup-problems');
  await problems.waitFor();
  assert.match(await problems.innerText(), /'바이어 상담단' 구분인 참관객이 1명 있어 뺄 수 없습니다[\s\S]*1 visitor is 'Buyer delegation'/);
  assert.equal(await page.getByTestId('setup-save').isDisabled(), true);
  await screenshot(page, 'categories-refused-1366');
  const still = await api<{ categories: { id: string }[] }>(server, 'event.get', {});
  assert.ok(still.value!.categories.some((c) => c.id === 'buyer_delegation'));
});
