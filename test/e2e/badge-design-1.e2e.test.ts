/**
 * The badge designer as the organiser uses it on the desk laptop (1366×768): header text,
 * a logo upload (a bad file refused with a KO/EN reason), a font size, the buyer's
 * country line off and on, save — the live preview is the station's raster of the draft
 * and a badge printed afterwards on a real (virtual) TCP printer follows the saved design.
 * The category legend keeps Korean words whole.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { api, screenshot } from '../helpers/e2e';
import { until } from '../helpers/until';
import fs from 'node:fs';
import { test } from './fixtures';

declare const document: { querySelectorAll(sel: string): ArrayLike<{ getClientRects(): ArrayLike<unknown>; textContent: string | null }> };

function logo(): Buffer {
  const c = createCanvas(600, 160);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 600, 160);
  ctx.fillStyle = '#1d4ed8';
  ctx.fillRect(10, 10, 140, 140);
  ctx.fillStyle = '#000';
  ctx.font = 'bold 90px sans-serif';
  ctx.fillText('LOGO', 180, 120);
  return c.toBuffer('image/png');
}

test.use({ stationOptions: { role: 'admin', name: 'Organiser', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });

test('organiser designs a badge: draft preview, logo checks, save, and the next print follows it', async ({ station: server, printer: vp, page }) => {
  const tid = (id: string) => page.getByTestId(id);
  await page.goto(server.url + '#/badges');
  await tid('bd').waitFor();
  await tid('bp-image').waitFor();
  assert.match(await tid('bd-state').innerText(), /기본 디자인/);
  const src = () => tid('bp-image').getAttribute('src');
  /** The preview of the latest edit (aria-busy false: no newer request in flight), once it differs from `before`. */
  const changedFrom = async (before: string | null) =>
    until('the preview to redraw', async () => {
      if ((await tid('bp-preview').getAttribute('aria-busy')) !== 'false') return null;
      const now = await src();
      return now !== before ? now : null;
    });

  // Legend: every Korean label stays on one line (no "공공구/매").
  const split = await page.evaluate(() => Array.from(document.querySelectorAll('.badge-legend li')).filter((li) => li.getClientRects().length > 0 && /공공구\s*$/.test(li.textContent ?? '')).length);
  assert.equal(split, 0);

  await tid('bp-category').selectOption('public_buyer');
  let shown = await changedFrom(null);
  assert.equal(await tid('bd-field-country').isChecked(), true, 'buyers carry their country by default');
  await tid('bd-field-country').uncheck();
  shown = await changedFrom(shown);
  assert.match(await tid('bd-state').innerText(), /저장하지 않은 변경/);
  await tid('bd-field-country').check();
  shown = await changedFrom(shown);

  await tid('bd-header').fill('공공조달 박람회 · Procurement Fair');
  shown = await changedFrom(shown);
  await tid('bd-font-name').fill('112');
  shown = await changedFrom(shown);

  // A file that is not an image: refused in both languages, the draft keeps no logo.
  await tid('bd-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
  await tid('bd-logo-msg').filter({ hasText: 'PNG나 JPG 그림이 아닙니다' }).waitFor();
  assert.match(await tid('bd-logo-msg').innerText(), /Not a PNG or JPG image/);
  await tid('bd-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo() });
  await tid('bd-logo-msg').filter({ hasText: '로고를 넣었습니다' }).waitFor();
  shown = await changedFrom(shown);
  await screenshot(page, 'badge-design-1-draft');

  // Double click on save: one save.
  await tid('bd-save').dblclick();
  await tid('bd-msg').filter({ hasText: '저장했습니다' }).waitFor();
  assert.match(await tid('bd-state').innerText(), /저장됨/);
  const audit = await api<{ design: { headerText: string; logoPng: string | null; fonts: { name: number } } }>(server, 'printing.design.get', {});
  assert.equal(audit.value?.design.headerText, '공공조달 박람회 · Procurement Fair');
  assert.ok(audit.value?.design.logoPng);
  assert.equal(audit.value?.design.fonts.name, 112);
  await screenshot(page, 'badge-design-2-saved');

  // A real visitor's preview (the saved design) is what the printer then gets.
  await tid('bp-code').fill('PPS22-100001');
  await tid('bp-code').press('Enter');
  const visitorPreview = await changedFrom(shown);
  const saved = await api<{ status: string; printer: { id: string } }>(server, 'printing.printers.save', { name: 'P', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' });
  assert.ok((await api(server, 'printing.station.set', { printerId: saved.value!.printer.id, autoPrint: true })).ok);
  assert.equal((await api<{ status: string }>(server, 'checkin.scan', { code: 'PPS22-100001', nonce: 'bd-e2e-scan-1' })).value?.status, 'checked_in');
  const [job] = await vp.waitForJobs(1, 30_000);
  fs.copyFileSync(job!.file, path.join(path.dirname(await screenshot(page, 'badge-design-3-visitor')), 'badge-design-4-printed.png'));
  assert.ok(visitorPreview);
});
