/**
 * Every name shows on screen, not only on paper (issue 15): the stations have no CJK
 * system font, so a Chinese or Japanese buyer's name needs the printer's bundled Noto
 * fonts (served at /fonts/, loaded by unicode-range only when a page shows such text).
 * Each name is drawn on a canvas in the name's own font and, as the control, in the same
 * font without the bundled faces (Pretendard, then whatever the system has): the boxes
 * Chromium draws for missing glyphs. Real glyphs differ from them; had the bundled fonts
 * not loaded, both drawings would be the same boxes (checked: 0 pixels apart then).
 */
import assert from 'node:assert/strict';
import { screenshot } from '../helpers/e2e';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
interface Canvas2D { font: string; fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void; fillText(t: string, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } }
interface FontFaceLike { family: string; status: string }
declare const document: {
  querySelector(s: string): { textContent: string | null } | null;
  createElement(t: 'canvas'): { width: number; height: number; getContext(c: '2d'): Canvas2D };
  fonts: { ready: Promise<unknown>; check(font: string, text: string): boolean; forEach(cb: (f: FontFaceLike) => void): void };
};
declare function getComputedStyle(e: unknown): { fontWeight: string; fontFamily: string };

const HEADER = '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의';
const CSV = Buffer.from(
  '\uFEFF' +
    [HEADER, 'PPS22-900001,王芳,Wang Fang,上海贸易公司,经理,해외바이어,010-1111-0001,wang@example.com,중국,4/13,Y', 'PPS22-900002,山田 さくら,Sakura Yamada,東京商事,部長,해외바이어,010-1111-0002,yamada@example.com,일본,4/13,Y'].join('\n') +
    '\n',
);

test.use({ stationOptions: { role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30', registrations: CSV }, viewport: { width: 1366, height: 768 } });

test('王芳 and 山田 さくら render with the bundled fonts on the desk', async ({ station, page }) => {
  await page.goto(station.url + '#/desk');
  await page.getByTestId('scan-input').waitFor();
  for (const [code, name, shot] of [
    ['PPS22-900001', '王芳', 'cjk-desk-zh'],
    ['PPS22-900002', '山田 さくら', 'cjk-desk-ja'],
  ] as const) {
    await page.getByTestId('scan-input').fill(code);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="outcome"][data-status="checked_in"]').getByTestId('outcome-name').filter({ hasText: name }).waitFor();
    const seen = await page.evaluate(async (name) => {
      await document.fonts.ready;
      const el = document.querySelector('[data-testid="outcome-name"]')!;
      const cs = getComputedStyle(el);
      const font = `${cs.fontWeight} 48px ${cs.fontFamily}`;
      const withoutBundled = `${cs.fontWeight} 48px Pretendard, system-ui, sans-serif`;
      const draw = (text: string, font: string) => {
        const c = document.createElement('canvas');
        c.width = 600;
        c.height = 80;
        const ctx = c.getContext('2d');
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, 600, 80);
        ctx.fillStyle = '#000';
        ctx.font = font;
        ctx.fillText(text, 10, 60);
        const d = ctx.getImageData(0, 0, 600, 80).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) ink++;
        return { d, ink };
      };
      const real = draw(name, font);
      const tofu = draw(name, withoutBundled);
      let differ = 0;
      for (let i = 0; i < real.d.length; i += 4) if (real.d[i] !== tofu.d[i]) differ++;
      const faces: string[] = [];
      document.fonts.forEach((f) => faces.push(`${f.family}:${f.status}`));
      return { text: el.textContent, family: cs.fontFamily, ink: real.ink, differ, check: document.fonts.check(font, name), faces };
    }, name);
    assert.ok(seen.text?.includes(name), `${seen.text}`);
    assert.match(seen.family, /FairDesk JP/, 'the name element uses the CJK fallback chain');
    assert.ok(seen.faces.some((f) => /FairDesk JP.*:loaded/.test(f)), `the bundled JP font loaded: ${seen.faces.join(', ')}`);
    // 上海贸易公司: 贸 is not in the JIS subset, so the GB2312 one must have loaded behind it.
    if (code === 'PPS22-900001') assert.ok(seen.faces.some((f) => /FairDesk SC.*:loaded/.test(f)), `the bundled SC font loaded: ${seen.faces.join(', ')}`);
    assert.ok(seen.check, 'document.fonts.check: every font the name needs is loaded');
    assert.ok(seen.ink > 200, `${name} inked ${seen.ink} px`);
    assert.ok(seen.differ > 200, `${name} differs from the boxes drawn without the bundled fonts by ${seen.differ} px`);
    await screenshot(page, shot);
  }

  // One copy, served by the station: only the bundled fallback files, nothing else under /fonts/.
  const sc = await page.request.get(new URL('/fonts/NotoSansHans-Bold.otf', station.url).href);
  assert.equal(sc.status(), 200);
  assert.equal(sc.headers()['content-type'], 'font/otf');
  assert.equal((await page.request.get(new URL('/fonts/NotoSansJP-Thin.otf', station.url).href)).status(), 404);
  assert.notEqual((await page.request.get(new URL('/fonts/..%2F..%2Fpackage.json', station.url).href)).headers()['content-type'], 'font/otf');
});
