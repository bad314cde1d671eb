/**
 * The organiser's badge designer (issue 14): the design is saved with the event, every
 * badge raster is drawn from it (the preview is the print: the bytes a real TCP printer
 * receives are the preview's raster), fields per category (buyers carry their country),
 * thermal-safe font limits and logo checks refuse what cannot print, a desk cannot save.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { BadgeDesign } from '../contract/index';
import { startVirtualPrinter, type VirtualPrinter } from '../main/printing/virtual-printer';
import { toRaster } from '../main/printing/badge.render';
import { escposRaster } from '../main/printing/escpos.encode';
import { sampleBadge } from '../main/services/printing/badge-data';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';

type TestStation = Awaited<ReturnType<typeof testStation>>;

/** A PNG of w × h: black text-like bars on white (a stand-in logo). */
function logoPng(w: number, h: number): string {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#000';
  for (let x = 4; x < w - 8; x += 16) ctx.fillRect(x, 4, 8, h - 8);
  return c.toBuffer('image/png').toString('base64');
}

/** The preview's PNG back to the printer's 1-bit raster. */
async function previewRaster(dataUrl: string) {
  const img = await loadImage(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return toRaster(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height);
}

for (const tdb of testDatabases()) describe(`badge designer (${tdb.name})`, () => {
  let s: TestStation;
  let vp: VirtualPrinter;
  let dataDir: string;

  before(async () => {
    dataDir = tempDir();
    vp = await startVirtualPrinter({ port: 0, outDir: path.join(dataDir, 'printed'), keepRaw: true });
    s = await testStation({ dataDir, db: await tdb.target(dataDir), role: 'admin', name: 'Organiser' });
    await seed(s, [
      visitor({ code: 'PPS22-300001', nameKo: '김은희', organisation: '조달청', category: 'public_buyer', country: '대한민국' }),
      visitor({ code: 'PPS22-300002', nameKo: 'John Smith', nameEn: 'John Smith', organisation: 'Acme Corp', category: 'foreign_buyer', country: 'United States' }),
    ]);
    const saved = must(await s.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
    if (saved.status !== 'saved') throw new Error(JSON.stringify(saved));
    must(await s.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: true }));
  });
  after(async () => {
    await s.close();
    await vp.close();
  });

  const preview = async (code: string) => must(await s.invoke('printing.badge.preview', { code, stock: 'roll80' })).dataUrl;

  test('the default design until saved; buyers carry their country, and a saved design changes what prints', async () => {
    const first = must(await s.invoke('printing.design.get', {}));
    assert.equal(first.savedAt, null);
    assert.deepEqual(first.design.categories.public_buyer!.fields, ['organisation', 'country']);
    assert.ok(first.design.categories.foreign_buyer!.fields.includes('country'));

    const withCountry = await preview('PPS22-300001');
    const noCountry: BadgeDesign = { ...first.design, categories: { ...first.design.categories, public_buyer: { ...first.design.categories.public_buyer!, fields: ['organisation'] } } };
    must(await s.invoke('printing.design.save', { design: noCountry }));
    assert.notEqual(await preview('PPS22-300001'), withCountry, 'the country line is on the buyer badge only while the design lists it');

    const design: BadgeDesign = { ...first.design, headerText: '조달 박람회 · Procurement Fair', fonts: { name: 112, detail: 40, header: 36 } };
    const saved = must(await s.invoke('printing.design.save', { design }));
    const got = must(await s.invoke('printing.design.get', {}));
    assert.equal(got.savedAt, saved.savedAt);
    assert.equal(got.savedBy, 'Organiser');
    assert.deepEqual(got.design, design);
    assert.notEqual(await preview('PPS22-300001'), withCountry, 'header and sizes changed the raster');
    const audit = await s.handle.db.selectFrom('audit_log').selectAll().where('channel', '=', 'printing.design.save').execute();
    assert.equal(audit.length, 2, 'an audit row per save');
  });

  test('the preview is the print: the bytes the TCP printer receives are the preview raster', async () => {
    const expected = escposRaster(await previewRaster(await preview('PPS22-300002')));
    assert.equal(must(await s.invoke('checkin.scan', { code: 'PPS22-300002', nonce: 'design-scan-1' })).status, 'checked_in');
    await vp.waitForJobs(1, 30_000);
    // Every connection's bytes are kept (a status probe is a connection of its own): the job's is the one with a raster.
    const dir = path.join(dataDir, 'printed');
    const raws = await until('the raw job bytes', async () => {
      const all = fs.readdirSync(dir).filter((n) => n.endsWith('.bin')).map((n) => fs.readFileSync(path.join(dir, n)));
      return all.some((b) => b.length > 1000) ? all : null;
    });
    assert.ok(raws.some((b) => b.includes(expected)), 'the printed raster equals the preview, dot for dot');
  });

  test('thermal-safe limits, unknown fields and a desk saving are refused; nothing changes', async () => {
    const before = must(await s.invoke('printing.design.get', {}));
    const tooSmall = { ...before.design, fonts: { ...before.design.fonts, detail: 12 } };
    assert.equal((await s.invoke('printing.design.save', { design: tooSmall })).ok, false);
    const r = await s.invoke('printing.design.save', { design: { ...before.design, fonts: { ...before.design.fonts, name: 400 } } });
    assert.equal(!r.ok && r.error.code, 'invalid_input');
    const phone = { ...before.design, categories: { ...before.design.categories, visitor: { fields: ['phone'] } } };
    assert.equal((await s.invoke('printing.design.save', { design: phone })).ok, false, 'no phone on a badge');
    const desk = await testStation({ dataDir: tempDir(), db: { kind: 'sqlite', file: path.join(tempDir(), 'x.sqlite') }, role: 'desk' });
    try {
      const d = await desk.invoke('printing.design.save', { design: before.design });
      assert.equal(!d.ok && d.error.code, 'forbidden');
    } finally {
      await desk.close();
    }
    assert.deepEqual(must(await s.invoke('printing.design.get', {})), before);
  });

  test('logo: garbage and tiny images are refused with a reason; a real one is normalised and printed', async () => {
    assert.deepEqual(must(await s.invoke('printing.design.logo', { dataBase64: Buffer.from('GIF89a not really').toString('base64') })), { status: 'not_an_image' });
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0'.repeat(50))]);
    assert.deepEqual(must(await s.invoke('printing.design.logo', { dataBase64: broken.toString('base64') })), { status: 'not_an_image' });
    assert.deepEqual(must(await s.invoke('printing.design.logo', { dataBase64: logoPng(12, 12) })), { status: 'too_small' });
    const big = must(await s.invoke('printing.design.logo', { dataBase64: logoPng(1200, 300) }));
    assert.equal(big.status, 'ok');
    if (big.status !== 'ok') return;
    assert.ok(big.width <= 480 && big.height <= 120, `scaled to the header band, got ${big.width}×${big.height}`);

    const design = must(await s.invoke('printing.design.get', {})).design;
    const without = must(await s.invoke('printing.design.preview', { design, category: 'visitor', stock: 'roll80' }));
    const withLogo = must(await s.invoke('printing.design.preview', { design: { ...design, logoPng: big.logoPng }, category: 'visitor', stock: 'roll80' }));
    assert.notEqual(withLogo.dataUrl, without.dataUrl);
    must(await s.invoke('printing.design.save', { design: { ...design, logoPng: big.logoPng } }));
    assert.equal((await preview('PPS22-300001')).length > 0, true);
    assert.equal(must(await s.invoke('printing.design.get', {})).design.logoPng, big.logoPng);
  });

  test('a name typed for the foreign buyer preview replaces the sample names (no fixed English name beside it)', async () => {
    const typed = await sampleBadge(s.handle.db, 'foreign_buyer', '홍길동');
    assert.equal(typed.nameKo, '홍길동');
    assert.equal(typed.nameEn, null);
    const latin = await sampleBadge(s.handle.db, 'foreign_buyer', 'Maria Garcia');
    assert.equal(latin.nameEn, 'Maria Garcia');
    assert.equal((await sampleBadge(s.handle.db, 'foreign_buyer')).nameEn, 'Nguyen Van An');
  });
});
