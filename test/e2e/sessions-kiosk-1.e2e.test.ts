/**
 * A tour sign-up at the self-service kiosk as a visitor meets it: a kiosk-role station
 * server on a 1080×1920 portrait screen, a virtual thermal printer on a real TCP socket.
 * A visitor already checked in scans their own badge, signs up for the guided tour,
 * prints a ticket; the screen shows nothing personal beyond the masked name.
 * Each test starts its own servers (set up as admin first, then served as the kiosk).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, screenshot } from '../helpers/e2e';
import { until } from '../helpers/until';
import { test } from './fixtures';

declare const document: { activeElement: { getAttribute(n: string): string | null } | null; body: { innerText: string }; documentElement: { scrollWidth: number } };

const SESSIONS = path.resolve(import.meta.dirname, '../fixtures/sessions.csv');
const CODE = 'PPS22-100001';

test.use({ viewport: { width: 1080, height: 1920 } });

test('kiosk (1080×1920): a visitor signs up for a tour with their own badge and prints a ticket', async ({ startStation, printer, page }) => {
  const server = await startStation({
    role: 'kiosk', name: 'Kiosk 3', clock: '2022-04-13T09:30', registrations: true,
    prepare: async (admin) => {
      const prog = await api(admin, 'programme.import.commit', { fileName: 'sessions.csv', dataBase64: fs.readFileSync(SESSIONS).toString('base64') });
      assert.ok(prog.ok, JSON.stringify(prog.error));
      const saved = await api<{ status: string; printer: { id: string } }>(admin, 'printing.printers.save', { name: 'Kiosk printer', kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80' });
      assert.equal(saved.value?.status, 'saved', JSON.stringify(saved));
      assert.ok((await api(admin, 'printing.station.set', { printerId: saved.value!.printer.id, autoPrint: false })).ok);
      // Checked in at the entrance earlier: the kiosk greets them back and offers the sign-ups.
      assert.ok((await api(admin, 'checkin.scan', { code: CODE, nonce: 'sessions-kiosk-e2e-1' })).ok);
    },
  });
  await page.goto(server.url + '#/kiosk');
  await page.getByTestId('welcome').waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'kiosk-scan');
  await page.keyboard.type(CODE, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.getByTestId('welcome-back').waitFor();
  const panel = page.getByTestId('signup-panel');
  await panel.waitFor();
  // Only sessions that take sign-ups are offered (the seminar and the lecture are not).
  await page.locator('[data-testid="signup-go"][data-session="TRAIN1"]').waitFor();
  const offered = await page.getByTestId('signup-go').evaluateAll((els) => els.map((e) => e.getAttribute('data-session')));
  assert.deepEqual(offered.sort(), ['TOUR1', 'TOUR2', 'TRAIN1']);
  await screenshot(page, 'sessions-kiosk-1-offer-1080');

  await page.locator('[data-testid="signup-go"][data-session="TOUR1"]').click();
  await until('signed up', async () => /신청 완료/.test((await page.getByTestId('signup-answer').textContent().catch(() => '')) ?? ''));
  const row = panel.locator('li[data-session="TOUR1"]');
  await row.waitFor();
  assert.match(await row.innerText(), /3홀 입구 안내데스크/, 'the meeting point is shown');
  // The overlapping tour is still offered; choosing it says why not, in both languages.
  await page.locator('[data-testid="signup-go"][data-session="TOUR2"]').click();
  await until('overlap refused', async () => /같은 시간에.*Already signed up/.test((await page.getByTestId('signup-answer').textContent()) ?? ''));

  await row.getByTestId('signup-ticket').click();
  await until('ticket queued', async () => /티켓을 인쇄합니다.*Printing your ticket/.test((await page.getByTestId('signup-answer').textContent()) ?? ''));
  const [job] = await printer.waitForJobs(1, 30_000);
  fs.copyFileSync(job!.file, path.join(path.dirname(await screenshot(page, 'sessions-kiosk-2-ticket-1080')), 'sessions-kiosk-ticket.png'));

  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(!text.includes('5025') && !text.includes('2066'), 'no phone number on the kiosk');
  // No page overflow sideways at the kiosk's width.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1080));
});
