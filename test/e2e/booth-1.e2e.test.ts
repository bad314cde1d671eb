/**
 * The video booth PC at its size (1366×768), in a real Chromium against a real station
 * running with the `booth` role: pick the booth, pass the tech check, see the next
 * meeting with the buyer's own clock and interpreter, open the join link in one tap,
 * mark connected, then a failure with a retry. And the floor console's card showing the
 * booth's link state and taking an interpreter change. Each test starts its own server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { api, screenshot } from '../helpers/e2e';
import { tempDir } from '../helpers/station';
import { setEvent } from '../helpers/sample-event';
import { createStation } from '../../main/core/station';
import { BOOTHS, videoDayCsv, videoMeetingId } from '../fixtures/video-day';
import { test } from './fixtures';

declare const document: { querySelector(sel: string): { getAttribute(a: string): string | null } | null };

/** Waits until the booth's big meeting card shows this link state. */
const connectionIs = (page: Page, state: string) =>
  page.waitForFunction((s) => document.querySelector('[data-testid="booth-main"]')?.getAttribute('data-connection') === s, state);

/** The programme in a data dir before a booth-role server opens it (a booth PC cannot import). */
async function dataDirWithVideoDay(): Promise<string> {
  const dataDir = tempDir('fairdesk-e2e-');
  const s = await createStation({ dataDir, db: { kind: 'sqlite', file: path.join(dataDir, 'fairdesk.sqlite') } }, { heartbeat: false, register: false, identity: { id: randomUUID(), name: 'setup', role: 'admin' } });
  try {
    await setEvent(s);
    const r = await s.invoke('programme.import.commit', { fileName: 'video-day.csv', dataBase64: Buffer.from(videoDayCsv({ booth: true })).toString('base64') });
    assert.ok(r.ok && r.value.consultations === 24);
  } finally {
    await s.close();
  }
  return dataDir;
}

test.use({ viewport: { width: 1366, height: 768 } });

test('booth PC: pick the booth, tech check, next meeting with buyer time, one-tap link, connected, failed → retry', async ({ startStation, context, page }) => {
  const server = await startStation({ role: 'booth', name: 'Booth PC 1', dataDir: await dataDirWithVideoDay(), event: null, clock: '2022-04-13T09:50' });
  // The meeting service is not on this network: the popup gets a stand-in page.
  await context.route('https://meet.example.com/**', (r) => r.fulfill({ contentType: 'text/html', body: '<title>meeting</title>' }));
  await page.goto(server.url + '#/booth');
  await page.locator('[data-booth]').nth(3).waitFor();
  assert.equal(await page.locator('[data-booth]').count(), 4, 'the four booths of the day');
  await page.locator(`[data-booth="${BOOTHS[0]}"]`).click();

  // Before the first meeting: the tech check stands at the top until it passes.
  await page.getByTestId('booth-techcheck').waitFor();
  assert.equal(await page.getByTestId('tech-ok').isDisabled(), true, 'all four items first');
  for (const k of ['camera', 'audio', 'link', 'interpreter']) await page.getByTestId(`tech-${k}`).check();
  await page.getByTestId('tech-ok').click();
  await page.getByTestId('booth-tech').waitFor();
  assert.equal(await page.getByTestId('booth-tech').getAttribute('data-result'), 'ok');
  assert.equal(await page.getByTestId('booth-techcheck').count(), 0);

  // Before the first meeting the next one takes the big place.
  const next = page.getByTestId('booth-main');
  assert.equal(await next.getAttribute('data-meeting'), videoMeetingId(0, 0));
  assert.equal(await next.getByTestId('booth-buyer').innerText(), 'Shanghai Trading Co.');
  // 09:50 in Seoul is 08:50 in Shanghai; the meeting starts 09:00 there.
  assert.match(await next.getByTestId('booth-local').innerText(), /바이어 현지 시각 08:50 · Shanghai[\s\S]*시작 09:00/);
  assert.match(await next.getByTestId('booth-meeting-interpreter').innerText(), /중국어 통역 A/);

  // One tap opens the join link (a new window; in Electron the system browser).
  const [popup] = await Promise.all([page.waitForEvent('popup'), next.getByTestId('booth-open').click()]);
  assert.equal(popup.url(), 'https://meet.example.com/j/V001');
  await popup.close();

  await next.getByTestId('mark-connected').click();
  await connectionIs(page, 'connected');
  await page.getByTestId('booth-notice').waitFor();

  // The link drops: failed with a note, then retry is the next button.
  await next.getByTestId('fail-note').fill('소리 안 들림 / no audio');
  await next.getByTestId('mark-failed').click();
  await next.getByTestId('mark-retry').waitFor();
  assert.equal(await next.getAttribute('data-connection'), 'failed');
  await screenshot(page, 'booth-1366-failed');
  await next.getByTestId('mark-retry').click();
  await connectionIs(page, 'retrying');
  await next.getByTestId('mark-connected').click();
  await connectionIs(page, 'connected');
  await screenshot(page, 'booth-1366');

  // What the booth PC may not do, over its own HTTP channels.
  const r = await api(server, 'visitors.search', { query: '김' });
  assert.equal(r.ok, false);
  assert.equal(r.error?.code, 'forbidden');
});

test('floor console: the booth card shows the interpreter and link state; the interpreter changes for the booth', async ({ startStation, page }) => {
  const server = await startStation({ role: 'floor', name: 'Floor 1', dataDir: await dataDirWithVideoDay(), event: null, clock: '2022-04-13T09:58' });
  assert.ok((await api(server, 'booth.connection.mark', { nonce: randomUUID(), meetingId: videoMeetingId(0, 1), mark: 'failed' })).ok);
  await page.goto(server.url + '#/floor');
  const card = page.locator(`[data-testid="floor-table"][data-table="${BOOTHS[1]}"]`);
  await card.getByTestId('floor-connection').waitFor();
  assert.equal(await card.getByTestId('floor-connection').getAttribute('data-connection'), 'failed');
  assert.match(await card.getByTestId('floor-interpreter').innerText(), /터키어 통역 B/);
  await card.getByTestId('interpreter-edit').click();
  await card.getByTestId('interpreter-name').fill('터키어 통역 D');
  await card.getByTestId('interpreter-save-booth').click();
  await card.getByText('터키어 통역 D').waitFor();
  const v = await api<{ interpreter: string | null }>(server, 'booth.view', { booth: BOOTHS[1] });
  assert.equal(v.value?.interpreter, '터키어 통역 D');
});
