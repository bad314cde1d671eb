/**
 * The floor console at 1366×768 (issue 16): a tour's sign-up list — confirmed in order,
 * then the waitlist with positions, checked in / admitted — on screen, and its PDF and
 * CSV downloads.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

const SESSIONS = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/sessions.csv'));
const CODES = ['PPS22-100003', 'PPS22-100001', 'PPS22-100002'];

test.use({ stationOptions: { role: 'admin', name: 'Floor console', clock: '2022-04-13T10:05', registrations: true }, viewport: { width: 1366, height: 768 } });

test('the tour leaves with its sign-up list: on screen, as a PDF and a CSV', async ({ station: server, page }) => {
  let n = 0;
  const nonce = () => `e2e-sheet-${++n}`;
  const r = await api<{ rejectedTotal: number }>(server, 'programme.import.commit', { fileName: 'sessions.csv', dataBase64: SESSIONS.toString('base64') });
  assert.equal(r.ok && r.value?.rejectedTotal, 0, JSON.stringify(r.error));
  assert.ok((await api(server, 'checkin.scan', { code: CODES[1], nonce: nonce() })).ok);
  // TOUR1 seats 2: the third to sign up waits first in line.
  for (const code of CODES) assert.ok((await api(server, 'sessions.signup', { nonce: nonce(), sessionId: 'TOUR1', code })).ok);

  await page.goto(server.url + '#/sessions');
  const row = page.locator('[data-testid="sessions-table"] tr[data-session="TOUR1"]');
  await row.getByTestId('signup-sheet-open').click();
  const sheet = page.getByTestId('signup-sheet');
  await sheet.locator('tr[data-status="waitlisted"]').waitFor();
  const order = await sheet.locator('tbody tr[data-code]').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-status'), tr.getAttribute('data-code')]));
  assert.deepEqual(order, [
    ['confirmed', CODES[0]],
    ['confirmed', CODES[1]],
    ['waitlisted', CODES[2]],
  ]);
  const checkedIn = await sheet.locator(`tr[data-code="${CODES[1]}"] td`).nth(4).innerText();
  assert.equal(checkedIn.trim(), '예');
  assert.match(await sheet.locator(`tr[data-code="${CODES[2]}"] td`).first().innerText(), /대기 1/);
  // The whole list and its buttons are on the desk screen without scrolling.
  const last = (await sheet.locator(`tr[data-code="${CODES[2]}"]`).boundingBox())!;
  assert.ok(last.y + last.height <= 768, `last row at ${Math.round(last.y + last.height)} px`);
  await screenshot(page, 'sessions-signup-sheet-1366');

  const csv = page.waitForEvent('download');
  await sheet.getByTestId('sheet-csv').click();
  const file = await (await csv).path();
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(`대기 waitlist,1,${CODES[2]},`), text.slice(0, 300));

  // The PDF opens in a new tab to print (a download if the tab is blocked): either way, PDF bytes.
  const pdf = await api<{ mime: string; dataBase64: string }>(server, 'sessions.signups.sheet.export', { sessionId: 'TOUR1', format: 'pdf' });
  assert.ok(pdf.ok && Buffer.from(pdf.value!.dataBase64, 'base64').subarray(0, 5).toString() === '%PDF-');
  const popup = page.waitForEvent('popup');
  await sheet.getByTestId('sheet-pdf').click();
  assert.match((await popup).url(), /^blob:/);
});
