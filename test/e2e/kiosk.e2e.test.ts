/**
 * The self-service kiosk as a visitor meets it: a kiosk-role station server on a
 * 1080×1920 portrait screen in Debian's Chromium, a virtual thermal printer on a real
 * TCP port, the sample registrations. The data dir is prepared by an admin server first
 * (import, printer, kiosk settings) and then served by the kiosk — never both at once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Response } from '@playwright/test';
import Database from 'better-sqlite3';
import { api, screenshot, SCREENSHOTS, type RunningServer } from '../helpers/e2e';
import { until } from '../helpers/until';
import { qrOf } from '../helpers/printed';
import { test as base, usePrinter } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
interface El { value: string; textContent: string | null; click(): void; getAttribute(n: string): string | null }
interface Anim { playState: string; effect: { getTiming(): { iterations?: number } } | null }
declare const document: { activeElement: El | null; body: { innerText: string }; querySelector(s: string): El | null; fonts: { status: string }; getAnimations(): Anim[] };
declare function getComputedStyle(e: El | null): { fontSize: string };

const answer = async <T>(r: Promise<Response>): Promise<T> => ((await (await r).json()) as { value: T }).value;
const PIN = '2468';
const IDLE_S = 12;

/**
 * Every test's own kiosk: the data dir prepared by an admin station first (import, this
 * test's printer, kiosk settings), then served by the kiosk — never both at once — and
 * opened on the 1080×1920 page.
 */
const test = base.extend<{ kiosk: RunningServer }>({
  kiosk: async ({ startStation, printer, page }, use) => {
    const server = await startStation({
      role: 'kiosk', name: 'Kiosk 1', clock: '2022-04-13T09:30', registrations: true,
      prepare: async (admin) => {
        // This data dir's station (the same id the kiosk server will run as) prints on it.
        await usePrinter(admin, printer.port, { autoPrint: false, name: 'Kiosk printer' });
        const k = await api(admin, 'kiosk.settings.update', { idleSeconds: IDLE_S, walkInEnabled: true, walkInCategories: ['visitor', 'foreign_buyer'], pin: PIN });
        assert.ok(k.ok, JSON.stringify(k.error));
      },
    });
    await page.goto(server.url + '#/kiosk');
    await page.getByTestId('welcome').waitFor();
    await use(server);
  },
});

test.describe('self-service kiosk (browser, portrait)', () => {
  test.use({ viewport: { width: 1080, height: 1920 } });

  /** The kiosk steps on this test's page and station. */
  function on(page: Page, server: RunningServer) {
    const tid = (id: string) => page.getByTestId(id);
    async function shot(name: string) {
      // Settled, not slept: fonts in, and every finite animation or transition (a step's
      // fade, a button press) at its end — an endless one (a spinner) never finishes.
      await page.waitForFunction(() => document.fonts.status === 'loaded' && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
      await screenshot(page, `kiosk-${name}`);
    }
    /** A keyboard-wedge scanner: code + Enter into whatever has focus — which must be the hidden scanner field. */
    async function scan(code: string) {
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'kiosk-scan');
      await page.keyboard.type(code, { delay: 2 });
      await page.keyboard.press('Enter');
    }
    async function tapKeys(keys: string[]) {
      for (const k of keys) await page.locator(`[data-testid="keyboard"] [data-key="${k}"]`).click();
    }
    async function home() {
      if (await tid('home').isVisible()) await tid('home').click();
      await tid('welcome').waitFor();
    }
    async function checkedIn(): Promise<number> {
      const r = await api<{ checkedIn: number }>(server, 'checkin.counters', {});
      return r.value!.checkedIn;
    }
    const bodyText = () => page.evaluate(() => document.body.innerText);
    const kioskPrinterOnline = async () => (await api<{ online: boolean }>(server, 'kiosk.status', {})).value?.online === true;
    /** A visitor who checked in here earlier (scan, scan again to confirm, badge printed, back to welcome). */
    async function checkedInEarlier(code: string) {
      await scan(code);
      await tid('confirm').waitFor();
      await scan(code);
      await tid('done').waitFor();
      await home();
    }
    return { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier };
  }

  test('welcome: both languages, scan prompt, no printer warning', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    assert.match(await bodyText(), /QR 코드를 스캐너에 대 주세요/);
    assert.equal(await tid('out-of-order').count(), 0);
    await shot('1-welcome');
  });

  test('scanner only: scan → confirm → same scan again → one badge', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await scan('PPS22-100001');
    await tid('confirm').waitFor();
    assert.equal(await tid('confirm-name').innerText(), '김은희');
    const text = await bodyText();
    assert.match(text, /한국도로공사/);
    assert.match(text, /010-\*\*\*\*-2066/, 'phone masked');
    assert.ok(!text.includes('5025') && !text.includes('PPS22-100001'), 'no full phone, no code on screen');
    await shot('2-confirm');

    await scan('PPS22-100001');
    await tid('done').waitFor();
    assert.match(await bodyText(), /배지를 가져가세요/);
    await shot('3-take-badge');
    const jobs = await printer.waitForJobs(1, 120_000);
    fs.copyFileSync(jobs[0]!.file, path.join(SCREENSHOTS, 'kiosk-badge-1.png'));
    assert.equal(await checkedIn(), 1);
    await home();
  });

  test('confirm pressed five times (and Enter twice): one check-in, one badge', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await scan('PPS22-100002');
    await tid('confirm').waitFor();
    // Every API call the page sends from here on, and how many are answered (the event stream never ends: not counted).
    let sent = 0;
    let settled = 0;
    const isCall = (u: string) => u.includes('/api/') && !u.includes('/api/events');
    page.on('request', (r) => void (isCall(r.url()) && sent++));
    page.on('requestfinished', (r) => void (isCall(r.url()) && settled++));
    page.on('requestfailed', (r) => void (isCall(r.url()) && settled++));
    await page.evaluate(() => {
      const b = document.querySelector('[data-testid="confirm-yes"]')!;
      for (let i = 0; i < 5; i++) b.click();
    });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await tid('done').waitFor();
    await printer.waitForJobs(1, 120_000);
    // No sleep for a late second badge: wait until the station has answered every press the
    // page sent, then until this visitor's print jobs (the station's own queue, read from its
    // SQLite file) are all finished — a second job, had any press made one, would be there.
    await until('every call the page sent is answered', async () => sent > 0 && sent === settled);
    const db = new Database(path.join(server.dataDir, 'fairdesk.sqlite'), { readonly: true });
    try {
      const jobs = await until('the visitor\'s badge jobs are finished', async () => {
        const rows = db.prepare("SELECT state FROM print_jobs WHERE visitor_code = ? AND kind = 'badge'").all('PPS22-100002') as { state: string }[];
        return rows.length > 0 && rows.every((r) => r.state === 'printed' || r.state === 'failed') && rows;
      });
      assert.deepEqual(jobs.map((j) => j.state), ['printed'], 'one badge job for five presses');
    } finally {
      db.close();
    }
    assert.equal(printer.jobs.length, 1, 'one badge for five presses');
    assert.equal(await checkedIn(), 1);
    await home();
  });

  test('English, by phone last 4 + initial', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await tid('lang-en').click();
    await tid('identify').waitFor();
    assert.match(await bodyText(), /Find your registration/);
    await tid('by-phone').click();
    await tapKeys(['2', '6', '6', '7']);
    await tapKeys(['B']);
    await shot('4-en-phone');
    await tid('find').click();
    await tid('confirm').waitFor();
    assert.match(await bodyText(), /Budi Nurlanovna/);
    assert.match(await bodyText(), /Is this you\?/);
    await shot('5-en-confirm');
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid="kiosk"]')).fontSize));
    const normal = await size();
    await tid('large-text').click();
    assert.ok((await size()) > normal, 'larger text');
    await shot('5b-en-confirm-large');
    await tid('confirm-yes').click();
    await tid('done').waitFor();
    assert.match(await bodyText(), /Please take your badge/);
    await shot('6-en-done');
    await printer.waitForJobs(1, 120_000);
    await home();
    // The next visitor starts in Korean again.
    assert.match(await bodyText(), /화면을 눌러 시작하세요/);
  });

  test('already checked in: welcome back; reprint only through the staff PIN', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await checkedInEarlier('PPS22-100001');
    await printer.waitForJobs(1, 120_000);
    await scan('pps22-100001');
    await tid('welcome-back').waitFor();
    assert.match(await bodyText(), /다시 오신 것을 환영합니다/);
    assert.match(await bodyText(), /09:30/);
    await shot('7-welcome-back');
    await tid('staff-open').click();
    await tapKeys(PIN.split(''));
    await tid('pin-submit').click();
    await tid('staff-reprint').waitFor();
    assert.match(await tid('staff-printer').innerText(), /Kiosk printer/);
    await shot('8-staff-panel');
    await tid('staff-reprint').click();
    await tid('staff-message').waitFor();
    await printer.waitForJobs(2, 120_000);
    await tid('staff-close').click();
    await home();
  });

  test('walk-in with the Hangul keyboard', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await tid('welcome').click();
    await tid('walkin').click();
    await tapKeys(['ㄱ', 'ㅣ', 'ㅁ']);
    assert.equal(await tid('walkin-name').innerText(), '김');
    await tapKeys(['ㅎ', 'ㅏ', 'ㄴ', 'ㅡ', 'ㄹ']);
    assert.equal(await tid('walkin-name').innerText(), '김하늘');
    await tapKeys(['backspace']);
    assert.equal(await tid('walkin-name').innerText(), '김하느', 'backspace takes one jamo off');
    await tapKeys(['ㄹ']);
    await shot('9-walkin-name');
    await tid('walkin-next').click();
    await tapKeys(['ㅎ', 'ㅏ', 'ㄴ', 'ㄱ', 'ㅜ', 'ㄱ', 'ㅈ', 'ㅓ', 'ㄴ', 'ㄹ', 'ㅕ', 'ㄱ']);
    assert.equal(await tid('walkin-organisation').innerText(), '한국전력');
    await tid('walkin-next').click();
    await tapKeys('01012345678'.split(''));
    assert.equal(await tid('walkin-phone').innerText(), '010-1234-5678');
    await tid('walkin-next').click();
    await tid('category-visitor').click();
    await tid('walkin-submit').click();
    await tid('walkin-error').waitFor();
    await tid('consent-read').click();
    await tid('consent-text').waitFor();
    assert.match(await tid('consent-text').innerText(), /보유 기간/);
    await shot('10-walkin-consent-text');
    await tid('consent-text').click();
    await tid('consent').click();
    await shot('11-walkin-consent');
    await tid('walkin-submit').click();
    await tid('done').waitFor();
    assert.match(await bodyText(), /김하늘님, 환영합니다/);
    const jobs = await printer.waitForJobs(1, 120_000);
    fs.copyFileSync(jobs[0]!.file, path.join(SCREENSHOTS, 'kiosk-badge-walkin.png'));
    await home();
  });

  test('a URL, another fair’s badge and garbage land on a clear message', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    for (const [code, problem] of [
      ['https://other-fair.example/t/123', 'unreadable'],
      ['KOFAIR23-000123', 'unknown_code'],
      ['%%%%', 'unreadable'],
    ] as const) {
      await scan(code);
      await page.locator(`[data-testid="problem"][data-problem="${problem}"]`).waitFor();
      if (problem === 'unknown_code') await shot('12-unknown-code');
      await home();
    }
  });

  test('walking away mid-flow: the countdown, then a clean welcome screen', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    const session = await tid('kiosk').getAttribute('data-session');
    const identified = page.waitForResponse((r) => r.url().endsWith('/api/kiosk.identify'));
    await scan('PPS22-100003');
    await tid('confirm').waitFor();
    const { ticket } = await answer<{ ticket: string }>(identified);
    assert.match(await bodyText(), /양현석/);
    const forgotten = page.waitForResponse((r) => r.url().endsWith('/api/kiosk.forget'), { timeout: IDLE_S * 2000 });
    await tid('idle-countdown').waitFor({ timeout: IDLE_S * 1000 });
    await shot('13-idle-countdown');
    await tid('welcome').waitFor({ timeout: IDLE_S * 1000 });
    assert.notEqual(await tid('kiosk').getAttribute('data-session'), session);
    // The screen told the station to drop the ticket: it no longer checks anyone in, minutes early.
    await forgotten;
    assert.equal((await api<{ status: string }>(server, 'kiosk.confirm', { ticket, nonce: 'e2e-after-idle-0001' })).value?.status, 'expired');
    const text = await bodyText();
    assert.ok(!text.includes('양현석') && !text.includes('한국토지주택공사'), 'nothing of the last visitor is left');
    assert.equal(await page.evaluate(() => document.querySelector('[data-testid="kiosk-scan"]')!.value), '');
    // No way back to them through history either.
    await page.goBack().catch(() => undefined);
    await tid('welcome').waitFor();
    assert.ok(!(await bodyText()).includes('양현석'));

    // Half-typed walk-in, then walking away.
    await tid('welcome').click();
    await tid('walkin').click();
    await tapKeys(['ㅂ', 'ㅏ', 'ㄱ']);
    await tid('welcome').waitFor({ timeout: IDLE_S * 1000 + 5000 });
    await tid('welcome').click();
    await tid('walkin').click();
    assert.equal(await tid('walkin-name').innerText(), '', 'the next visitor starts with an empty form');
    await home();
    await shot('14-after-reset');
  });

  test('“not me” and 처음으로 drop the ticket too', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    // PPS22-100001 checked in here earlier: the kiosk says "welcome back".
    await checkedInEarlier('PPS22-100001');
    const before = await checkedIn();
    for (const [code, screen, leave] of [
      ['PPS22-100003', 'confirm', 'confirm-no'],
      ['PPS22-100001', 'welcome-back', 'home'],
    ] as const) {
      const identified = page.waitForResponse((r) => r.url().endsWith('/api/kiosk.identify'));
      await scan(code);
      await tid(screen).waitFor();
      const { ticket } = await answer<{ ticket: string }>(identified);
      const forgotten = page.waitForResponse((r) => r.url().endsWith('/api/kiosk.forget'));
      await tid(leave).click();
      await tid('welcome').waitFor();
      await forgotten;
      // A live ticket would check the first one in and say "welcome back" for the second.
      assert.equal((await api<{ status: string }>(server, 'kiosk.confirm', { ticket, nonce: `e2e-after-${leave}-01` })).value?.status, 'expired', leave);
    }
    assert.equal(await checkedIn(), before, 'nobody was checked in with a dropped ticket');
  });

  test('wrong PINs are throttled by the server', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await tid('staff-open').click();
    for (let i = 0; i < 5; i++) {
      await tapKeys(['1', '1', '1', '1']);
      await tid('pin-submit').click();
      // Wait for this attempt's answer before typing the next PIN (the pad clears when it arrives).
      const want = i < 4 ? `남은 시도 ${4 - i}회` : '잠겼습니다';
      await page.waitForFunction((w) => document.querySelector('[data-testid="staff-message"]')?.textContent?.includes(w), want);
    }
    await tapKeys(PIN.split(''));
    await tid('pin-submit').click();
    await page.waitForFunction(() => /잠겼습니다/.test(document.querySelector('[data-testid="staff-message"]')?.textContent ?? ''));
    assert.equal(await tid('staff-reprint').count(), 0, 'even the right PIN is refused while locked');
    await shot('15-pin-locked');
    await tid('staff-close').click();
  });

  test('printer offline: checked in, sent to the desk; the welcome screen warns the next visitor', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await printer.setMode('offline');
    await scan('PPS22-100005');
    await tid('confirm').waitFor();
    // A foreign buyer who scanned without choosing a language reads English, Korean beside it.
    assert.match(await bodyText(), /Is this you\?[\s\S]*본인이 맞으신가요/);
    await tid('confirm-yes').click();
    await tid('print-failed').waitFor();
    assert.match(await bodyText(), /Please go to the help desk/);
    assert.match(await bodyText(), /안내 데스크/);
    await shot('16-printer-offline');
    await home();
    await tid('out-of-order').waitFor({ timeout: 10_000 });
    await shot('17-welcome-out-of-order');
  });

  test('printer goes offline after confirm: the kiosk cancels the badge and sends the visitor to the desk; nothing prints when it is back', async ({ kiosk: server, printer, page }) => {
    const { tid, shot, scan, tapKeys, home, checkedIn, bodyText, kioskPrinterOnline, checkedInEarlier } = on(page, server);
    await printer.setMode('ok');
    // The kiosk learns its printer is back (it keeps the last word for a few seconds).
    await until('kiosk sees its printer again', kioskPrinterOnline, 30_000, 100);
    await home();
    // A badge printed now leaves the kiosk sure of its printer…
    await scan('PPS22-100007');
    await tid('confirm').waitFor();
    await tid('confirm-yes').click();
    await tid('done').waitFor();
    const printedBefore = printer.jobs.length;
    await home();

    // …which then goes away between the next visitor's "yes" and the paper. The kiosk trusts
    // its last word on the printer for a few seconds; on a machine so slow that the word went
    // stale (and a probe found the printer gone before the "yes"), the kiosk rightly queues
    // nothing — then the printer comes back and the next visitor tries the same.
    type Confirmed = { status: string; print: { status: string; jobId?: string } };
    let c: Confirmed | undefined;
    let cancelled: Promise<Response> | undefined;
    for (const code of ['PPS22-100008', 'PPS22-100013', 'PPS22-100017']) {
      await scan(code);
      await tid('confirm').waitFor();
      await printer.setMode('offline');
      const confirmed = page.waitForResponse((r) => r.url().endsWith('/api/kiosk.confirm'));
      cancelled = page.waitForResponse((r) => r.url().endsWith('/api/kiosk.cancelBadge'), { timeout: 30_000 });
      await tid('confirm-yes').click();
      c = await answer<Confirmed>(confirmed);
      assert.equal(c.status, 'checked_in');
      if (c.print.status === 'queued') break;
      assert.equal(c.print.status, 'printer_offline', JSON.stringify(c));
      cancelled.catch(() => undefined);
      await home();
      await printer.setMode('ok');
      await until('kiosk sees its printer again', kioskPrinterOnline, 30_000, 100);
    }
    assert.equal(c?.print.status, 'queued', 'the badge was queued: the kiosk did not know yet');
    await tid('print-failed').waitFor({ timeout: 30_000 });
    assert.deepEqual(await answer(cancelled!), { status: 'cancelled' });
    assert.match(await bodyText(), /안내 데스크/);
    await shot('18-printer-gone-after-confirm');
    assert.equal((await api<{ state: string }>(server, 'kiosk.badgeState', { jobId: c!.print.jobId })).value?.state, 'failed');
    await home();

    // The printer is back: the next badge out is the next visitor's — the cancelled one, had it still
    // been waiting, would have come first (the queue prints oldest first).
    await printer.setMode('ok');
    await until('kiosk sees its printer again', kioskPrinterOnline, 30_000, 100);
    await scan('PPS22-100009');
    await tid('confirm').waitFor();
    await tid('confirm-yes').click();
    await tid('done').waitFor();
    const pages = await printer.waitForJobs(printedBefore + 1, 120_000);
    assert.equal(qrOf(pages.at(-1)!.file), 'PPS22-100009');
    assert.equal(printer.jobs.length, printedBefore + 1, 'the cancelled badge never came out');
    await home();
  });
});

/**
 * Its own world: a fresh data dir, printer, admin station and page — it once inherited
 * the kiosk flow's printer and queue state above and failed under load.
 */
test.describe('staff cancel a waiting badge (browser, console)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Kiosk 1', clock: '2022-04-13T09:30', registrations: true }, viewport: { width: 1366, height: 768 } });

  test('staff cancel a waiting badge from the printers screen; it never prints', async ({ station: srv, printer: vp, page }) => {
    // The printer is off from the start: every badge queued here waits.
    await vp.setMode('offline');
    const saved = await api<{ status: string; printer: { id: string } }>(srv, 'printing.printers.save', { name: 'Kiosk printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' });
    assert.equal(saved.value?.status, 'saved', JSON.stringify(saved));
    assert.ok((await api(srv, 'printing.station.set', { printerId: saved.value!.printer.id, autoPrint: false })).ok);

    const queued = await api<{ status: string; jobId: string }>(srv, 'printing.badge.print', { code: 'PPS22-100010', nonce: 'e2e-staff-cancel-1' });
    assert.ok(queued.value?.jobId, JSON.stringify(queued));
    await page.goto(srv.url + '#/printers');
    const row = page.locator('[data-testid="print-log"] tr', { hasText: 'PPS22-100010' });
    // Waiting in the queue for a printer that refused it.
    await row.getByText('프린터가 꺼져 있거나', { exact: false }).waitFor();
    await screenshot(page, 'kiosk-19a-printers-log-waiting');
    // The worker holds the job for a moment each time it retries the offline printer, and a
    // cancel in that moment is refused ("printing now"); staff tap again, as at the desk.
    await until('the waiting badge is cancelled', async () => {
      if (await row.getByText('인쇄 전에 취소되었습니다').isVisible()) return true;
      const cancel = row.getByTestId('job-cancel');
      if (!(await cancel.count())) return false;
      const answered = page.waitForResponse((r) => r.url().includes('/api/printing.job.cancel'), { timeout: 10_000 });
      answered.catch(() => undefined);
      if (!(await cancel.click({ timeout: 2_000 }).then(() => true, () => false))) return false;
      const status = await answered.then(async (r) => ((await r.json()) as { value?: { status: string } }).value?.status, () => undefined);
      // Refused while the worker holds the job: tap again once the station's queue says it let go.
      if (status === 'printing') {
        await until('the worker lets go of the job', async () => (await api<{ jobs: { state: string }[] }>(srv, 'printing.log', { code: 'PPS22-100010' })).value?.jobs[0]?.state !== 'printing', 10_000).catch(() => undefined);
      }
      return false;
    }, 30_000);
    assert.equal(await row.getByTestId('job-state').innerText(), '취소됨');
    assert.equal(await row.getByTestId('job-cancel').count(), 0);
    await screenshot(page, 'kiosk-19b-printers-log-cancelled');

    // What a console shows when a kiosk gives up on a badge (this admin station may act as its kiosk).
    const waiting = await api<{ jobId: string }>(srv, 'printing.badge.print', { code: 'PPS22-100012', nonce: 'e2e-kiosk-cancel-1' });
    const waitingRow = page.locator('[data-testid="print-log"] tr', { hasText: 'PPS22-100012' });
    await waitingRow.getByText('프린터가 꺼져 있거나', { exact: false }).waitFor();
    assert.deepEqual((await api(srv, 'kiosk.cancelBadge', { jobId: waiting.value!.jobId })).value, { status: 'cancelled' });
    await page.getByTestId('staff-alerts').getByText('명찰이 나오지 않아 인쇄를 취소했습니다', { exact: false }).waitFor();
    await waitingRow.locator('[data-testid="job-state"]', { hasText: '취소됨' }).waitFor();
    await screenshot(page, 'kiosk-19c-console-alert-cancelled');

    assert.equal(vp.jobs.length, 0);
    await vp.setMode('ok');
    const next = await api<{ jobId: string }>(srv, 'printing.badge.print', { code: 'PPS22-100011', nonce: 'e2e-staff-cancel-2' });
    assert.ok(next.value?.jobId, JSON.stringify(next));
    const pages = await vp.waitForJobs(1, 120_000);
    assert.equal(qrOf(pages.at(-1)!.file), 'PPS22-100011');
    await until('printed', async () => (await api<{ jobs: { id: string; state: string }[] }>(srv, 'printing.log', { code: 'PPS22-100011' })).value?.jobs.some((j) => j.state === 'printed') === true);
    assert.equal(vp.jobs.length, 1, 'the cancelled badges never came out');
  });
});
