/**
 * The floor console's newer controls in a real browser against a real station server:
 * a programme file with the participants' badge codes (the import says how arrivals
 * will be matched), the consultation length panel (checks its fields, says a change
 * applies to rounds not yet started), +5 min pushing the table's later meetings back
 * (console and board show the new time), and badge scans answering how they matched.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { arriveForRound } from '../helpers/floor';
import { test } from './fixtures';

interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
}
declare const document: { querySelector(sel: string): PageElement | null };

const SAMPLE = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/program.csv'), 'utf8');
/** The sample with badge codes for table 1's 10:00 meeting (the samples carry none). */
const WITH_CODES = (() => {
  const lines = SAMPLE.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  return [`${lines[0]},판매기업코드,바이어코드`, ...lines.slice(1).map((l) => (l.startsWith('C00001,') ? `${l},PPS22-700001,PPS22-800001` : `${l},,`))].join('\n');
})();
const REGISTRATIONS = [
  '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의',
  'PPS22-700025,김다온,,(주)다온랩스49,대표,출품기업,010-1111-2222,daon@example.com,대한민국,4/13,Y',
  'PPS22-700001,이한빛,,(주)한빛이앤씨47,대표,출품기업,010-3333-4444,hanbit@example.com,대한민국,4/13,Y',
].join('\n');

/** The programme with badge codes imported on this test's station, as the first test does on the screen. */
async function withProgramme(server: RunningServer): Promise<void> {
  const r = await api(server, 'programme.import.commit', { fileName: 'program-codes.csv', dataBase64: Buffer.from(WITH_CODES).toString('base64') });
  assert.ok(r.ok, JSON.stringify(r.error));
}

/** Everyone arrived and the 10:00 round started from the console (its tables in their pitch). */
async function roundStarted(page: Page, server: RunningServer): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="round-start"]')?.textContent?.includes('10:00'));
  // The participants arrive (badges scanned at the tables).
  await arriveForRound(server);
  await page.getByTestId('round-start').click();
  await page.waitForFunction(() => document.querySelector('[data-table="상담테이블 2"]')?.dataset.phase === 'pitch');
}

test.describe('floor console: consultation length, push-back, badge codes (browser)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Floor 1', clock: '2022-04-13T09:59', registrations: Buffer.from(REGISTRATIONS) }, viewport: { width: 1366, height: 768 } });

  const card = (page: Page, name: string) => page.locator(`[data-testid="floor-table"][data-table="${name}"]`);

  test('a schedule with badge codes: the import says which meetings match by code', async ({ station: server, page }) => {
    await page.goto(server.url + '#/programme');
    await page.getByTestId('programme-file').setInputFiles({ name: 'program-codes.csv', mimeType: 'text/csv', buffer: Buffer.from(WITH_CODES) });
    await page.getByTestId('programme-apply').click();
    await page.locator('[data-testid="programme-report"] h3', { hasText: '가져오기 완료' }).waitFor();
    assert.match(await page.getByTestId('programme-codes').innerText(), /참가자 코드가 있는 상담 1건 · 코드 2개 중 1개가 등록 명단에 있음/);
    await screenshot(page, 'floor-programme-codes');
  });

  test('the length panel checks its fields, warns past the schedule, and says when a change applies', async ({ station: server, page }) => {
    await withProgramme(server);
    await page.goto(server.url + '#/floor');
    await page.waitForFunction(() => document.querySelector('[data-testid="length-toggle"]')?.textContent?.includes('발표 7 + 질의 7분 · 교대 1분'));
    await page.getByTestId('length-toggle').click();
    assert.match(await page.getByTestId('length-when').innerText(), /아직 시작하지 않은 라운드부터 적용/);
    await page.getByTestId('length-pitchMin').fill('0');
    await page.getByTestId('length-pitchMin-error').waitFor();
    assert.equal(await page.getByTestId('length-save').isDisabled(), true, 'an invalid length cannot be saved');
    await page.getByTestId('length-pitchMin').fill('10');
    await page.getByTestId('length-qaMin').fill('10');
    await page.getByTestId('length-warning').waitFor();
    assert.match(await page.getByTestId('length-warning').innerText(), /20분은 일정표의 상담 시간\(14분\)보다 깁니다/);
    await screenshot(page, 'floor-length-panel-warning');
    await page.getByTestId('length-pitchMin').fill('7');
    await page.getByTestId('length-qaMin').fill('7');
    await page.getByTestId('length-changeoverMin').fill('1');
    assert.equal(await page.getByTestId('length-save').isDisabled(), true, 'unchanged: nothing to save');
    await page.getByTestId('length-toggle').click();
  });

  test('before the round, badge scans say whether they matched by code or by organisation', async ({ station: server, page }) => {
    await withProgramme(server);
    await page.goto(server.url + '#/floor');
    await page.getByTestId('floor-scan').waitFor();
    await page.getByTestId('floor-scan').fill('PPS22-700001');
    await page.getByTestId('floor-scan').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="floor-notice"]')?.textContent?.includes('배지 코드로 확인'));
    assert.match(await page.getByTestId('floor-notice').innerText(), /\(주\)한빛이앤씨47 도착 · 상담테이블 1 · 배지 코드로 확인/);
    await page.getByTestId('floor-scan').fill('PPS22-700025');
    await page.getByTestId('floor-scan').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="floor-notice"]')?.textContent?.includes('소속명으로 확인'));
    assert.match(await page.getByTestId('floor-notice').innerText(), /\(주\)다온랩스49 도착 · 상담테이블 2/);
    await screenshot(page, 'floor-scan-by-organisation');
  });

  test('the round runs 7 + 7; a new length saved mid-round leaves it alone', async ({ station: server, page }) => {
    await withProgramme(server);
    await page.goto(server.url + '#/floor');
    await roundStarted(page, server);
    const before = await api<{ tables: { name: string; now: { qaEndsAt: string } | null }[] }>(server, 'floor.state', {});
    await page.getByTestId('length-toggle').click();
    await page.getByTestId('length-pitchMin').fill('5');
    await page.getByTestId('length-qaMin').fill('8');
    await page.getByTestId('length-save').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="floor-notice"]')?.textContent?.includes('다음 라운드부터 적용'));
    await page.waitForFunction(() => document.querySelector('[data-testid="length-toggle"]')?.textContent?.includes('발표 5 + 질의 8분'));
    const afterSave = await api<typeof before.value>(server, 'floor.state', {});
    const qaEnd = (s: typeof before) => s.value!.tables.find((t) => t.name === '상담테이블 2')!.now!.qaEndsAt;
    assert.equal(qaEnd(afterSave as typeof before), qaEnd(before), 'the running meeting keeps its 7 + 7');
    await screenshot(page, 'floor-length-saved');
  });

  test('+5 min pushes the later meetings at that table back; console and board show the new time', async ({ station: server, page, newPage }) => {
    // The 10:00 round running, the length changed to 5 + 8 during it (for later rounds).
    await withProgramme(server);
    await page.goto(server.url + '#/floor');
    await roundStarted(page, server);
    assert.ok((await api(server, 'floor.config.set', { pitchMin: 5, qaMin: 8, changeoverMin: 1 })).ok);
    const board = await newPage({ viewport: { width: 1920, height: 1080 } });
    await board.goto(server.url + '#/board');
    await board.locator('[data-testid="board-table"]').first().waitFor();
    await card(page, '상담테이블 2').getByTestId('act-delay').click();
    await card(page, '상담테이블 2').getByTestId('floor-card-notice').waitFor();
    // The round was tapped a little before 10:00, so the push is what the changeover needs: 4 or 5 minutes.
    const notice = await card(page, '상담테이블 2').getByTestId('floor-card-notice').innerText();
    const m = notice.match(/다음 상담 7건을 뒤로 미룸 · 다음 (10:(?:19|20|21)) 시작 \(\+[456]분\)/);
    assert.ok(m, notice);
    const time = m[1]!;
    const next = card(page, '상담테이블 2').getByTestId('floor-next');
    await page.waitForFunction((time) => new RegExp(`다음 ${time}\\s*\\+\\d분`).test(document.querySelector('[data-table="상담테이블 2"] [data-testid="floor-next"]')?.textContent ?? ''), time);
    assert.ok(Date.parse((await next.getAttribute('data-start'))!) > Date.parse('2022-04-13T10:15:00+09:00'));
    assert.match(await card(page, '상담테이블 3').getByTestId('floor-next').innerText(), /다음 10:15/, 'other tables keep their times');
    await board.waitForFunction((time) => (document.querySelector('[data-table="상담테이블 2"] .bt-next')?.textContent ?? '').includes(`다음 ${time}`), time);
    assert.match((await board.locator('[data-table="상담테이블 2"] .bt-next').innerText()), /\+\d분/);
    await screenshot(page, 'floor-pushed-back');
    await screenshot(board, 'board-pushed-back');
  });

  test('in English the panel reads the same, Korean beside it', async ({ station: server, page }) => {
    await withProgramme(server);
    assert.ok((await api(server, 'floor.config.set', { pitchMin: 5, qaMin: 8, changeoverMin: 1 })).ok);
    await page.goto(server.url + '#/floor');
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('length-toggle').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="length-when"]')?.textContent?.includes('Applies to rounds not yet started'));
    assert.match(await page.getByTestId('length-toggle').innerText(), /Pitch 5 \+ Q&A 8 min/);
    await screenshot(page, 'floor-length-panel-en');
    await page.getByTestId('lang-toggle').click();
  });
});
