/**
 * The check-in desk as staff use it: a real station server (rehearsal clock on the
 * first sample day), the sample registrations imported through the import channels,
 * and Debian's Chromium typing like a keyboard-wedge scanner.
 */
import assert from 'node:assert/strict';
import type { Page } from '@playwright/test';
import { api, screenshot } from '../helpers/e2e';
import { until } from '../helpers/until';
import { test } from './fixtures';

// The evaluate/waitForFunction callbacks run in the page; Node's type library has no DOM.
interface El {
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: {
  activeElement: El | null;
  querySelector(sel: string): El | null;
  getAnimations(): { playState: string }[];
};

test.describe('check-in desk (browser)', () => {
  // Every test's own desk: the sample registrations imported, the desk open.
  test.use({ stationOptions: { role: 'desk', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });
  test.beforeEach(async ({ station: server, page }) => {
    await page.goto(server.url + '#/desk');
    await page.getByTestId('counters').waitFor();
  });

  /** The desk steps on this test's page. */
  function desk(page: Page) {
    const outcome = () => page.getByTestId('outcome');
    const counter = async (id: string) => Number((await page.getByTestId(id).innerText()).replace(/\D/g, ''));
    /** Types like a keyboard-wedge scanner into whatever has focus — which must be the scan field. */
    async function scan(code: string, enters = 1) {
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan', 'scan field has focus');
      await page.keyboard.type(code, { delay: 2 });
      for (let i = 0; i < enters; i++) await page.keyboard.press('Enter');
    }
    async function expectOutcome(status: string, shot: string) {
      await page.locator(`[data-testid="outcome"][data-status="${status}"]`).waitFor();
      // Photograph the card as staff read it, after its arrival flash.
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      await screenshot(page, shot);
    }
    async function searchFor(q: string) {
      const input = page.getByTestId('search-input');
      await input.fill(q);
      // The results of this query, not the previous one.
      await page.waitForFunction((q) => document.querySelector('[data-testid="search-kind"]')?.getAttribute('data-q') === q, q);
    }
    return { outcome, counter, scan, expectOutcome, searchFor };
  }

  test('scan checks in; a second scan says when and where; double Enter sends once', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    // Every check-in request the page sends (the double Enter must send one).
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/checkin.scan')) sent.push(r.postData() ?? '');
    });
    const before = await counter('count-checked-in');
    await scan('PPS22-100001', 2);
    const firstAt = Date.now();
    await expectOutcome('checked_in', 'desk-1-checked-in');
    assert.match(await outcome().innerText(), /입실 완료/);
    assert.match(await outcome().innerText(), /김은희/);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="count-checked-in"]')!.textContent!.replace(/\D/g, '')) === n, before + 1);
    // The scanner's double Enter sent one request (both Enters were handled before the answer
    // came): the card is still "checked in", not "already".
    assert.equal(sent.length, 1, `check-in requests sent: ${sent.join(' | ')}`);
    assert.equal(await outcome().getAttribute('data-status'), 'checked_in');
    assert.equal(await counter('count-checked-in'), before + 1);

    // Scanning again later (not a scanner bounce) says when and where the first check-in was —
    // even with the desk PC's input method left in Korean (the scanner then types 'ㅔㅔㄴ…').
    // After the desk's 1.5 s same-code window (DeskScreen SAME_SCAN_MS), as a person scans again.
    await until('the same-scan window to pass', async () => Date.now() - firstAt > 1600);
    await scan('ㅔㅔㄴ22-100001');
    await expectOutcome('already_checked_in', 'desk-2-already');
    const first = await page.getByTestId('first-checkin').innerText();
    assert.match(first, /09:30/);
    assert.match(first, /Desk 1/);
  });

  test('a fast second scan while the first is still on its way is queued, not lost', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    const before = await counter('count-checked-in');
    await scan('PPS22-100007');
    await page.keyboard.type('PPS22-100008', { delay: 2 });
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="count-checked-in"]')!.textContent!.replace(/\D/g, '')) === n, before + 2);
    await expectOutcome('checked_in', 'desk-2b-two-fast-scans');
    assert.match(await outcome().innerText(), /손예호/);
  });

  test('a scanner firing while staff are in the search field still checks the visitor in', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    const before = await counter('count-checked-in');
    await page.getByTestId('search-input').click();
    await page.keyboard.type('PPS22-100009', { delay: 2 });
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="count-checked-in"]')!.textContent!.replace(/\D/g, '')) === n, before + 1);
    await expectOutcome('checked_in', 'desk-2c-scan-into-search');
    assert.equal(await page.getByTestId('search-input').inputValue(), '', 'the search field is cleared');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'scan-input', 'focus is back on the scan field');
  });

  test('search by 2-syllable given name, 초성 and phone last 4 — masked; check in from a result', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    await searchFor('은희');
    assert.match(await page.getByTestId('search-kind').innerText(), /이름/);
    assert.match(await page.getByTestId('search-results').innerText(), /김은희/);
    await screenshot(page, 'desk-3-search-given-name');

    await searchFor('ㄱㅇㅎ');
    assert.match(await page.getByTestId('search-kind').innerText(), /초성/);
    assert.match(await page.getByTestId('search-results').innerText(), /김은희/);

    await searchFor('2066');
    assert.match(await page.getByTestId('search-kind').innerText(), /휴대폰 끝 4자리/);
    const text = await page.locator('body').innerText();
    assert.match(text, /010-\*\*\*\*-2066/);
    assert.match(text, /us\*\*\*@example\.co\.kr/);
    assert.doesNotMatch(text, /5025/, 'no full phone on the page');
    assert.doesNotMatch(text, /user1@/, 'no full e-mail on the page');
    await screenshot(page, 'desk-4-search-phone');

    // Arrow keys + Enter pick a result; focus goes back to the scan field.
    await searchFor('배정호');
    const before = await counter('count-checked-in');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expectOutcome('checked_in', 'desk-5-search-checkin');
    assert.match(await outcome().innerText(), /배정호/);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="count-checked-in"]')!.textContent!.replace(/\D/g, '')) === n, before + 1);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan');
  });

  test('walk-in registers and checks in at once; counters move', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    const checked = await counter('count-checked-in');
    const registered = await counter('count-registered');
    await page.getByTestId('walkin-open').click();
    const form = page.getByTestId('walkin-form');
    await form.locator('[name=nameKo]').fill('홍길동');
    await form.locator('[name=organisation]').fill('(주)그린에너지');
    await form.locator('[name=phone]').fill('010-1234-5678');
    await form.locator('[name=category]').selectOption('corporate_buyer');
    await form.getByTestId('walkin-submit').click();
    // Without consent nothing is sent.
    await form.getByRole('alert').waitFor();
    assert.match(await form.getByRole('alert').innerText(), /동의/);
    await form.locator('[name=consent]').check();
    assert.equal(await form.getByRole('alert').count(), 0, 'the complaint goes once it is answered');
    await screenshot(page, 'desk-6-walkin-form');
    await form.getByTestId('walkin-submit').click();
    // The fixture pre-registers a 홍길동 with this number (for another day): the desk offers it
    // first (issue 14); staff register a new walk-in anyway.
    await form.getByTestId('walkin-similar').waitFor();
    await form.getByTestId('walkin-submit').click();
    await expectOutcome('checked_in', 'desk-7-walkin-done');
    assert.match(await outcome().innerText(), /현장 등록 및 입실 완료/);
    assert.match(await outcome().innerText(), /홍길동/);
    await page.waitForFunction(
      ([c, r]) =>
        Number(document.querySelector('[data-testid="count-checked-in"]')!.textContent!.replace(/\D/g, '')) === c &&
        Number(document.querySelector('[data-testid="count-registered"]')!.textContent!.replace(/\D/g, '')) === r,
      [checked + 1, registered + 1],
    );
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan');
  });

  test('unknown, garbled and huge input: a short echo, nothing checked in', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    const before = await counter('count-checked-in');
    await scan('PPS22-999999');
    await expectOutcome('unknown_code', 'desk-8-unknown');
    assert.match(await page.getByTestId('outcome-echo').innerText(), /PPS22-999999/);

    // A name typed into the scan field: echoed as typed, and looked up in the search.
    await scan('배정호');
    await page.waitForFunction(() => /배정호/.test(document.querySelector('[data-testid="outcome-echo"]')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('[data-testid="search-kind"]')?.getAttribute('data-q') === '배정호');
    assert.match(await page.getByTestId('search-results').innerText(), /PPS22-100002/);
    await screenshot(page, 'desk-8b-name-in-scan-field');

    await scan("'; DROP TABLE visitors; --");
    await page.waitForFunction(() => /DROP/.test(document.querySelector('[data-testid="outcome-echo"]')?.textContent ?? ''));

    // A 10,000-character paste: the field keeps 200, the card echoes at most ~40.
    await page.getByTestId('scan-input').fill('X'.repeat(10_000));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /XXXX/.test(document.querySelector('[data-testid="outcome-echo"]')?.textContent ?? ''));
    const echo = await page.getByTestId('outcome-echo').innerText();
    assert.ok(echo.length < 120, `echo is short (${echo.length})`);
    await screenshot(page, 'desk-9-huge-paste');

    // SQL-looking and empty searches are just searches.
    await searchFor("' OR 1=1 --");
    await page.getByTestId('search-none').waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('search-input').inputValue(), '');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan');
    assert.equal(await counter('count-checked-in'), before);
  });

  test('not registered today → check in anyway with a reason', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    // The search result already says so, before anyone picks it.
    await searchFor('kowalski');
    assert.match(await page.getByTestId('search-other-day').first().innerText(), /오늘 등록 아님 · 04\/14/);
    await page.keyboard.press('Escape');
    await scan('PPS22-100004');
    await expectOutcome('not_registered_today', 'desk-10-not-today');
    assert.match(await outcome().innerText(), /2022-04-14/);
    const submit = page.getByTestId('override-submit');
    assert.equal(await submit.isDisabled(), true, 'a reason is required');
    await page.getByTestId('override-reason').fill('일정 변경으로 방문');
    await submit.click();
    await expectOutcome('checked_in', 'desk-11-override');
    assert.match(await outcome().innerText(), /Piotr Kowalski/);
  });

  test('English toggle', async ({ station: server, page }) => {
    const { outcome, scan, expectOutcome } = desk(page);
    // Checked in earlier today.
    assert.ok((await api(server, 'checkin.scan', { code: 'PPS22-100001', nonce: 'desk-e2e-english-0' })).ok);
    await page.getByTestId('lang-toggle').click();
    await scan('PPS22-100001');
    await expectOutcome('already_checked_in', 'desk-12-english');
    assert.match(await outcome().innerText(), /Already checked in/);
    assert.match(await page.locator('body').innerText(), /Checked in today/);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'desk-13-english-1920');
  });

  test('station unreachable: the page keeps nothing — it says so, and the same scan checks in once the station is back', async ({ station: server, page }) => {
    const { outcome, counter, scan, expectOutcome, searchFor } = desk(page);
    const before = await counter('count-checked-in');
    await page.context().setOffline(true);
    await scan('PPS22-100003');
    await expectOutcome('error', 'desk-14-offline');
    await page.context().setOffline(false);
    await scan('PPS22-100003');
    await expectOutcome('checked_in', 'desk-15-back-online');
    assert.match(await outcome().innerText(), /양현석/);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="count-checked-in"]')!.textContent!.replace(/\D/g, '')) === n, before + 1);
  });
});
