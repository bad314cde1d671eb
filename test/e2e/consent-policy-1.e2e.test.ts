/**
 * The no-consent policy as staff and visitors meet it (issue 17): the desk at 1366×768
 * shows the purple 개인정보 미동의 flag and, under "refuse", holds the visitor until staff
 * give a reason; the kiosk at 1080×1920 says only "see the desk" — no name, no reason —
 * for the person standing behind to read. Each test starts and stops its own servers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { api } from '../helpers/e2e';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
declare const document: { activeElement: { getAttribute(n: string): string | null } | null; body: { innerText: string } };

/** 황재훈 registered all three days with 개인정보동의 = N in the sample file. */
const NO_CONSENT = 'PPS22-100058';
const SHOTS = '/tmp/fairdesk-h17-shots';

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function deskScan(page: Page, code: string) {
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'scan-input');
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press('Enter');
}

test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });

test('desk, refuse: the visitor is held with the flag, a reason admits them, the flag stays on the card', async ({ station: server, page }) => {
  assert.ok((await api(server, 'privacy.settings.save', { noConsent: 'refuse', retentionDays: 365 })).ok);
  await page.goto(server.url + '#/desk');
  await deskScan(page, NO_CONSENT);
  const held = page.locator('[data-testid="outcome"][data-status="no_consent"]');
  await held.waitFor();
  const text = await held.innerText();
  assert.match(text, /개인정보 미동의/);
  assert.match(text, /No consent/);
  assert.match(text, /황재훈/);
  await page.getByTestId('consent-flag').waitFor();
  await shot(page, 'desk-no-consent-held-1366');
  const counters = await api<{ checkedIn: number }>(server, 'checkin.counters', {});
  assert.equal(counters.value!.checkedIn, 0, 'held, not checked in');

  await page.getByTestId('override-reason').fill('현장 동의서 작성');
  await page.getByTestId('override-submit').click();
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  await page.getByTestId('consent-flag').waitFor();
  await shot(page, 'desk-no-consent-admitted-1366');
  assert.equal((await api<{ checkedIn: number }>(server, 'checkin.counters', {})).value!.checkedIn, 1);
});

test('desk, admit_no_print: checked in at once, flagged, and the card says no badge was printed', async ({ station: server, page }) => {
  assert.ok((await api(server, 'privacy.settings.save', { noConsent: 'admit_no_print', retentionDays: 365 })).ok);
  await page.goto(server.url + '#/desk');
  await deskScan(page, NO_CONSENT);
  await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
  assert.match(await page.getByTestId('consent-flag').innerText(), /명찰 자동 출력 안 함/);
  await page.getByTestId('consent-badge-withheld').waitFor();
  await shot(page, 'desk-no-consent-no-print-1366');
  // A visitor who consented gets the plain green card.
  await deskScan(page, 'PPS22-100001');
  await page.locator('[data-testid="outcome"][data-status="checked_in"]', { hasText: '김은희' }).waitFor();
  assert.equal(await page.getByTestId('consent-flag').count(), 0);
});

test('kiosk, admit_no_print: "see the desk" in both languages, with no name, no reason, nothing checked in', async ({ startStation, printer, newPage }) => {
  // The organiser prepares the data dir (import, printer, policy), then the kiosk serves it — never both at once.
  const server = await startStation({
    role: 'kiosk', name: 'Kiosk 1', clock: '2022-04-13T09:30', registrations: true,
    prepare: async (admin) => {
      const saved = await api<{ status: string; printer: { id: string } }>(admin, 'printing.printers.save', {
        name: 'Kiosk printer', kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80',
      });
      assert.equal(saved.value?.status, 'saved', JSON.stringify(saved));
      assert.ok((await api(admin, 'printing.station.set', { printerId: saved.value!.printer.id, autoPrint: false })).ok);
      assert.ok((await api(admin, 'privacy.settings.save', { noConsent: 'admit_no_print', retentionDays: 365 })).ok);
    },
  });
  const page = await newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(server.url + '#/kiosk');
  await page.getByTestId('welcome').waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'kiosk-scan');
  await page.keyboard.type(NO_CONSENT, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="problem"][data-problem="see_desk"]').waitFor();
  const text = await page.evaluate(() => document.body.innerText);
  assert.match(text, /안내 데스크/);
  assert.match(text, /help desk/);
  for (const secret of ['황재훈', '동의', 'consent', NO_CONSENT, '2743']) assert.ok(!text.includes(secret), `the kiosk must not show ${secret}`);
  await shot(page, 'kiosk-see-desk-1080');
  assert.equal((await api<{ checkedIn: number }>(server, 'checkin.counters', {})).value!.checkedIn, 0);
});
