/**
 * The A6 paper badge carries its own fonts for every script (issue 15): a Shanghai
 * buyer's 王芳 and an Istanbul buyer's Ayşe Yıldırım, rendered in a real Chromium and
 * printed to PDF. The PDF's font objects name the embedded fonts (Noto Sans for the Han
 * name, Pretendard for the Turkish one), their ToUnicode maps hold the name's characters,
 * and the name's box has ink. A Korean-only badge stays lean (no CJK font inside).
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { paperBadgeHtml } from '../main/printing/paper-badge.html';
import { launchBrowser, screenshot } from './helpers/e2e';
import { pdfFonts } from './helpers/pdf-text';

const EVENT = { eventName: '2022 공공조달박람회', eventDays: ['2022-04-13'] };

describe('A6 paper badge: bundled fonts for Han and Turkish names (Chromium)', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  async function render(name: string, nameEn: string, organisation: string, shotName: string) {
    const html = await paperBadgeHtml({ ...EVENT, code: 'PPS22-730001', nameKo: name, nameEn, organisation, category: 'foreign_buyer' });
    const page = await browser.newPage({ viewport: { width: 397, height: 559 }, deviceScaleFactor: 2 });
    await page.setContent(html);
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    const box = (await page.locator('.name').boundingBox())!;
    const shot = await screenshot(page, shotName);
    const png = PNG.sync.read(fs.readFileSync(shot));
    let ink = 0;
    for (let y = Math.floor(box.y * 2); y < Math.ceil((box.y + box.height) * 2); y++)
      for (let x = Math.floor(box.x * 2); x < Math.ceil((box.x + box.width) * 2); x++) if (png.data[(y * png.width + x) * 4]! < 128) ink++;
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.close();
    return { html, ink, ...pdfFonts(pdf) };
  }

  test('王芳: the Han glyphs come from the embedded Noto Sans, not the PC', async () => {
    const r = await render('王芳', 'Wang Fang', 'Shanghai Trading Co.', 'paper-badge-han');
    assert.match(r.html, /font-family:'BadgeFont 1'/);
    assert.ok(r.fonts.some((f) => /NotoSans(JP|Hans)/i.test(f)), `fonts: ${r.fonts.join(', ')}`);
    assert.ok(r.mapped.has(0x738b) && r.mapped.has(0x82b3), '王 and 芳 are in an embedded font');
    assert.ok(r.ink > 2000, `the name has ink (${r.ink} dark pixels)`);
  });

  test('Ayşe Yıldırım: ş, ı in the embedded Pretendard; no CJK font carried', async () => {
    const r = await render('Ayşe Yıldırım', 'Ayşe Yıldırım', 'İstanbul Yapı A.Ş.', 'paper-badge-turkish');
    assert.ok(!r.html.includes("'BadgeFont 1'"), 'a badge without Han or kana stays lean');
    assert.ok(r.fonts.some((f) => /Pretendard/i.test(f)), `fonts: ${r.fonts.join(', ')}`);
    for (const ch of 'şıİ') assert.ok(r.mapped.has(ch.codePointAt(0)!), `${ch} embedded`);
    assert.ok(r.ink > 2000);
  });
});
