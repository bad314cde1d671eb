/**
 * A printer alert is one alert for the venue (issue 17), on two console pages at 1920×1080:
 * a printer that is off (a local port that refuses connections) raises an alert on both;
 * taken on one, it leaves the other (kiosk.alert.acked), and taking it again is refused.
 */
import assert from 'node:assert/strict';
import type { Page } from '@playwright/test';
import { api, screenshot } from '../helpers/e2e';
import { expect, test } from './fixtures';
import { refusingPort } from '../helpers/refusing-port';

const VIEWPORT = { width: 1920, height: 1080 };

test.use({ stationOptions: { role: 'admin', name: 'Ops console', clock: '2022-04-13T10:05' }, viewport: VIEWPORT });

test('a printer that is off alerts two consoles; taken on one, it leaves the other', async ({ station: server, page, newPage }) => {
  const other = await newPage({ viewport: VIEWPORT });
  // Each console is listening (its event stream is open) before the printer is asked after.
  const open = async (p: Page) => {
    const stream = p.waitForResponse((r) => r.url().endsWith('/api/events'));
    await p.goto(server.url + '#/desk');
    await stream;
    await p.getByTestId('scan-input').waitFor();
  };
  await open(page);
  await open(other);

  const port = await refusingPort();
  const saved = await api<{ status: string }>(server, 'printing.printers.save', { name: '2홀 프린터', kind: 'epson', interface: `tcp://127.0.0.1:${port}`, paperMm: 80, stock: 'roll80' });
  assert.equal(saved.value?.status, 'saved', JSON.stringify(saved));
  // The printers list asks every printer now (connect + status): this one refuses.
  const listed = await api<{ printers: { name: string; online: boolean | null }[] }>(server, 'printing.printers.list', {});
  assert.equal(listed.value?.printers.find((p) => p.name === '2홀 프린터')?.online, false);

  const alertOn = (p: Page) => p.getByTestId('staff-alert').filter({ hasText: '2홀 프린터' });
  await expect(alertOn(page)).toHaveCount(1);
  await expect(alertOn(other)).toHaveCount(1);
  await expect(alertOn(page)).toContainText('연결 끊김');
  await expect(alertOn(page)).toHaveAttribute('data-shared', '1');
  await screenshot(page, 'printer-alerts-1920-offline');

  await alertOn(page).getByTestId('staff-alert-ack').click();
  await expect(alertOn(page)).toHaveCount(0);
  // The other console hears it was taken and drops it without anyone touching it.
  await expect(alertOn(other)).toHaveCount(0);
  await screenshot(other, 'printer-alerts-1920-taken-elsewhere');

  // One record of the alert and one of its taking (the audit viewer shows both); a second take is told so.
  const raised = await api<{ rows: { entityId: string | null }[] }>(server, 'audit.search', { channel: 'printer.alert' });
  assert.equal(raised.value?.rows.length, 1, JSON.stringify(raised));
  const id = raised.value!.rows[0]!.entityId!;
  const taken = await api<{ rows: unknown[] }>(server, 'audit.search', { channel: 'kiosk.alert.ack', entityId: id });
  assert.equal(taken.value?.rows.length, 1, JSON.stringify(taken));
  const again = await api(server, 'kiosk.alert.ack', { id });
  assert.equal(again.error?.code, 'already_acknowledged', JSON.stringify(again));
});
