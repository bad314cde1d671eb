/**
 * The A6 paper badge page in a real Chromium: one A6 PDF page, and a screenshot whose
 * QR decodes to the code with the Korean name drawn in the bundled font.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { paperBadgeHtml } from '../main/printing/paper-badge.html';
import { launchBrowser, screenshot } from './helpers/e2e';

const EVENT = { eventName: '2022 공공조달박람회', eventDays: ['2022-04-13', '2022-04-14', '2022-04-15'] };

describe('A6 paper badge (Chromium)', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  test('renders one A6 page whose QR is the code', async () => {
    const html = await paperBadgeHtml({ ...EVENT, code: 'PPS22-100004', nameKo: '남궁민수', nameEn: 'Minsu Namgung', organisation: '한국토지주택공사 <조달팀>', category: 'foreign_buyer' });
    assert.ok(html.includes('&#60;조달팀&#62;'), 'text is escaped');
    const page = await browser.newPage({ viewport: { width: 397, height: 559 }, deviceScaleFactor: 2 });
    await page.setContent(html);
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    // The page is set in the embedded font, not a fallback.
    const fontOk = await page.evaluate(() => (globalThis as unknown as { document: { fonts: { check(f: string, t: string): boolean } } }).document.fonts.check("800 20px 'BadgeFont'", '남궁민수'));
    assert.equal(fontOk, true);
    const shot = await screenshot(page, 'paper-badge-a6');
    const png = PNG.sync.read((await import('node:fs')).readFileSync(shot));
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, 'PPS22-100004');

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.equal(pages.length, 1);
    // A6 = 105 × 148 mm = 297.6 × 419.5 pt.
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)/.exec(pdf.toString('latin1'));
    assert.ok(box, 'MediaBox present');
    assert.ok(Math.abs(Number(box![1]) - 297.6) < 2 && Math.abs(Number(box![2]) - 419.5) < 2, `A6 page, got ${box![1]}×${box![2]}`);
    await page.close();
  });
});
