/**
 * The stamp rally as a visitor lives it, on real station servers sharing one SQLite
 * data dir one after the other (admin → stamp station → gift desk → admin console):
 * badges are registered and checked in through the admin station's own channels; a
 * stamp station chooses its point on first use and staff scan the badge in halls 3, 4
 * and 5; the visitor passes the quiz at the kiosk; at the gift desk a tap on "hand out"
 * races another desk redeeming the same gift at the same moment — exactly one wins;
 * the console's figures add up. Screenshots at every step.
 */
import assert from 'node:assert/strict';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { api, screenshot, SCREENSHOTS, type RunningServer } from '../helpers/e2e';
import { tempDir } from '../helpers/station';
import { test, type StationOptions } from './fixtures';

const CLOCK = '2022-04-13T10:00';
/** The sample quiz's answers (seeded setup): choice index per question. */
const RIGHT = [0, 1, 2, 0, 2];

const must = <T,>(r: { ok: boolean; value?: T; error?: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}`);
  return r.value as T;
};

/**
 * This test's rally: a data dir where the admin station registered and checked in two
 * visitors (walk-ins check in at once); `run` then serves the same dir as another station
 * (the one before stopped), as the venue's stations take turns here. The steps the earlier
 * tests take on screen are done through the same channels by the tests that start after them.
 */
async function rally(startStation: (o: StationOptions) => Promise<RunningServer>) {
  const dataDir = tempDir('fairdesk-rally-e2e-');
  let server: RunningServer | null = null;
  const run = async (role: string, name: string) => {
    await server?.stop();
    server = await startStation({ role, name, clock: CLOCK, dataDir });
    return server;
  };
  const admin = await run('admin', 'Console');
  const codes: string[] = [];
  for (const [nameKo, phone] of [['김은희', '010-5025-2066'], ['배정호', '010-1234-5678']] as const) {
    const w = must(await api<{ visitor: { code: string } }>(admin, 'visitors.walkIn', { nonce: `walkin-${phone.slice(-4)}`, nameKo, phone, organisation: '한국도로공사', category: 'visitor', consent: true }));
    codes.push(w.visitor.code);
  }
  let n = 0;
  const nonce = () => `rally-e2e-setup-${++n}`;
  return {
    code: codes[0]!,
    other: codes[1]!,
    run,
    /** At a stamp station: each point in turn assigned to it, and `code` stamped there. */
    async stamp(s: RunningServer, code: string, points: string[]) {
      for (const pointId of points) {
        must(await api(s, 'rally.station.assign', { pointId }));
        const r = must(await api<{ status: string }>(s, 'rally.stamp.scan', { code, nonce: nonce() }));
        assert.equal(r.status, 'stamped');
      }
    },
    /** At the quiz point of a stamp station: a right run. */
    async passQuiz(s: RunningServer, code: string) {
      must(await api(s, 'rally.station.assign', { pointId: 'quiz' }));
      const r = must(await api<{ status: string }>(s, 'rally.quiz.submit', { code, nonce: nonce(), answers: RIGHT }));
      assert.equal(r.status, 'passed');
    },
    /** At the stamp station 'Hall 3 · 1': `code` stamped in the three halls and a right quiz run; the station is returned. */
    async allStamps(code: string) {
      const st = await run('stamp', 'Hall 3 · 1');
      await this.stamp(st, code, ['hall3', 'hall4', 'hall5']);
      await this.passQuiz(st, code);
      return st;
    },
    async redeem(g: RunningServer, code: string, giftId: string) {
      assert.equal(must(await api<{ status: string }>(g, 'rally.gift.redeem', { code, giftId, nonce: nonce() })).status, 'redeemed');
    },
  };
}

test.describe('stamp rally: stamp station, quiz kiosk, gift desk, console (browser)', () => {
  test.use({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });

  /** The rally steps on this test's page. */
  function on(page: Page) {
    const outcome = () => page.getByTestId('outcome');
    async function scan(text: string) {
      // The scan field holds focus by itself: type as a keyboard-wedge scanner would.
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    }
    return { outcome, scan };
  }

  test('a stamp station chooses its point, then stamps hall 3 once', async ({ startStation, page }) => {
    const { outcome, scan } = on(page);
    const { code, run } = await rally(startStation);
    const s = await run('stamp', 'Hall 3 · 1');
    await page.goto(s.url + '#/stamp');
    await page.getByTestId('point-chooser').waitFor();
    await screenshot(page, 'rally-stamp-choose-point');
    await page.locator('[data-testid="point-chooser"] button[data-point="hall3"]').click();
    await page.getByTestId('station-point').filter({ hasText: '3홀' }).waitFor();

    await scan(code);
    await page.locator('[data-testid="outcome"][data-status="stamped"]').waitFor();
    assert.match(await outcome().innerText(), /스탬프 완료/);
    assert.equal(await page.locator('.rally-tile[data-point="hall3"]').getAttribute('data-done'), '1');
    assert.match(await page.getByTestId('rally-summary').innerText(), /전시홀 1 \/ 3/);
    await screenshot(page, 'rally-stamp-hall3');

    await scan(code.toLowerCase());
    await page.locator('[data-testid="outcome"][data-status="already_stamped"]').waitFor();
    assert.match(await page.getByTestId('first-stamp').innerText(), /10:0\d · Hall 3 · 1/);
    await screenshot(page, 'rally-stamp-already');

    await scan('NOT-A-BADGE');
    await page.locator('[data-testid="outcome"][data-status="unknown_code"]').waitFor();
    await screenshot(page, 'rally-stamp-unknown');
  });

  test('halls 4 and 5 at the same station after changing its point', async ({ startStation, page }) => {
    const { scan } = on(page);
    // Hall 3 stamped at this station first (the test above).
    const r = await rally(startStation);
    const code = r.code;
    const s = await r.run('stamp', 'Hall 3 · 1');
    await r.stamp(s, code, ['hall3']);
    await page.goto(s.url + '#/stamp');
    await page.getByTestId('station-point').filter({ hasText: '3홀' }).waitFor();
    for (const [point, n] of [['hall4', 2], ['hall5', 3]] as const) {
      await page.getByTestId('point-change').click();
      await page.locator(`[data-testid="point-chooser"] button[data-point="${point}"]`).click();
      await page.getByTestId('scan-input').waitFor();
      await scan(code);
      await page.locator('[data-testid="outcome"][data-status="stamped"]').waitFor();
      assert.match(await page.getByTestId('rally-summary').innerText(), new RegExp(`전시홀 ${n} / 3`));
    }
    assert.match(await page.getByTestId('rally-qualifies').innerText(), /조건을 채운 경품.*: 에코백 \(Eco bag\)/s);
    await screenshot(page, 'rally-stamp-three-halls');
  });

  test('the quiz kiosk: a wrong run fails, a right run grants the quiz stamp (in English)', async ({ startStation, page }) => {
    const { outcome, scan } = on(page);
    // The three halls stamped at this station (the tests above).
    const r = await rally(startStation);
    const code = r.code;
    const server = await r.run('stamp', 'Hall 3 · 1');
    await r.stamp(server, code, ['hall3', 'hall4', 'hall5']);
    await page.goto(server.url + '#/stamp');
    await page.getByTestId('station-point').filter({ hasText: '5홀' }).waitFor();
    await page.getByTestId('point-change').click();
    await page.locator('[data-testid="point-chooser"] button[data-point="quiz"]').click();
    await page.getByTestId('scan-input').waitFor();
    await page.goto(server.url + '#/quiz');
    await page.getByTestId('quiz-screen').waitFor();
    await page.getByTestId('quiz-lang').click();
    await page.locator('.rally-quiz-scan input').waitFor();
    await screenshot(page, 'rally-quiz-start');
    await scan(code);
    for (let i = 0; i < RIGHT.length; i++) {
      await page.locator(`[data-testid="quiz-question"][data-index="${i}"]`).waitFor();
      if (i === 0) await screenshot(page, 'rally-quiz-question');
      await page.locator(`[data-testid="quiz-question"] button[data-choice="${(RIGHT[i]! + 1) % 4}"]`).click();
    }
    await page.locator('[data-testid="outcome"][data-status="failed"]').waitFor();
    assert.match(await outcome().innerText(), /0 of 5 correct/);
    await screenshot(page, 'rally-quiz-failed');

    await page.getByTestId('quiz-retry').click();
    for (let i = 0; i < RIGHT.length; i++) {
      await page.locator(`[data-testid="quiz-question"][data-index="${i}"]`).waitFor();
      await page.locator(`[data-testid="quiz-question"] button[data-choice="${RIGHT[i]}"]`).click();
    }
    await page.locator('[data-testid="outcome"][data-status="passed"]').waitFor();
    assert.match(await outcome().innerText(), /5 of 5 correct/);
    assert.match(await page.getByTestId('rally-summary').innerText(), /Halls 3 \/ 3.*Quiz done/s);
    await screenshot(page, 'rally-quiz-passed');
    await page.getByTestId('quiz-lang').click();
  });

  test('the quiz kiosk: after the day’s three tries the visitor is sent to staff, who can still grant the stamp', async ({ startStation, page }) => {
    const { outcome, scan } = on(page);
    // The quiz station: this station's point is the quiz, its screen waits for a badge.
    const r = await rally(startStation);
    const other = r.other;
    const server = await r.run('stamp', 'Hall 3 · 1');
    must(await api(server, 'rally.station.assign', { pointId: 'quiz' }));
    await page.goto(server.url + '#/quiz');
    await page.getByTestId('quiz-screen').waitFor();
    await page.locator('.rally-quiz-scan input').waitFor();
    await scan(other);
    for (let run = 1; run <= 3; run++) {
      await page.locator('[data-testid="quiz-question"][data-index="0"]').waitFor();
      assert.match(await page.getByTestId('quiz-tries').innerText(), new RegExp(`오늘 남은 도전 기회 ${4 - run}번`));
      for (let i = 0; i < RIGHT.length; i++) {
        await page.locator(`[data-testid="quiz-question"][data-index="${i}"]`).waitFor();
        await page.locator(`[data-testid="quiz-question"] button[data-choice="${(RIGHT[i]! + 1) % 4}"]`).click();
      }
      await page.locator('[data-testid="outcome"][data-status="failed"]').waitFor();
      if (run < 3) {
        assert.match(await page.getByTestId('quiz-tries-left').innerText(), new RegExp(`오늘 남은 도전 기회 ${3 - run}번`));
        await page.getByTestId('quiz-retry').click();
      }
    }
    assert.match(await page.getByTestId('quiz-tries-left').innerText(), /스태프에게 문의하세요.*ask a staff member/s);
    assert.equal(await page.getByTestId('quiz-retry').count(), 0, 'no retry after the last try');
    await screenshot(page, 'rally-quiz-last-try');

    // Scanning again the same day: told at once, before any question.
    await page.getByTestId('quiz-again').click();
    await page.locator('.rally-quiz-scan input').waitFor();
    await scan(other);
    await page.locator('[data-testid="outcome"][data-status="no_attempts_left"]').waitFor();
    assert.match(await outcome().innerText(), /도전 기회 3번을 모두 사용했습니다.*All 3 quiz tries for today are used/s);
    await screenshot(page, 'rally-quiz-no-tries');

    // Staff grant the quiz stamp by scan on the same station's stamp screen.
    await page.goto(server.url + '#/stamp');
    await page.getByTestId('station-point').filter({ hasText: '퀴즈' }).waitFor();
    await scan(other);
    await page.locator('[data-testid="outcome"][data-status="stamped"]').waitFor();
  });

  test('gift desk: exactly one eco bag when another desk redeems it at the same moment', async ({ startStation, page }) => {
    const { scan } = on(page);
    // Three halls and the quiz done (the tests above).
    const r = await rally(startStation);
    const code = r.code;
    await r.allStamps(code);
    const g = await r.run('gift', 'Gift desk 1');
    await page.goto(g.url + '#/gift');
    await page.getByTestId('stock-strip').waitFor();
    await scan(code);
    await page.locator('[data-testid="gift-list"] li[data-gift="ecobag"][data-status="eligible"]').waitFor();
    await page.locator('[data-testid="gift-list"] li[data-gift="tumbler"][data-status="eligible"]').waitFor();
    await screenshot(page, 'rally-gift-eligible');

    // "Another desk" (the same station server, another caller) taps at the same instant.
    const [apiResult] = await Promise.all([
      api<{ status: string }>(g, 'rally.gift.redeem', { code, giftId: 'ecobag', nonce: 'other-desk-tap-1' }),
      page.getByTestId('redeem-ecobag').click(),
    ]);
    await page.getByTestId('notice').waitFor();
    await page.locator('[data-testid="gift-list"] li[data-gift="ecobag"][data-status="already_redeemed"]').waitFor();
    const uiStatus = await page.getByTestId('notice').getAttribute('data-status');
    const statuses = [must(apiResult).status, uiStatus].sort();
    assert.deepEqual(statuses, ['already_redeemed', 'redeemed'], `one desk wins: ${statuses.join()}`);
    await screenshot(page, 'rally-gift-race');

    const report = must(await api<{ stock: { giftId: string; stock: number; redeemed: number; remaining: number }[] }>(g, 'rally.report', {}));
    const eco = report.stock.find((s) => s.giftId === 'ecobag')!;
    assert.deepEqual([eco.stock, eco.redeemed, eco.remaining], [300, 1, 299]);
  });

  test('gift desk: hand out the tumbler, undo it with a reason, stock comes back', async ({ startStation, page }) => {
    const { scan } = on(page);
    // At the gift desk, the visitor who did the three halls and the quiz scanned in.
    const r = await rally(startStation);
    const { code, other } = r;
    await r.allStamps(code);
    const server = await r.run('gift', 'Gift desk 1');
    await page.goto(server.url + '#/gift');
    await page.getByTestId('stock-strip').waitFor();
    await scan(code);
    await page.locator('[data-testid="gift-list"] li[data-gift="tumbler"][data-status="eligible"]').waitFor();
    // A double tap on "hand out": one request in flight, one nonce — one tumbler.
    await page.getByTestId('redeem-tumbler').dblclick();
    await page.locator('[data-testid="notice"][data-status="redeemed"]').waitFor();
    const rep = must(await api<{ stock: { giftId: string; redeemed: number; remaining: number }[] }>(server, 'rally.report', {}));
    assert.deepEqual(
      rep.stock.filter((s) => s.giftId === 'tumbler').map((s) => [s.redeemed, s.remaining]),
      [[1, 499]],
    );
    assert.match(await page.getByTestId('notice').innerText(), /텀블러.*지급 완료/);
    assert.match(await page.locator('.rally-stock-item[data-gift="tumbler"]').innerText(), /남은 수량 499/);
    await screenshot(page, 'rally-gift-redeemed');

    await page.getByTestId('undo-open').click();
    await page.getByTestId('undo-reason').fill('방문객 요청으로 반납');
    await page.getByTestId('undo-submit').click();
    await page.locator('[data-testid="notice"][data-status="undone"]').waitFor();
    await page.locator('[data-testid="gift-list"] li[data-gift="tumbler"][data-status="eligible"]').waitFor();
    await page.locator('.rally-stock-item[data-gift="tumbler"]', { hasText: '남은 수량 500' }).waitFor();
    await screenshot(page, 'rally-gift-undone');

    // Not checked in / unknown badges get a clear answer at the desk too.
    await scan('PPS22-NOPE');
    await page.locator('[data-testid="outcome"][data-status="unknown_code"]').waitFor();
    assert.ok(other);
  });

  test('console: the figures add up and the CSV downloads with a BOM', async ({ startStation, page }) => {
    // Three halls stamped, one eco bag handed out at the gift desk (the tests above).
    const r = await rally(startStation);
    const st = await r.run('stamp', 'Hall 3 · 1');
    await r.stamp(st, r.code, ['hall3', 'hall4', 'hall5']);
    await r.redeem(await r.run('gift', 'Gift desk 1'), r.code, 'ecobag');
    const a = await r.run('admin', 'Console');
    await page.goto(a.url + '#/rally-setup');
    await page.getByTestId('rally-report').waitFor();
    await page.locator('[data-testid="report-stock"] tr[data-gift="ecobag"]').waitFor();
    const row = await page.locator('[data-testid="report-stock"] tr[data-gift="ecobag"]').innerText();
    assert.match(row, /300\s+1\s+299/);
    assert.match(await page.getByTestId('report-stamps').innerText(), /3홀\s+2022-04-13 10:00\s+1/);
    await screenshot(page, 'rally-setup');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-stock').click()]);
    assert.equal(download.suggestedFilename(), 'rally-stock-2022-04-13.csv');
    const file = await download.path();
    const bytes = (await import('node:fs')).readFileSync(file!);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    assert.match(bytes.toString('utf8'), /에코백,2022-04-13,300,1,299/);

    // Changing a gift's stock scope says what saving will do (not saved here).
    await page.getByTestId('stock-ecobag').locator('xpath=../..').locator('select').first().selectOption('event');
    assert.match(await page.getByTestId('scope-note-ecobag').innerText(), /재고 − 지금까지 지급한 전체 수량/);
    await page.getByTestId('scope-note-ecobag').scrollIntoViewIfNeeded();
    await screenshot(page, 'rally-setup-scope-change');
  });

  test('a desk with a printer prints a receipt for the gift it hands out (virtual printer over TCP)', async ({ startStation, printer: vp, page }) => {
    const { scan } = on(page);
    // The visitor with three halls and the quiz, at the console station (admin hands out too).
    const r = await rally(startStation);
    const code = r.code;
    await r.allStamps(code);
    const server = await r.run('admin', 'Console');
    {
      const saved = must(
        await api<{ status: string; printer: { id: string } }>(server, 'printing.printers.save', { name: 'Gift printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }),
      );
      must(await api(server, 'printing.station.set', { printerId: saved.printer.id, autoPrint: false }));
      await page.goto(server.url + '#/gift');
      await page.getByTestId('stock-strip').waitFor();
      // The tumbler is this visitor's to take (undone at the gift desk in the chain this came from).
      await scan(code);
      await page.locator('[data-testid="gift-list"] li[data-gift="tumbler"][data-status="eligible"]').waitFor();
      await page.getByTestId('redeem-tumbler').click();
      await page.locator('[data-testid="notice"][data-status="redeemed"]').waitFor();
      await page.locator('[data-testid="receipt"][data-receipt="queued"]').waitFor();
      assert.match(await page.getByTestId('receipt').innerText(), /영수증을 인쇄합니다/);
      await screenshot(page, 'rally-gift-receipt');
      const [slip] = await vp.waitForJobs(1, 120_000);
      assert.ok(slip!.height > 300, `a receipt-sized page: ${slip!.width}x${slip!.height}`);
      fs.copyFileSync(slip!.file, path.join(SCREENSHOTS, 'rally-gift-receipt-slip.png'));
    }
  });

  test('a kiosk shows the visitor their rally card: halls, quiz, each gift (masked name, KO then EN)', async ({ startStation, page }) => {
    const { outcome, scan } = on(page);
    // One visitor did everything and took both gifts at Gift desk 1; the other only has the
    // quiz stamp, granted by staff (the tests above).
    const r = await rally(startStation);
    const { code, other } = r;
    const st = await r.allStamps(code);
    await r.stamp(st, other, ['quiz']);
    const g = await r.run('gift', 'Gift desk 1');
    await r.redeem(g, code, 'ecobag');
    await r.redeem(g, code, 'tumbler');
    const k = await r.run('kiosk', 'Rally kiosk');
    await page.goto(k.url + '#/rally-card');
    await page.getByTestId('rally-card-screen').waitFor();
    await page.locator('#card-scan').waitFor();
    await screenshot(page, 'rally-card-start');

    await scan(code);
    await page.locator('[data-testid="outcome"][data-status="ok"]').waitFor();
    assert.equal(await page.getByTestId('card-name').innerText(), '김*희');
    assert.equal(await page.locator('.rally-tile[data-done="1"]').count(), 4, 'three halls and the quiz');
    await page.locator('[data-testid="card-gifts"] li[data-gift="tumbler"][data-status="already_redeemed"]').waitFor();
    assert.match(await page.locator('[data-testid="card-gifts"] li[data-gift="ecobag"]').innerText(), /받았습니다 · 10:0\d · Gift desk 1.*Received at/s);
    await screenshot(page, 'rally-card-done');

    // The other visitor: only the quiz (granted by staff) — each gift says what is missing.
    await scan(other);
    await page.locator('[data-testid="card-gifts"] li[data-gift="ecobag"][data-status="missing"]').waitFor();
    assert.equal(await page.getByTestId('card-name').innerText(), '배*호');
    assert.match(await page.locator('[data-testid="card-gifts"] li[data-gift="ecobag"]').innerText(), /필요: 3홀, 4홀, 5홀.*Needs: Hall 3, Hall 4, Hall 5/s);
    await page.getByTestId('card-lang').click();
    await page.getByText('Stamp rally card').first().waitFor();
    await screenshot(page, 'rally-card-missing-en');
    await page.getByTestId('card-lang').click();

    await scan('PPS22-NOPE');
    await page.locator('[data-testid="outcome"][data-status="unknown_code"]').waitFor();
    assert.match(await outcome().innerText(), /알 수 없는 배지.*Unknown badge/s);
  });
});
