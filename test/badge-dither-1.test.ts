/**
 * A logo on thermal paper (issue 14): a one-colour head can only ink a dot or not, so
 * the logo's grey is printed as a pattern of dots (Floyd–Steinberg) — a mid-grey logo
 * inks about half its dots, spread out, where a threshold inked all of them or none.
 * Text and the QR stay thresholded. Checked on the raster and on the page a real TCP
 * printer (the virtual printer) receives from a check-in.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { DEFAULT_BADGE_DESIGN, prepareDesign } from '../main/printing/badge.design';
import { renderBadge, toRaster, type BadgeData, type Raster } from '../main/printing/badge.render';
import { startVirtualPrinter, type VirtualPrinter } from '../main/printing/virtual-printer';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { autoPrintTo } from './helpers/printed';

/** A logo of one flat colour. */
function flatPng(w: number, h: number, colour: string): string {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, w, h);
  return c.toBuffer('image/png').toString('base64');
}

const dot = (r: Raster, x: number, y: number) => (r.data[y * r.bytesPerRow + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;

/** Where a black logo inks and a white one of the same size (same layout) does not: the logo's box, in dots. */
function diffBox(withLogo: Raster, without: Raster) {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < withLogo.height; y++)
    for (let x = 0; x < withLogo.width; x++)
      if (dot(withLogo, x, y) && !dot(without, x, y)) {
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      }
  assert.ok(x1 > x0 + 16 && y1 > y0 + 8, 'the black logo inks a box');
  return { x0, y0, x1, y1 };
}

/** Share of inked dots in the box, and 8×8 cells of it that are all ink or all paper. */
function inkIn(r: Raster, b: { x0: number; y0: number; x1: number; y1: number }) {
  let inked = 0;
  let total = 0;
  let solid = 0;
  let cells = 0;
  for (let y = b.y0; y <= b.y1; y++) for (let x = b.x0; x <= b.x1; x++) (total++, dot(r, x, y) && inked++);
  for (let cy = b.y0 + 1; cy + 8 <= b.y1; cy += 8)
    for (let cx = b.x0 + 1; cx + 8 <= b.x1; cx += 8) {
      let n = 0;
      for (let y = cy; y < cy + 8; y++) for (let x = cx; x < cx + 8; x++) if (dot(r, x, y)) n++;
      cells++;
      if (n === 0 || n === 64) solid++;
    }
  return { share: inked / total, solid, cells };
}

const DATA: BadgeData = { code: 'PPS22-400001', nameKo: '김은희', nameEn: null, organisation: '조달청', category: 'visitor', eventName: '박람회', eventDays: ['2022-04-13'] };

describe('logo dithered on thermal paper', () => {
  for (const stock of ['roll80', 'label100x60'] as const) {
    test(`a mid-grey logo inks about half its dots, spread out (${stock}); text stays crisp`, async () => {
      const render = async (logo: string | null) => renderBadge(DATA, stock, await prepareDesign({ ...DEFAULT_BADGE_DESIGN, logoPng: logo }));
      const none = await render(flatPng(300, 80, '#fff'));
      const box = diffBox(await render(flatPng(300, 80, '#000')), none);
      const grey = inkIn(await render(flatPng(300, 80, 'rgb(128,128,128)')), box);
      assert.ok(grey.share > 0.4 && grey.share < 0.6, `mid grey inks ${(grey.share * 100).toFixed(1)} % of the logo's dots`);
      assert.equal(grey.solid, 0, `${grey.solid} of ${grey.cells} 8×8 cells are solid ink or bare paper`);
      const light = inkIn(await render(flatPng(300, 80, 'rgb(200,200,200)')), box);
      assert.ok(light.share > 0.12 && light.share < 0.32, `light grey inks ${(light.share * 100).toFixed(1)} %`);
      assert.equal(inkIn(none, box).share, 0, 'a white logo inks nothing');
      // Outside the logo nothing changed: the rest of the badge is the thresholded one.
      const withGrey = await render(flatPng(300, 80, 'rgb(128,128,128)'));
      for (let y = 0; y < none.height; y++)
        for (let x = 0; x < none.width; x++)
          if (x < box.x0 || x > box.x1 || y < box.y0 || y > box.y1) assert.equal(dot(withGrey, x, y), dot(none, x, y), `dot ${x},${y} outside the logo`);
    });
  }

  describe('through a check-in to a TCP printer', () => {
    let s: Awaited<ReturnType<typeof testStation>>;
    let vp: VirtualPrinter;
    before(async () => {
      const dataDir = tempDir();
      vp = await startVirtualPrinter({ port: 0, outDir: path.join(dataDir, 'printed') });
      s = await testStation({ dataDir, role: 'admin', name: 'Desk 1' });
      await seed(s, [visitor({ code: 'PPS22-400001', nameKo: '김은희', organisation: '조달청', category: 'visitor' })]);
      await autoPrintTo(s, vp.port);
    });
    after(async () => {
      await s.close();
      await vp.close();
    });

    test('the printed page carries the grey logo as dots', async () => {
      // A grey gradient, as a real logo's shading would be, through the upload check.
      const c = createCanvas(400, 100);
      const ctx = c.getContext('2d');
      const g = ctx.createLinearGradient(0, 0, 400, 0);
      g.addColorStop(0, '#000');
      g.addColorStop(1, '#fff');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 400, 100);
      const logo = must(await s.invoke('printing.design.logo', { dataBase64: c.toBuffer('image/png').toString('base64') }));
      assert.equal(logo.status, 'ok');
      if (logo.status !== 'ok') return;
      const design = must(await s.invoke('printing.design.get', {})).design;
      must(await s.invoke('printing.design.save', { design: { ...design, logoPng: logo.logoPng } }));
      const r = must(await s.invoke('checkin.scan', { code: 'PPS22-400001', nonce: 'dither-0001-scan', method: 'scan' }));
      assert.equal(r.status, 'checked_in');
      const [job] = await vp.waitForJobs(1, 60_000);
      if (process.env.FAIRDESK_KEEP_PNG) fs.copyFileSync(job!.file, process.env.FAIRDESK_KEEP_PNG);
      const img = await loadImage(fs.readFileSync(job!.file));
      const cv = createCanvas(img.width, img.height);
      const cx = cv.getContext('2d');
      cx.drawImage(img, 0, 0);
      const page = toRaster(cx.getImageData(0, 0, img.width, img.height).data, img.width, img.height);
      // The logo is the first thing on the page: the inked rows from the top down to the first blank row.
      const blank = (y: number) => { for (let x = 0; x < page.width; x++) if (dot(page, x, y)) return false; return true; };
      let y0 = 0;
      while (y0 < page.height && blank(y0)) y0++;
      let y1 = y0;
      while (y1 < page.height && !blank(y1)) y1++;
      let x0 = page.width, x1 = 0;
      for (let y = y0; y < y1; y++) for (let x = 0; x < page.width; x++) if (dot(page, x, y)) (x0 = Math.min(x0, x), x1 = Math.max(x1, x));
      const box = { x0, y0, x1, y1: y1 - 1 };
      assert.ok(y1 - y0 > 20 && x1 - x0 > 100, `a logo at the top: ${JSON.stringify(box)}`);
      const w = box.x1 - box.x0;
      const third = (i: number) => inkIn(page, { ...box, x0: box.x0 + Math.round((i * w) / 3), x1: box.x0 + Math.round(((i + 1) * w) / 3) }).share;
      const [dark, mid, light] = [third(0), third(1), third(2)];
      assert.ok(dark > mid && mid > light, `darker where the logo is darker: ${dark.toFixed(2)} > ${mid.toFixed(2)} > ${light.toFixed(2)}`);
      assert.ok(mid > 0.3 && mid < 0.7, `the middle third inks ${(mid * 100).toFixed(1)} %`);
    });
  });
});
