/** The pure encoder: raster → ESC/POS / Star bytes, checked byte by byte and read back by the virtual printer's parser. */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { renderBadge, toRaster, type Raster } from '../main/printing/badge.render';
import { encodeBadge, escposRaster, parseStatusByte, starRaster } from '../main/printing/escpos.encode';
import { parseJob } from '../main/printing/virtual-printer';

const tiny: Raster = { width: 12, height: 3, bytesPerRow: 2, data: new Uint8Array([0xff, 0xf0, 0x80, 0x10, 0xaa, 0x50]) };

describe('escpos encoder', () => {
  test('GS v 0 carries bytes per row and rows, then the rows as they are', () => {
    const b = escposRaster(tiny);
    assert.deepEqual([...b.subarray(0, 8)], [0x1d, 0x76, 0x30, 0x00, 2, 0, 3, 0]);
    assert.deepEqual([...b.subarray(8)], [...tiny.data]);
  });

  test('tall rasters are split into bands whose rows add up', () => {
    const r: Raster = { width: 576, height: 300, bytesPerRow: 72, data: new Uint8Array(72 * 300).fill(0x55) };
    const b = escposRaster(r);
    let i = 0;
    let rows = 0;
    while (i < b.length) {
      assert.deepEqual([...b.subarray(i, i + 4)], [0x1d, 0x76, 0x30, 0x00]);
      assert.equal(b[i + 4]! + b[i + 5]! * 256, 72);
      const h = b[i + 6]! + b[i + 7]! * 256;
      rows += h;
      i += 8 + 72 * h;
    }
    assert.equal(rows, 300);
    assert.equal(i, b.length);
  });

  test('Star raster: enter, one `b n1 n2` line per row, exit', () => {
    const b = starRaster(tiny);
    assert.deepEqual([...b.subarray(0, 4)], [0x1b, 0x2a, 0x72, 0x41]);
    assert.deepEqual([...b.subarray(4, 9)], [0x62, 2, 0, 0xff, 0xf0]);
    assert.deepEqual([...b.subarray(-4)], [0x1b, 0x2a, 0x72, 0x42]);
    assert.equal(b.length, 4 + 3 * 5 + 4);
  });

  test('a badge job centres, prints the raster, feeds and cuts (EPSON: GS V; Star: ESC d)', () => {
    const e = encodeBadge('epson', tiny);
    assert.deepEqual([...e.subarray(0, 3)], [0x1b, 0x61, 0x01]);
    assert.ok(e.includes(Buffer.from([0x1d, 0x56, 0x00])), 'EPSON full cut');
    const s = encodeBadge('star', tiny);
    assert.ok(s.includes(Buffer.from([0x1b, 0x64, 0x02])), 'Star full cut');
  });

  test('the virtual printer reads an encoded badge back to the same dots', () => {
    const badge = renderBadge({ code: 'PPS22-1', nameKo: '김은희', nameEn: null, organisation: null, category: 'staff', eventName: '박람회', eventDays: ['2022-04-13'] }, 'roll58');
    const pages = parseJob(encodeBadge('epson', badge));
    assert.equal(pages.length, 1);
    const rasters = pages[0]!.filter((e) => e.kind === 'raster');
    const rows = rasters.reduce((n, e) => n + (e.kind === 'raster' ? e.height : 0), 0);
    assert.equal(rows, badge.height);
    const joined = Buffer.concat(rasters.map((e) => (e.kind === 'raster' ? e.data : Buffer.alloc(0))));
    assert.deepEqual(new Uint8Array(joined), badge.data);
  });

  test('Star: two badges on one connection are two pages (ESC d cuts on a Star, feeds on EPSON)', () => {
    const badge = renderBadge({ code: 'PPS22-2', nameKo: '배정호', nameEn: null, organisation: null, category: 'visitor', eventName: '박람회', eventDays: ['2022-04-13'] }, 'roll58');
    const star = parseJob(Buffer.concat([encodeBadge('star', badge), encodeBadge('star', badge)]));
    assert.equal(star.length, 2);
    for (const page of star) assert.equal(page.reduce((n, e) => n + (e.kind === 'raster' ? e.height : 0), 0), badge.height);
    const epson = parseJob(Buffer.concat([encodeBadge('epson', badge), encodeBadge('epson', badge)]));
    assert.equal(epson.length, 2);
  });

  test('widths that are not a multiple of 8 pad each row', () => {
    const rgba = new Uint8ClampedArray(10 * 1 * 4).fill(0);
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255; // opaque black
    const r = toRaster(rgba, 10, 1);
    assert.equal(r.bytesPerRow, 2);
    assert.deepEqual([...r.data], [0xff, 0xc0]);
    assert.deepEqual([...escposRaster(r).subarray(4, 8)], [2, 0, 1, 0]);
  });

  test('status byte: ready, offline, not a status byte', () => {
    assert.deepEqual(parseStatusByte(0x12), { valid: true, offline: false });
    assert.deepEqual(parseStatusByte(0x1a), { valid: true, offline: true });
    assert.equal(parseStatusByte(0x41).valid, false);
  });
});
