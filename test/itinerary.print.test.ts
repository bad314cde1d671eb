/**
 * Itineraries, SQLite and PostgreSQL: a buyer from Shanghai (a Han name) and an SME find
 * their day's video meetings by badge code (by organisation: the file lists no codes);
 * the buyer's slip goes through the print queue to a real (virtual) printer over TCP,
 * and the dots that arrive are the slip's raster — six meetings, Han and Hangul inked.
 * Unknown codes, a visitor without meetings, a station without a printer and a repeated
 * request answer plainly and print nothing extra.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import { renderItinerary } from '../main/printing/itinerary.render';
import type { Raster } from '../main/printing/badge.render';
import { startVirtualPrinter, type VirtualPrinter } from '../main/printing/virtual-printer';
import { slipForJob, slipOf } from '../main/services/itinerary/itinerary.service';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';
import { VIDEO_DAY, videoDayCsv } from './fixtures/video-day';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const blackInRaster = (r: Raster) => {
  let n = 0;
  for (const b of r.data) for (let bit = b; bit; bit &= bit - 1) n++;
  return n;
};
const readPng = (file: string) => PNG.sync.read(fs.readFileSync(file));
const blackInPng = (png: PNG) => {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 128) n++;
  return n;
};
/** Rows (y) of a PNG with any ink: printed lines of text show as bands. */
const inkedBands = (png: PNG) => {
  let bands = 0;
  let inBand = false;
  for (let y = 0; y < png.height; y++) {
    let ink = false;
    for (let x = 0; x < png.width && !ink; x++) ink = png.data[(y * png.width + x) * 4]! < 128;
    if (ink && !inBand) bands++;
    inBand = ink;
  }
  return bands;
};

const BUYER = 'PPS22-700001';
const SME = 'PPS22-700002';
const NOBODY = 'PPS22-700003';

for (const tdb of testDatabases()) describe(`itineraries: on screen and as a thermal slip (${tdb.name})`, () => {
  let s: Awaited<ReturnType<typeof testStation>>;
  let vp: VirtualPrinter;
  before(async () => {
    const dataDir = tempDir();
    vp = await startVirtualPrinter({ port: 0, outDir: `${dataDir}/printed` });
    s = await testStation({ dataDir, db: await tdb.target(dataDir), role: 'admin', name: 'Desk 1' });
    s.clock.set(`${VIDEO_DAY}T09:30:00+09:00`);
    await seed(s, [
      visitor({ code: BUYER, nameKo: '王芳', nameEn: 'Wang Fang', organisation: 'Shanghai Trading Co.', category: 'foreign_buyer', country: '중국' }),
      visitor({ code: SME, nameKo: '김하나', organisation: '(주)화상기업05', category: 'exhibitor' }),
      visitor({ code: NOBODY, nameKo: '박방문' }),
    ]);
    must(await s.invoke('programme.import.commit', { fileName: 'video-day.csv', dataBase64: b64(videoDayCsv({ booth: true })) }));
  });
  after(async () => {
    await s.close();
    await vp.close();
  });

  test('on screen: the buyer meets six SMEs, the SME one buyer; unknown and meeting-less codes answer plainly', async () => {
    const b = must(await s.invoke('itinerary.get', { code: BUYER.toLowerCase() }));
    assert.equal(b.status, 'found');
    if (b.status !== 'found') return;
    assert.equal(b.itinerary.side, 'buyer');
    assert.equal(b.itinerary.items.length, 6);
    assert.deepEqual(b.itinerary.items.map((i) => i.start.slice(11, 16)), ['01:00', '01:20', '01:40', '02:00', '02:20', '02:40'], 'UTC of 10:00 … 11:40 in Seoul');
    assert.ok(b.itinerary.items.every((i) => i.online && i.buyerTimeZone === 'Asia/Shanghai' && i.interpreter === '중국어 통역 A'));
    const sme = must(await s.invoke('itinerary.get', { code: SME }));
    assert.equal(sme.status === 'found' && sme.itinerary.items.map((i) => [i.counterpart, i.venue]).join(), ['İstanbul Yapı A.Ş.', '화상상담실 부스1'].join());
    assert.equal(must(await s.invoke('itinerary.get', { code: NOBODY })).status, 'none');
    assert.equal(must(await s.invoke('itinerary.get', { code: 'PPS22-999999' })).status, 'unknown_code');
    const nul = await s.invoke('itinerary.get', { code: 'PPS22\u0000' });
    assert.ok(!nul.ok || nul.value.status === 'unknown_code');
  });

  test('a slip on the printer: the bytes over TCP are the itinerary raster, six meetings inked; a repeat prints once', async () => {
    assert.equal(must(await s.invoke('itinerary.print', { nonce: randomUUID(), code: BUYER })).status, 'no_printer');
    const saved = must(await s.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
    assert.equal(saved.status, 'saved');
    if (saved.status !== 'saved') return;
    must(await s.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: false }));

    const nonce = randomUUID();
    const r = must(await s.invoke('itinerary.print', { nonce, code: BUYER }));
    assert.equal(r.status, 'queued');
    assert.equal(must(await s.invoke('itinerary.print', { nonce, code: BUYER })).status, 'queued', 'a double tap answers the same');
    const [page] = await vp.waitForJobs(1);
    const jobs = await until('itinerary printed', async () => {
      const rows = await s.handle.db.selectFrom('print_jobs').selectAll().where('kind', '=', 'itinerary').execute();
      return rows.length === 1 && rows[0]!.state === 'printed' && rows;
    });
    const slip = await slipForJob(s.handle.db, jobs[0]!.nonce);
    assert.ok(slip);
    assert.equal(slip.name, '王芳');
    assert.deepEqual(slip.lines.map((l) => l.time), ['10:00–10:14', '10:20–10:34', '10:40–10:54', '11:00–11:14', '11:20–11:34', '11:40–11:54']);
    assert.match(slip.lines[0]!.note, /현지 local 09:00/);
    const png = readPng(page!.file);
    const raster = renderItinerary(slip, 'roll80');
    assert.ok(png.height >= raster.height, 'the whole slip arrived (plus the feed before the cut)');
    assert.equal(blackInPng(png), blackInRaster(raster), 'the printer received exactly the itinerary');
    // Header bands + at least two bands (time/venue, counterpart) per meeting.
    assert.ok(inkedBands(png) >= 6 * 2 + 4, `inked bands: ${inkedBands(png)}`);
    // One meeting is a shorter slip: the rows are the meetings.
    const one = renderItinerary({ ...slip, lines: slip.lines.slice(0, 1) }, 'roll80');
    assert.ok(one.height < raster.height - 5 * 60, 'each meeting adds its rows');
    // The Han name is drawn, not dropped: without it the slip has less ink.
    assert.ok(blackInRaster(renderItinerary({ ...slip, name: '' }, 'roll80')) < blackInRaster(raster));
    const dir = path.resolve('test-results', 'screenshots');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(page!.file, path.join(dir, `itinerary-slip-${tdb.name}.png`));
    assert.equal(vp.jobs.length, 1);
    const log = must(await s.invoke('printing.log', { code: BUYER }));
    assert.deepEqual(log.jobs.map((j) => [j.kind, j.state]), [['itinerary', 'printed']]);
  });

  test("the note names the buyer's country on an SME's slip, never on the buyer's own", async () => {
    const b = must(await s.invoke('itinerary.get', { code: BUYER }));
    const sme = must(await s.invoke('itinerary.get', { code: SME }));
    assert.ok(b.status === 'found' && sme.status === 'found');
    if (b.status !== 'found' || sme.status !== 'found') return;
    assert.ok(b.itinerary.items.every((i) => i.country === '중국'), 'the programme carries the buyer\'s country');
    const buyerSlip = slipOf(b.itinerary, '王芳', 'Fair', 'Asia/Seoul');
    assert.equal(buyerSlip.lines.length, 6);
    for (const l of buyerSlip.lines) {
      // (The interpreter's own name here, '중국어 통역 A', says 중국 too: match the whole note.)
      assert.doesNotMatch(l.note, /Video · 중국/, `buyer's note: ${l.note}`);
      assert.match(l.note, /^화상 Video · 현지 local \d\d:\d\d · 통역 Interpreter 중국어 통역 A$/, l.note);
    }
    const smeSlip = slipOf(sme.itinerary, '김하나', 'Fair', 'Asia/Seoul');
    assert.match(smeSlip.lines[0]!.note, /^화상 Video · \S+ · 현지 local \d\d:\d\d/, smeSlip.lines[0]!.note);
    // An in-person meeting: the SME's note is the buyer's country; the buyer's is empty.
    const inPerson = { ...sme.itinerary, items: sme.itinerary.items.map((i) => ({ ...i, online: false, buyerTimeZone: null, interpreter: null, country: '일본' })) };
    assert.equal(slipOf(inPerson, '김하나', 'Fair', 'Asia/Seoul').lines[0]!.note, '일본');
    assert.equal(slipOf({ ...inPerson, side: 'buyer' }, '山田', 'Fair', 'Asia/Seoul').lines[0]!.note, '');
  });
});
