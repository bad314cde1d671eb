/**
 * Outcomes on the floor console at a desk laptop's size (1366×768), in a real Chromium
 * against a real station: a video-booth round ends, the console lists its meetings, two
 * taps record each; a second console with the same list is told another device was
 * first; the results screen shows the sums and exports the XLSX.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { videoDayCsv, videoMeetingId } from '../fixtures/video-day';
import { test } from './fixtures';

declare const document: { querySelectorAll(sel: string): ArrayLike<unknown> };

test.describe('consultation outcomes: two taps on the floor console, results and export (browser)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Floor 1', clock: '2022-04-13T09:55' }, viewport: { width: 1366, height: 768 }, acceptDownloads: true });

  /** Every test's floor: the video day imported, the 10:00 round started (four SMEs there), the clock at 10:15. */
  async function roundOver(server: RunningServer): Promise<void> {
    const r = await api(server, 'programme.import.commit', { fileName: 'video-day.csv', dataBase64: Buffer.from(videoDayCsv()).toString('base64') });
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.ok((await api(server, 'floor.clock.set', { at: '2022-04-13T10:00' })).ok);
    for (let b = 0; b < 4; b++) assert.ok((await api(server, 'floor.meeting.act', { nonce: randomUUID(), meetingId: videoMeetingId(0, b), action: 'arrived_seller' })).ok);
    assert.ok((await api(server, 'floor.round.start', { nonce: randomUUID() })).ok);
    assert.ok((await api(server, 'floor.clock.set', { at: '2022-04-13T10:15' })).ok);
  }

  const row = (p: Page, id: string) => p.locator(`[data-testid="outcome-row"][data-meeting="${id}"]`);

  test('the round is over: four meetings wait for their outcome; held + follow-up + amount + interest, two taps for the result', async ({ station: server, page }) => {
    await roundOver(server);
    await page.goto(server.url + '#/floor');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outcome-row"]').length === 4);
    const first = row(page, videoMeetingId(0, 0));
    await first.getByTestId('outcome-held').click();
    await first.getByTestId('followup-quote').click();
    await first.getByTestId('outcome-amount').fill('12,0000x');
    assert.equal(await first.getByTestId('interest-strong').isDisabled(), true, 'a bad amount blocks the save');
    await first.getByTestId('outcome-amount').fill('120,000');
    await first.scrollIntoViewIfNeeded();
    await screenshot(page, 'floor-outcome-held');
    await first.getByTestId('interest-strong').click();
    await page.getByTestId('outcome-notice').waitFor();
    assert.match(await page.getByTestId('outcome-notice').innerText(), /화상상담실 부스1 10:00 결과 저장: 상담 완료/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outcome-row"]').length === 3);
    // A failed call: result, then record.
    const failed = row(page, videoMeetingId(0, 2));
    await failed.getByTestId('outcome-connection_failed').click();
    await failed.getByTestId('outcome-confirm').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outcome-row"]').length === 2);
  });

  test('a second console taps the same meeting: told another device was first, nothing overwritten', async ({ station: server, page, browser }) => {
    await roundOver(server);
    // The second console: its own browser context, as a second tablet would be.
    const second = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(server.url + '#/floor');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outcome-row"]').length === 4);
    // The second console is one whose list has not caught up yet: from here its list calls get the
    // list as it stands now, so the push that follows the first console's tap can't remove the row
    // before this console taps it (which it did on a busy machine).
    const snapshot = await api(server, 'consultations.pending', {});
    assert.ok(snapshot.ok);
    await second.route('**/api/consultations.pending', (r) => r.fulfill({ json: snapshot }));
    const stale = row(second, videoMeetingId(0, 1));
    await second.goto(server.url + '#/floor');
    await stale.waitFor();
    await page.locator(`[data-testid="outcome-row"][data-meeting="${videoMeetingId(0, 1)}"] [data-testid="outcome-held"]`).click();
    await row(page, videoMeetingId(0, 1)).getByTestId('interest-some').click();
    await row(page, videoMeetingId(0, 1)).waitFor({ state: 'detached' });
    await stale.getByTestId('outcome-buyer_no_show').click();
    await stale.getByTestId('outcome-confirm').click();
    await second.getByTestId('outcome-notice').waitFor();
    assert.match(await second.getByTestId('outcome-notice').innerText(), /다른 기기에서 먼저 기록했습니다: 상담 완료/);
    const late = await api<{ status: string }>(server, 'consultations.outcome.record', { nonce: randomUUID(), meetingId: videoMeetingId(0, 1), result: 'buyer_no_show' });
    assert.equal(late.value?.status, 'already_recorded');
    await screenshot(second, 'floor-outcome-second-console');
  });

  test('the results screen sums them; the XLSX downloads', async ({ station: server, page }) => {
    // The outcomes the two consoles record in the tests above, recorded here through the API.
    await roundOver(server);
    const record = async (b: number, input: object) => {
      const r = await api<{ status: string }>(server, 'consultations.outcome.record', { nonce: randomUUID(), meetingId: videoMeetingId(0, b), ...input });
      assert.equal(r.value?.status, 'recorded', JSON.stringify(r));
    };
    await record(0, { result: 'held', interest: 'strong', amount: { value: '120000', currency: 'USD' }, followUps: ['quote'] });
    await record(2, { result: 'connection_failed' });
    await record(1, { result: 'held', interest: 'some' });
    await page.goto(server.url + '#/results');
    await page.getByTestId('results-table').waitFor();
    await page.getByTestId('results-by-country').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="results-row"]').length === 4);
    const total = (await page.getByTestId('results-total').innerText()).replace(/\s+/g, ' ');
    // 24 meetings; 2 held, 1 failed, 1 over without an outcome, 20 still to come.
    assert.match(total, /^합계 Total 24 2 0\/0\/0 1 1 20 1\/1\/0 0\/1\/0\/0 USD 120,000$/);
    await screenshot(page, 'results-by-country');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-export-xlsx').click()]);
    assert.equal(download.suggestedFilename(), 'consultations-all.xlsx');
    const bytes = fs.readFileSync((await download.path())!);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
  });
});
