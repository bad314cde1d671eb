/**
 * The dashboard's open-alerts panel is the venue's one list (issue 17), at 1920×1080: a
 * printer alert and a kiosk alert raised BEFORE any console is open show on two consoles
 * opened afterwards (loaded on open, not only heard live) — on the dashboard's panel and in
 * a desk console's alert list; taken on one console, gone from every one.
 */
import assert from 'node:assert/strict';
import type { Page } from '@playwright/test';
import { api, screenshot } from '../helpers/e2e';
import { expect, test } from './fixtures';
import { refusingPort } from '../helpers/refusing-port';

const VIEWPORT = { width: 1920, height: 1080 };

test.use({ stationOptions: { role: 'admin', name: 'Ops console', clock: '2022-04-13T10:05', registrations: true }, viewport: VIEWPORT });

test('alerts raised before the consoles open show on both dashboards; taken on one, gone from both', async ({ station: server, page, newPage }) => {
  // A printer that is off: the printers list asks it, it refuses, one alert for the venue.
  const port = await refusingPort();
  const saved = await api<{ status: string }>(server, 'printing.printers.save', { name: '3홀 프린터', kind: 'epson', interface: `tcp://127.0.0.1:${port}`, paperMm: 80, stock: 'roll80' });
  assert.equal(saved.value?.status, 'saved', JSON.stringify(saved));
  const listed = await api<{ printers: { name: string; online: boolean | null }[] }>(server, 'printing.printers.list', {});
  assert.equal(listed.value?.printers.find((p) => p.name === '3홀 프린터')?.online, false);
  // A kiosk with no printer of its own calls staff over (this admin station may act as its kiosk).
  const found = await api<{ status: string; ticket: string }>(server, 'kiosk.identify', { by: 'code', code: 'PPS22-100004' });
  assert.equal(found.value?.status, 'found', JSON.stringify(found));
  assert.ok((await api(server, 'kiosk.confirm', { ticket: found.value!.ticket, nonce: 'e2e-alerts-panel-1' })).ok);
  // Both kinds are in the store before any page is open (recorded as they were published).
  type Open = { id: string; kind: string; printerName?: string };
  const stored = async () => (await api<{ alerts: Open[] }>(server, 'dashboard.alerts', {})).value?.alerts ?? [];
  await expect.poll(async () => new Set((await stored()).map((a) => a.kind)).size).toBe(2);
  const before = await stored();

  const other = await newPage({ viewport: VIEWPORT });
  const desk = await newPage({ viewport: { width: 1366, height: 768 } });
  const open = async (p: Page) => {
    await p.goto(server.url + '#/dashboard');
    await p.getByTestId('dashboard').waitFor();
  };
  await open(page);
  await open(other);
  await desk.goto(server.url + '#/desk');

  const panel = (p: Page) => p.getByTestId('dash-alert');
  const printerOn = (p: Page) => panel(p).filter({ hasText: '3홀 프린터' });
  const listedOn = (p: Page) => p.getByTestId('staff-alert').filter({ hasText: '3홀 프린터' });
  for (const p of [page, other]) {
    await expect(panel(p)).toHaveCount(before.length);
    await expect(printerOn(p)).toHaveCount(1);
    await expect(printerOn(p)).toContainText('연결 끊김');
    await expect(printerOn(p)).toHaveAttribute('data-kind', 'printer');
    await expect(panel(p).filter({ hasText: 'Ops console:' }).first()).toHaveAttribute('data-kind', 'kiosk');
  }
  // The desk console's alert list loaded it too (the page heard no event of it), takeable for all.
  await expect(listedOn(desk)).toHaveCount(1);
  await expect(listedOn(desk)).toHaveAttribute('data-shared', '1');
  await expect(listedOn(desk)).toBeVisible();
  await screenshot(page, 'alerts-panel-1920-open');
  await screenshot(desk, 'alerts-panel-desk-1366-open');

  await printerOn(page).getByTestId('dash-alert-take').click();
  for (const p of [page, other]) {
    await expect(printerOn(p)).toHaveCount(0);
    await expect(panel(p)).toHaveCount(before.length - 1);
  }
  await expect(listedOn(desk)).toHaveCount(0);
  await screenshot(other, 'alerts-panel-1920-taken-elsewhere');

  const left = await stored();
  assert.deepEqual(left.map((a) => a.id).sort(), before.filter((a) => a.kind === 'kiosk').map((a) => a.id).sort());
});
