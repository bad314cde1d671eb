/**
 * Itineraries in a real Chromium against real station servers, printing to a virtual
 * thermal printer over TCP:
 * - the desk (1366×768): a buyer from Shanghai checks in; the card shows their six video
 *   meetings with the buyer's own clock and interpreter; the badge then the schedule slip
 *   come out; reprint and the A4 page on request;
 * - the floor console: the A4 page for a participant by badge code;
 * - the kiosk (1080×1920): the buyer checks themselves in; the screen shows their meetings
 *   (no interpreter's name, no code) and the slip comes out after the badge.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { api, importRegistrations, screenshot, SCREENSHOTS, startServer } from '../helpers/e2e';
import { tempDir } from '../helpers/station';
import { videoDayCsv } from '../fixtures/video-day';
import { test } from './fixtures';

declare const document: { body: { innerText: string }; documentElement: { scrollWidth: number }; activeElement: { getAttribute(n: string): string | null } | null };

const BUYER = 'PPS22-720001';
const SME = 'PPS22-720002';
const PEOPLE = Buffer.from(
  [
    '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의',
    `${BUYER},王芳,Wang Fang,Shanghai Trading Co.,Manager,해외바이어,+86 138 0013 8000,wang@example.cn,중국,4/13,Y`,
    `${SME},김하나,,(주)화상기업05,대표,출품기업,010-1234-5678,kim@example.kr,대한민국,4/13,Y`,
  ].join('\n'),
);

/** A station's data: the two participants, the day of video meetings, a printer that prints on check-in. */
async function prepare(server: Awaited<ReturnType<typeof startServer>>, printerPort: number) {
  await importRegistrations(server, PEOPLE);
  const prog = await api(server, 'programme.import.commit', { fileName: 'video-day.csv', dataBase64: Buffer.from(videoDayCsv({ booth: true })).toString('base64') });
  assert.ok(prog.ok, JSON.stringify(prog.error));
  const saved = await api<{ status: string; printer: { id: string } }>(server, 'printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: `tcp://127.0.0.1:${printerPort}`, paperMm: 80, stock: 'roll80' });
  assert.equal(saved.value?.status, 'saved', JSON.stringify(saved));
  assert.ok((await api(server, 'printing.station.set', { printerId: saved.value!.printer.id, autoPrint: true })).ok);
}

/** The A4 page the screen opened (a new tab with the PDF) or saved (a download). */
async function a4From(page: Page, click: () => Promise<void>): Promise<void> {
  const popup = page.context().waitForEvent('page', { timeout: 30_000 }).then((p) => p.url());
  const download = page.waitForEvent('download', { timeout: 30_000 }).then((d) => d.suggestedFilename());
  await click();
  const got = await Promise.any([popup, download]);
  assert.match(got, /^blob:|itinerary-.*\.pdf$/);
}

test.use({ viewport: { width: 1366, height: 768 } });

test('desk 1366×768: a buyer checks in — schedule on the card, badge then slip, reprint, A4; the floor console prints an A4 page', async ({ startStation, printer, page }) => {
  const server = await startStation({ role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30' });
  await prepare(server, printer.port);
  await page.goto(server.url + '#/desk');
  await page.getByTestId('scan-input').fill(BUYER);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  const panel = page.getByTestId('itinerary-panel');
  await panel.waitFor();
  assert.equal(await panel.getByTestId('itinerary-item').count(), 6);
  const first = await panel.getByTestId('itinerary-item').first().innerText();
  assert.match(first, /10:00–10:14/);
  assert.match(first, /화상상담실 부스1/);
  assert.match(first, /현지 09:00/, "the buyer's own clock (Shanghai, an hour behind Seoul)");
  assert.match(first, /통역 중국어 통역 A/);
  assert.equal(await page.getByTestId('itinerary-msg').getAttribute('data-key'), 'itinerary.slip.queued');

  const pages = await printer.waitForJobs(2, 60_000);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.copyFileSync(pages[1]!.file, path.join(SCREENSHOTS, 'itinerary-1-desk-slip.png'));
  await screenshot(page, 'itinerary-1-desk-1366');
  // The whole day, reprint and A4 are on screen at 1366×768 without scrolling the page.
  for (const el of [page.getByTestId('itinerary-item').last(), page.getByTestId('itinerary-reprint'), page.getByTestId('itinerary-a4')]) {
    const box = (await el.boundingBox())!;
    assert.ok(box.y + box.height <= 768 && box.x + box.width <= 1366, `in view: ${JSON.stringify(box)}`);
  }

  await page.getByTestId('itinerary-reprint').click();
  await page.locator('[data-testid="itinerary-msg"][data-key="itinerary.reprint.queued"]').waitFor();
  await printer.waitForJobs(3, 60_000);
  await a4From(page, () => page.getByTestId('itinerary-a4').first().click());

  // The floor console: the A4 page by badge code; a code nobody has answers plainly.
  await page.goto(server.url + '#/floor');
  // A pill at the end of the floor's notes row opens the lookup (it adds no height to the working view).
  await page.getByTestId('floor-itinerary').locator('summary').click();
  const lookup = page.getByTestId('itinerary-lookup');
  await lookup.waitFor();
  await lookup.getByTestId('itinerary-code').fill('PPS22-999999');
  await lookup.getByTestId('itinerary-a4').click();
  await lookup.locator('[data-testid="itinerary-msg"][data-key="itinerary.unknown"]').waitFor();
  await lookup.getByTestId('itinerary-code').fill(SME);
  await a4From(page, () => lookup.getByTestId('itinerary-a4').click());
  await screenshot(page, 'itinerary-1-floor-1366');
});

test('kiosk 1080×1920: a buyer checks in — their meetings on the screen, no staff names, the slip after the badge', async ({ startStation, printer, browser }) => {
  const dataDir = tempDir('fairdesk-itinerary-kiosk-');
  const admin = await startServer({ role: 'admin', name: 'Kiosk 1', clock: '2022-04-13T09:30', dataDir });
  try {
    await prepare(admin, printer.port);
  } finally {
    await admin.stop();
  }
  const server = await startStation({ role: 'kiosk', name: 'Kiosk 1', clock: '2022-04-13T09:30', dataDir, event: null });
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(server.url + '#/kiosk');
  await page.getByTestId('welcome').waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'kiosk-scan');
  await page.keyboard.type(BUYER, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.getByTestId('confirm-yes').click();
  const list = page.getByTestId('itinerary');
  await list.waitFor({ timeout: 60_000 });
  assert.equal(await list.getByTestId('itinerary-item').count(), 6);
  const text = await list.innerText();
  assert.match(text, /10:00–10:14/);
  assert.match(text, /통역 있음/);
  assert.ok(!text.includes('통역 A'), "no interpreter's name on a public screen");
  await page.getByTestId('done').waitFor({ timeout: 60_000 });
  const body = await page.evaluate(() => document.body.innerText);
  assert.ok(!body.includes(BUYER) && !body.includes('0013'), 'no code or phone number on the kiosk');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1080));
  await screenshot(page, 'itinerary-1-kiosk-1080');
  const pages = await printer.waitForJobs(2, 60_000);
  fs.copyFileSync(pages[1]!.file, path.join(SCREENSHOTS, 'itinerary-1-kiosk-slip.png'));
  await page.close();
});
