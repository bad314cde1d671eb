/**
 * The badge raster: for every category and stock the QR decodes back to the code, the
 * name area carries ink, long/emoji/mixed-script names stay inside the paper, and the
 * preview PNG is the printer's raster dot for dot.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { CATEGORIES } from '../contract/index';
import { BADGE_STOCKS } from '../contract/printing.channels';
import { printableText, rasterToPng, renderBadge, type BadgeData, type Raster } from '../main/printing/badge.render';
import { STOCK_SPECS } from '../main/printing/badge.templates';
import { must, seed, testStation, visitor } from './helpers/station';

const EVENT = { eventName: '2022 공공조달박람회', eventDays: ['2022-04-13', '2022-04-14', '2022-04-15'] };

export function rasterRgba(r: Raster): Uint8ClampedArray {
  const out = new Uint8ClampedArray(r.width * r.height * 4);
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const v = r.data[y * r.bytesPerRow + (x >> 3)]! & (0x80 >> (x & 7)) ? 0 : 255;
      out.set([v, v, v, 255], (y * r.width + x) * 4);
    }
  }
  return out;
}

function inkIn(r: Raster, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (r.data[y * r.bytesPerRow + (x >> 3)]! & (0x80 >> (x & 7))) n++;
  return n;
}

const decode = (r: Raster) => jsQR(rasterRgba(r), r.width, r.height)?.data;

describe('badge render', () => {
  for (const stock of BADGE_STOCKS) {
    for (const category of CATEGORIES) {
      test(`${stock} / ${category}: QR decodes to the code, name area is inked`, () => {
        const data: BadgeData = { ...EVENT, code: 'PPS22-100001', nameKo: '김은희', nameEn: 'Eunhee Kim', organisation: '한국도로공사', category };
        const r = renderBadge(data, stock);
        const spec = STOCK_SPECS[stock];
        assert.equal(r.width, spec.widthDots);
        assert.equal(r.height, spec.heightDots);
        assert.equal(decode(r), 'PPS22-100001');
        // The name sits in the upper middle (portrait) or left middle (landscape).
        const nameInk = spec.layout === 'portrait' ? inkIn(r, 0, Math.round(r.height * 0.15), r.width, Math.round(r.height * 0.35)) : inkIn(r, 0, Math.round(r.height * 0.2), Math.round(r.width * 0.55), Math.round(r.height * 0.5));
        assert.ok(nameInk > 1500, `name area has ink (${nameInk} dots)`);
      });
    }
  }

  test('the name area is blank-free only because of the name (control: no name → less ink)', () => {
    const base: BadgeData = { ...EVENT, code: 'PPS22-100002', nameKo: '김은희', nameEn: null, organisation: null, category: 'visitor' };
    const withName = renderBadge(base, 'roll80');
    const withoutName = renderBadge({ ...base, nameKo: ' ' }, 'roll80');
    const region = (r: Raster) => inkIn(r, 0, Math.round(r.height * 0.15), r.width, Math.round(r.height * 0.35));
    // With no name the code stands in; a real name must print more than nothing at all.
    assert.ok(region(withName) > 0);
    assert.notEqual(region(withName), region(withoutName));
  });

  test('a 60-character name fits inside the paper and keeps the QR readable', () => {
    const long = '가나다라마바사아자차카타파하'.repeat(5).slice(0, 60);
    for (const stock of BADGE_STOCKS) {
      const r = renderBadge({ ...EVENT, code: 'W-ABCDEFGH', nameKo: long, nameEn: null, organisation: 'Very Long Organisation Name International Procurement Division Seoul', category: 'exhibitor' }, stock);
      assert.equal(decode(r), 'W-ABCDEFGH', stock);
      // Nothing is drawn in the outer 1% margins above the band (text never runs off the edge).
      const edge = Math.max(2, Math.floor(r.width * 0.01));
      const bandTop = Math.round(r.height * 0.8);
      assert.equal(inkIn(r, 0, Math.round(r.height * 0.15), edge, bandTop) + inkIn(r, r.width - edge, Math.round(r.height * 0.15), r.width, bandTop), 0, stock);
    }
  });

  test('emoji are dropped rather than printed as boxes; Hangul, Latin and digits stay', () => {
    assert.equal(printableText('김민준 🎉'), '김민준');
    assert.equal(printableText('👍🏽 Anna\u200d Lee 🇰🇷'), 'Anna Lee');
    assert.equal(printableText('이서연(Seoyeon) 2세'), '이서연(Seoyeon) 2세');
    assert.equal(printableText('a\u0000b\tc'), 'ab c');
    // Hanja now print (the CJK fallback fonts): kept, and the badge differs from the English one.
    assert.equal(printableText('金民俊 김민준'), '金民俊 김민준');
    const hanjaOnly = renderBadge({ ...EVENT, code: 'H-1', nameKo: '金民俊', nameEn: 'Minjun Kim', organisation: null, category: 'visitor' }, 'roll80');
    const english = renderBadge({ ...EVENT, code: 'H-1', nameKo: 'Minjun Kim', nameEn: null, organisation: null, category: 'visitor' }, 'roll80');
    assert.notDeepEqual(hanjaOnly.data, english.data);
    const withEmoji = renderBadge({ ...EVENT, code: 'E-1', nameKo: '남궁민수👍', nameEn: null, organisation: null, category: 'press' }, 'roll80');
    const plain = renderBadge({ ...EVENT, code: 'E-1', nameKo: '남궁민수', nameEn: null, organisation: null, category: 'press' }, 'roll80');
    assert.deepEqual(withEmoji.data, plain.data);
  });

  test('the preview channel returns the printer raster as a PNG, dot for dot', async () => {
    const s = await testStation();
    try {
      await seed(s, [visitor({ code: 'PPS22-100003', nameKo: '배정호', organisation: '조달청', category: 'vip' })]);
      const p = must(await s.invoke('printing.badge.preview', { code: 'pps22-100003', stock: 'roll58' }));
      assert.match(p.dataUrl, /^data:image\/png;base64,/);
      const png = PNG.sync.read(Buffer.from(p.dataUrl.split(',')[1]!, 'base64'));
      const expected = renderBadge({ ...EVENT, code: 'PPS22-100003', nameKo: '배정호', nameEn: null, organisation: '조달청', category: 'vip' }, 'roll58');
      assert.equal(png.width, expected.width);
      assert.deepEqual(new Uint8Array(png.data), new Uint8Array(rasterRgba(expected)));
      assert.deepEqual(new Uint8Array(PNG.sync.read(rasterToPng(expected)).data), new Uint8Array(png.data));
      const unknown = await s.invoke('printing.badge.preview', { code: 'NOPE-1' });
      assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'not_found');
      const sample = must(await s.invoke('printing.badge.preview', { category: 'foreign_buyer', stock: 'label100x60' }));
      assert.equal(sample.width, 800);
    } finally {
      await s.close();
    }
  });
});
