/**
 * Editing a recorded outcome on the floor console (1366×768), in a real Chromium against
 * a real station: the recorded list shows the current version; Edit opens the two taps
 * starting from it and waits for a reason; the edit becomes version 2. A second tablet's
 * edit landing first makes this console's edit stale: it is told which version is there
 * now, and nothing is overwritten. Past 30 minutes the button is closed and says why (and
 * the station refuses a late edit itself).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { videoDayCsv, videoMeetingId } from '../fixtures/video-day';
import { test } from './fixtures';

test.use({ stationOptions: { role: 'admin', name: 'Floor 1', clock: '2022-04-13T09:55' }, viewport: { width: 1366, height: 768 } });

const ID = videoMeetingId(0, 0);

/** The 10:00 round held at booth 1 and its outcome recorded at 10:15 (by another tablet). */
async function recorded(server: RunningServer): Promise<void> {
  const r = await api(server, 'programme.import.commit', { fileName: 'video-day.csv', dataBase64: Buffer.from(videoDayCsv()).toString('base64') });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.ok((await api(server, 'floor.clock.set', { at: '2022-04-13T10:00' })).ok);
  assert.ok((await api(server, 'floor.meeting.act', { nonce: randomUUID(), meetingId: ID, action: 'arrived_seller' })).ok);
  assert.ok((await api(server, 'floor.round.start', { nonce: randomUUID() })).ok);
  assert.ok((await api(server, 'floor.clock.set', { at: '2022-04-13T10:15' })).ok);
  const o = await api<{ status: string }>(server, 'consultations.outcome.record', { nonce: randomUUID(), meetingId: ID, result: 'held', interest: 'some', followUps: ['quote'] });
  assert.equal(o.value?.status, 'recorded', JSON.stringify(o));
}

test('edit with a reason → v2; a stale edit is told so; after 30 min the button is closed and says why', async ({ station: server, page }) => {
  await recorded(server);
  await page.goto(server.url + '#/floor');
  const row = page.locator(`[data-testid="recorded-row"][data-meeting="${ID}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-version'), '1');
  assert.match(await row.getByTestId('recorded-current').innerText(), /v1 상담 완료 · 관심도 보통 · 견적/);
  assert.match(await row.getByTestId('outcome-edit-why').innerText(), /10:45까지 수정 가능/);

  // Edit: the form starts from v1 and its saving taps wait for a reason.
  await row.getByTestId('outcome-edit').click();
  const form = page.locator(`[data-testid="outcome-edit-form"][data-meeting="${ID}"]`);
  await form.waitFor();
  assert.equal(await form.getByTestId('outcome-held').getAttribute('aria-pressed'), 'true');
  assert.equal(await form.getByTestId('interest-strong').isDisabled(), true, 'no reason, no save');
  await form.getByTestId('outcome-edit-reason').fill('바이어가 샘플 요청');
  await form.getByTestId('followup-sample').click();
  await form.scrollIntoViewIfNeeded();
  await screenshot(page, 'outcome-edit-1-form-1366');
  await form.getByTestId('interest-strong').click();
  await page.locator(`[data-testid="recorded-row"][data-meeting="${ID}"][data-version="2"]`).waitFor();
  assert.match(await page.getByTestId('outcome-notice').innerText(), /결과 수정 \(v2\): 상담 완료/);
  assert.match(await row.innerText(), /사유: 바이어가 샘플 요청/);
  const history = await api<{ history: { version: number; interest: string; reason: string | null }[] }>(server, 'consultations.outcome.get', { meetingId: ID });
  assert.deepEqual(history.value!.history.map((h) => [h.version, h.interest, h.reason]), [[1, 'some', null], [2, 'strong', '바이어가 샘플 요청']]);

  // A second tablet edits v2 while this console's form is open on v2: this one is stale.
  await row.getByTestId('outcome-edit').click();
  await form.waitFor();
  const other = await api<{ status: string }>(server, 'consultations.outcome.record', { nonce: randomUUID(), meetingId: ID, result: 'held', interest: 'none', editOf: 2, reason: '다른 태블릿 수정' });
  assert.equal(other.value?.status, 'recorded');
  await form.getByTestId('outcome-edit-reason').fill('관심도 재확인');
  await form.getByTestId('interest-some').click();
  await page.locator('[data-testid="outcome-notice"]', { hasText: '다른 기기에서 먼저 수정했습니다 — 지금은 v3' }).waitFor();
  await page.locator(`[data-testid="recorded-row"][data-meeting="${ID}"][data-version="3"]`).waitFor();
  const after = await api<{ history: unknown[] }>(server, 'consultations.outcome.get', { meetingId: ID });
  assert.equal(after.value!.history.length, 3, 'the stale edit wrote nothing');
  await screenshot(page, 'outcome-edit-1-stale-1366');

  // 31 minutes after the first record: closed, and the button says why; the station refuses too.
  assert.ok((await api(server, 'floor.clock.set', { at: '2022-04-13T10:46' })).ok);
  await page.locator(`[data-testid="recorded-row"][data-meeting="${ID}"] [data-testid="outcome-edit"]:disabled`).waitFor();
  assert.match(await row.getByTestId('outcome-edit-why').innerText(), /수정 마감 — 처음 기록\(10:15\) 후 30분이 지났습니다/);
  const late = await api<{ status: string }>(server, 'consultations.outcome.record', { nonce: randomUUID(), meetingId: ID, result: 'held', interest: 'strong', editOf: 3, reason: '늦은 수정' });
  assert.equal(late.value?.status, 'edit_window_closed');
  await row.scrollIntoViewIfNeeded();
  await screenshot(page, 'outcome-edit-1-closed-1366');
});
