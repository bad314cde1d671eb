/**
 * The desk's paper badge, sounds and scanner bursts in Debian's Chromium against a real
 * station server. What cannot exist headless is faked in the page, named for it: the
 * OS print dialog (FakePrintDialog records what window.print() was asked to print),
 * the speakers (FakeSpeaker records the frequency of every note the desk starts) and a
 * scanner's clock (FakeScanner stamps its keys a few ms apart through CDP, so a busy
 * test machine cannot make a scanner look like a person).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from '@playwright/test';
import type { PrintJobView } from '../../contract/index';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { seed, tempDir, testStation, visitor } from '../helpers/station';
import { test, type StationOptions } from './fixtures';

// The evaluate/waitForFunction callbacks run in the page; Node's type library has no DOM.
interface Fakes {
  __prints?: string[];
  __tones?: number[];
}
declare const window: Fakes & { top: Fakes };
declare const document: {
  activeElement: { id: string; getAttribute(n: string): string | null } | null;
  querySelector(sel: string): { getAttribute(n: string): string | null } | null;
  fonts: { ready: Promise<unknown>; check(font: string, text: string): boolean };
  getAnimations(): { playState: string }[];
};

/** Runs in every frame before the page's scripts. */
const FAKES = `
  // FakePrintDialog: what would have been printed (the badge page's code).
  window.print = function () {
    var page = document.querySelector('.page[data-code]');
    (window.top.__prints = window.top.__prints || []).push(page ? page.getAttribute('data-code') : 'desk:' + location.hash);
  };
  // FakeSpeaker: the frequency of every note started (the audio graph itself is real).
  if (typeof AudioContext !== 'undefined') {
    var create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function () {
      var osc = create.call(this);
      var start = osc.start.bind(osc);
      osc.start = function (when) {
        (window.top.__tones = window.top.__tones || []).push(osc.frequency.value);
        return start(when);
      };
      return osc;
    };
  }
`;

test.describe('desk: paper badge, sounds, scanner bursts (browser)', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  /** This test's desk: five seeded visitors, the fakes in every frame, the desk open; its page errors collected. */
  async function openDesk(startStation: (o: StationOptions) => Promise<RunningServer>, context: BrowserContext, page: Page) {
    const dataDir = tempDir('fairdesk-e2e-');
    const seeder = await testStation({ dataDir });
    try {
      await seed(seeder, [
        visitor({ code: 'PPS22-500001', nameKo: '남궁민수', organisation: '한국토지주택공사', category: 'public_buyer' }),
        visitor({ code: 'PPS22-500002', nameKo: '오세린', registeredDays: ['2022-04-14'] }),
        visitor({ code: 'PPS22-500003', nameKo: '배정호' }),
        visitor({ code: 'PPS22-500004', nameKo: '양현석' }),
        visitor({ code: 'PPS22-500005', nameKo: '한지민' }),
      ]);
    } finally {
      await seeder.close();
    }
    const server = await startStation({ dataDir, role: 'desk', name: 'Desk 1', clock: '2022-04-13T09:30' });
    const pageErrors: string[] = [];
    await context.addInitScript(FAKES);
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(server.url + '#/desk');
    await page.getByTestId('counters').waitFor();
    return { server, pageErrors };
  }

  const tones = (page: Page) => page.evaluate(() => window.__tones ?? []);
  /**
   * FakeScanner: keys (then Enter) whose event times are `gapMs` apart whatever the
   * machine's load — Chromium stamps each key with the time CDP gives it.
   */
  let fakeScannerClock = 0;
  async function keysAt(context: BrowserContext, page: Page, text: string, gapMs: number, enter = true) {
    const cdp = await context.newCDPSession(page);
    try {
      // One fake clock across calls: keys are never stamped before earlier ones.
      let t = Math.max(Date.now() / 1000, fakeScannerClock);
      for (const ch of text) {
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, timestamp: t });
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: t + 0.001 });
        t += gapMs / 1000;
      }
      if (enter) {
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', timestamp: t });
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, timestamp: t + 0.001 });
      }
      fakeScannerClock = t + 0.01;
    } finally {
      await cdp.detach();
    }
  }
  async function scan(page: Page, code: string) {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan', 'scan field has focus');
    await page.keyboard.type(code, { delay: 2 });
    await page.keyboard.press('Enter');
  }
  const outcomeOf = (page: Page, status: string, name?: string) =>
    page.locator(`[data-testid="outcome"][data-status="${status}"]`, name ? { hasText: name } : {});
  /** Waits until the tones played since `from` are exactly `want`. */
  async function heard(page: Page, from: number, want: number[]) {
    await page.waitForFunction(([from, n]) => (window.__tones ?? []).length >= from + n, [from, want.length] as const);
    assert.deepEqual((await tones(page)).slice(from), want);
  }

  test('each answer has its own tone; muting is remembered by the station after a reload', async ({ startStation, context, page }) => {
    const { pageErrors } = await openDesk(startStation, context, page);
    let t0 = (await tones(page)).length;
    await scan(page, 'PPS22-500004');
    await outcomeOf(page, 'checked_in', '양현석').waitFor();
    await heard(page, t0, [880, 1320]);

    t0 = (await tones(page)).length;
    await scan(page, 'NOPE-0000');
    await outcomeOf(page, 'unknown_code').waitFor();
    await heard(page, t0, [196]);

    // (Another code came between: the same code twice in a row within 1.5 s is one read.)
    t0 = (await tones(page)).length;
    await scan(page, 'PPS22-500004');
    await outcomeOf(page, 'already_checked_in', '양현석').waitFor();
    await heard(page, t0, [660, 660]);

    await page.getByTestId('desk-sound').click();
    assert.equal(await page.getByTestId('desk-sound').getAttribute('data-muted'), '1');
    await page.reload();
    await page.getByTestId('counters').waitFor();
    assert.equal(await page.getByTestId('desk-sound').getAttribute('data-muted'), '1', 'still muted after a reload');
    await screenshot(page, 'desk-sound-muted');
    await scan(page, 'PPS22-500004');
    await outcomeOf(page, 'already_checked_in', '양현석').waitFor();
    assert.deepEqual(await tones(page), [], 'a muted desk makes no sound');

    await page.getByTestId('desk-sound').click();
    assert.equal(await page.getByTestId('desk-sound').getAttribute('data-muted'), '0');
    assert.deepEqual(pageErrors, []);
  });

  test('paper badge: the A6 page goes to the print dialog; a second one asks why and is logged', async ({ startStation, context, page }) => {
    const { server, pageErrors } = await openDesk(startStation, context, page);
    await scan(page, 'PPS22-500001');
    await outcomeOf(page, 'checked_in', '남궁민수').waitFor();
    await page.getByTestId('paper-badge-open').click();
    await page.waitForFunction(() => (window.__prints ?? []).length === 1);
    assert.deepEqual(await page.evaluate(() => window.__prints), ['PPS22-500001'], 'the badge page was printed, not the desk');
    await page.locator('[data-testid="paper-badge-msg"][data-kind="opened"]').waitFor();
    // Focus went back to the scan field: the next scan is not lost in the frame.
    await page.waitForFunction(() => document.activeElement?.id === 'scan');

    // The page in the frame is the visitor's badge, set in the bundled font.
    const frame = page.frameLocator('[data-testid="paper-badge-frame"]');
    assert.equal(await frame.locator('.name').innerText(), '남궁민수');
    const src = await page.getByTestId('paper-badge-frame').getAttribute('src');
    const jobPath = src!.replace(/\?.*$/, '');
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await screenshot(page, 'desk-paper-badge-opened');

    // The same page on its own, at A6 size (105 × 148 mm at 96 dpi), photographed.
    const a6 = await context.newPage();
    try {
      await a6.setViewportSize({ width: 397, height: 559 });
      await a6.goto(new URL(jobPath, server.url).toString());
      await a6.evaluate(() => document.fonts.ready);
      assert.equal(await a6.evaluate(() => document.fonts.check("800 20px 'BadgeFont'", '남궁민수')), true, 'Hangul in the bundled font');
      assert.equal(await a6.locator('.name').innerText(), '남궁민수');
      assert.match(await a6.locator('.org').innerText(), /한국토지주택공사/);
      const shot = await screenshot(a6, 'desk-paper-badge-a6');
      const png = PNG.sync.read(fs.readFileSync(shot));
      assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, 'PPS22-500001');
    } finally {
      await a6.close();
    }

    // A second paper badge: when and where the first was, and why this one.
    await page.getByTestId('paper-badge-open').click();
    const ask = page.getByTestId('paper-badge-already');
    await ask.waitFor();
    assert.match(await ask.innerText(), /이미 09:30에 Desk 1에서 인쇄했습니다/);
    await screenshot(page, 'desk-paper-badge-reprint-ask');
    assert.equal((await page.evaluate(() => window.__prints ?? [])).length, 1, 'nothing printed before a reason is given');
    await page.getByTestId('paper-reason-lost').click();
    await page.waitForFunction(() => (window.__prints ?? []).length === 2);

    const log = await api<{ jobs: PrintJobView[] }>(server, 'printing.log', { code: 'PPS22-500001' });
    assert.ok(log.ok, JSON.stringify(log.error));
    assert.deepEqual(
      log.value!.jobs.map((j) => [j.printerName, j.reason]),
      [
        ['A6 paper', null],
        ['A6 paper', 'lost'],
      ],
    );
    // A page for a job that is not a paper badge is refused, not printed.
    const res = await fetch(new URL('paper-badge/no-such-job', server.url));
    assert.equal(res.status, 404);
    assert.deepEqual(pageErrors, []);
  });

  test('a scanner firing into the override reason checks that visitor in instead of overriding with the code as reason', async ({ startStation, context, page }) => {
    const { server } = await openDesk(startStation, context, page);
    await scan(page, 'PPS22-500002');
    await outcomeOf(page, 'not_registered_today', '오세린').waitFor();
    const reason = page.getByTestId('override-reason');
    await reason.click();
    await keysAt(context, page, '현장 확인', 150, false);
    await keysAt(context, page, 'PPS22-500003', 4);
    await outcomeOf(page, 'checked_in', '배정호').waitFor();
    await screenshot(page, 'desk-burst-into-reason');
    const r = await api<{ hits: { code: string; checkedInToday: boolean }[] }>(server, 'visitors.search', { q: 'PPS22-500002' });
    assert.equal(r.value!.hits.find((h) => h.code === 'PPS22-500002')?.checkedInToday, false, 'the scan was not taken as an override reason');
    await page.waitForFunction(() => document.activeElement?.id === 'scan');

    // A person typing a reason and pressing Enter still overrides, as before.
    await scan(page, 'PPS22-500002');
    await outcomeOf(page, 'not_registered_today', '오세린').waitFor();
    await reason.click();
    await keysAt(context, page, 'VIP 요청 확인', 150);
    await outcomeOf(page, 'checked_in', '오세린').waitFor();
  });

  test('a scanner firing into a walk-in field is a scan, and the field stays as it was', async ({ startStation, context, page }) => {
    const { server, pageErrors } = await openDesk(startStation, context, page);
    // 배정호 came in earlier today.
    assert.ok((await api(server, 'checkin.scan', { code: 'PPS22-500003', nonce: 'desk-extras-walkin-0' })).ok);
    await page.getByTestId('walkin-open').click();
    const name = page.locator('input[name="nameKo"]');
    await name.waitFor();
    await name.fill('김');
    await name.press('End');
    await keysAt(context, page, 'PPS22-500003', 4);
    // The answer shows on top of the open form, not hidden behind it.
    const onTop = (status: string, who: string) =>
      page.getByTestId('walkin-scan-outcome').locator(`[data-testid="outcome"][data-status="${status}"]`, { hasText: who });
    await onTop('already_checked_in', '배정호').waitFor();
    assert.equal(await name.inputValue(), '김', 'the code was taken back out of the name');
    // The desk PC's keyboard left in Korean (한/영) mode: the scanner's keys arrive as jamo.
    await keysAt(context, page, 'ㅔㅔㄴ22-500005', 4);
    await onTop('checked_in', '한지민').waitFor();
    assert.equal(await name.inputValue(), '김', 'the Korean-mode code was taken back out too');
    await screenshot(page, 'desk-burst-into-walkin');
    await page.getByTestId('walkin-cancel').click();
    assert.deepEqual(pageErrors, []);
  });
});
