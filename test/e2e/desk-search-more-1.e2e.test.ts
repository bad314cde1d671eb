/** Desk search beyond 20 (issue 14): a full page says "20+" and "show more" lists up to 50 at 1366×768. */
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { screenshot } from '../helpers/e2e';
import { test } from './fixtures';

/** 35 visitors whose phone ends in 7777. */
function file(): Buffer {
  const lines = ['등록번호,성명,구분,휴대폰,참가일자,개인정보동의'];
  for (let i = 1; i <= 35; i++) lines.push(`MORE-${String(i).padStart(3, '0')},김민${String.fromCharCode(0xac00 + i)},일반참관객,010-${String(1000 + i)}-7777,4/13,Y`);
  return iconv.encode(lines.join('\r\n'), 'utf8');
}

test.use({ stationOptions: { role: 'desk', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: file() }, viewport: { width: 1366, height: 768 } });

test('search: 20+ then show more lists every match up to 50', async ({ station: server, page }) => {
  await page.goto(server.url + '#/desk');
  await page.getByTestId('search-input').fill('7777');
  await page.locator('[data-testid="search-kind"][data-q="7777"]').waitFor();
  assert.match(await page.getByTestId('search-kind').innerText(), /20\+/);
  assert.equal(await page.locator('[data-testid="search-results"] li').count(), 20);
  await page.getByTestId('search-more').click();
  await page.locator('[data-testid="search-results"] li').nth(34).waitFor({ state: 'attached' });
  assert.equal(await page.locator('[data-testid="search-results"] li').count(), 35);
  assert.doesNotMatch(await page.getByTestId('search-kind').innerText(), /\+/);
  assert.equal(await page.getByTestId('search-more').count(), 0, 'nothing more to show');
  await screenshot(page, 'desk-search-more-1366');
});
