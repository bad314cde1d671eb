/**
 * The consultation floor as a venue runs it: one station server (admin), the console
 * in one Chromium page and the live board (1920×1080) in another. The programme is
 * imported through the console's import screen, the rehearsal clock is set from the
 * console to 13 April 2022, a round is started — and the board follows every step,
 * also across a station restart. Screenshots of the board at each moment.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { FloorState } from '../../contract/index';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { boardProgrammeCsv } from '../../bench/sections/board.bench';
import { arriveForRound } from '../helpers/floor';
import { test } from './fixtures';

// The waitForFunction callbacks run in the page; Node's type library has no DOM.
interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelector(sel: string): PageElement | null;
  querySelectorAll(sel: string): ArrayLike<PageElement>;
  getAnimations(): { playState: string; constructor: { name: string } }[];
};

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/program.csv');

/** Every test builds the floor it starts from on its own station (the steps the earlier tests take on screen). */
async function ok(server: RunningServer, channel: string, input: unknown) {
  const r = await api(server, channel, input);
  assert.ok(r.ok, `${channel}: ${JSON.stringify(r.error)}`);
}
const withProgramme = (server: RunningServer) => ok(server, 'programme.import.commit', { fileName: 'program.csv', dataBase64: fs.readFileSync(FIXTURE).toString('base64') });
const clockAt = (server: RunningServer, at: string) => ok(server, 'floor.clock.set', { at });
/** The 10:00 round as the round test leaves it: table 3 pushed back five minutes and not here, every other table running. */
async function roundAt1000(server: RunningServer) {
  await withProgramme(server);
  await clockAt(server, '2022-04-13T10:00');
  const st = (await api<FloorState>(server, 'floor.state', {})).value!;
  const t3 = st.tables.find((t) => t.name === '상담테이블 3')!;
  const m = [t3.now, t3.next].find((x) => x && (x.phase === 'scheduled' || x.phase === 'waiting'))!;
  await ok(server, 'floor.meeting.act', { nonce: randomUUID(), meetingId: m.id, action: 'delay', minutes: 5 });
  await arriveForRound(server, { '상담테이블 3': 'both' });
  await ok(server, 'floor.round.start', { nonce: randomUUID() });
}

test.describe('consultation floor: console and live board (browser)', () => {
  // No --clock: the rehearsal clock is set from the console (or the floor channel), as at the venue.
  test.use({ stationOptions: { role: 'admin', name: 'Floor 1' }, viewport: { width: 1366, height: 768 } });

  const boardTable = (board: Page, name: string) => board.locator(`[data-testid="board-table"][data-table="${name}"]`);
  const consoleTable = (console_: Page, name: string) => console_.locator(`[data-testid="floor-table"][data-table="${name}"]`);
  /** Waits until table `odd` shows `oddValue` and every other card shows `value`, for a data attribute. */
  async function boardShows(board: Page, attr: string, value: string, odd: string, oddValue: string) {
    await board.waitForFunction(
      ({ attr, value, odd, oddValue }) => {
        const cards = Array.from(document.querySelectorAll('[data-testid="board-table"]'));
        return cards.length > 0 && cards.every((c) => c.dataset[attr] === (c.dataset.table === odd ? oddValue : value));
      },
      { attr, value, odd, oddValue },
    );
  }
  /** A screenshot once the countdown bars have finished sliding to their new width. */
  async function shot(page: Page, name: string) {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.constructor.name !== 'CSSTransition' || a.playState !== 'running'));
    await screenshot(page, name);
  }
  /** The board (1920×1080, a page of its own) and the floor console of this test's station, open. */
  async function openScreens(server: RunningServer, console_: Page, newPage: (o: { viewport: { width: number; height: number } }) => Promise<Page>) {
    const board = await newPage({ viewport: { width: 1920, height: 1080 } });
    await board.goto(server.url + '#/board');
    await console_.goto(server.url + '#/floor');
    await console_.getByTestId('round-start').waitFor();
    return board;
  }
  async function setRehearsal(console_: Page, at: string) {
    await console_.getByTestId('rehearsal-input').fill(at);
    await console_.getByTestId('rehearsal-set').click();
  }

  test('import the sample programme from the console, with its report', async ({ station: server, page: console_ }) => {
    await console_.goto(server.url + '#/programme');
    // A broken file first: its bad rows are listed by row number and reason, nothing is saved.
    const broken = [
      '일정ID,유형,제목,일자,시작,종료,장소,판매기업,구매기관,국가,방식',
      'Z1,구매상담,1:1,2022-04-13,10:00,10:14,상담테이블 1,(주)가,나기관,대한민국,대면',
      'Z2,구매상담,1:1,2022-04-13,10:05,10:19,상담테이블 1,(주)다,라기관,대한민국,대면',
      'Z3,파티,1:1,2022-04-13,10:00,10:14,상담테이블 2,(주)가,나기관,대한민국,대면',
    ].join('\n');
    await console_.getByTestId('programme-file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await console_.getByTestId('programme-rejected').waitFor();
    const rows = await console_.locator('[data-testid="programme-rejected"] tr').allInnerTexts();
    assert.deepEqual(rows.map((r) => r.split('\t')[0]), ['3행', '4행']);
    assert.match(rows[0]!, /겹칩니다/);
    await shot(console_, 'programme-import-broken');
    await console_.getByTestId('programme-file').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('메모,내용\n1,2\n') });
    await console_.getByTestId('programme-error').waitFor();
    assert.match(await console_.getByTestId('programme-error').innerText(), /필수 열이 없습니다/);
    await console_.getByTestId('programme-file').setInputFiles(FIXTURE);
    await console_.getByTestId('programme-apply').click();
    await console_.locator('[data-testid="programme-report"] h3', { hasText: '가져오기 완료' }).waitFor();
    assert.match(await console_.getByTestId('programme-summary').innerText(), /149행 · 신규 149/);
    await shot(console_, 'programme-import');
  });

  test('rehearsal clock 13 April 2022 09:58: the board shows every table and the rooms, nothing running yet', async ({ station: server, page: console_, newPage }) => {
    await withProgramme(server);
    const board = await openScreens(server, console_, newPage);
    await setRehearsal(console_, '2022-04-13T09:58');
    await board.locator('[data-testid="board-table"]').first().waitFor();
    await board.waitForFunction(() => document.querySelector('[data-testid="board-clock"]')?.textContent?.startsWith('09:5'));
    assert.equal(await board.locator('[data-testid="board-table"]').count(), 6);
    assert.equal(await board.locator('[data-testid="board-room"]').count(), 3);
    await shot(board, 'board-1-0958-before');
  });

  test('one tap starts the round where the participants arrived: the board shows the pitch there, and the others as due', async ({ station: server, page: console_, newPage }) => {
    await withProgramme(server);
    await clockAt(server, '2022-04-13T09:58');
    const board = await openScreens(server, console_, newPage);
    await board.locator('[data-testid="board-table"]').first().waitFor();
    await setRehearsal(console_, '2022-04-13T10:00');
    await console_.waitForFunction(() => document.querySelector('[data-testid="round-start"]')?.textContent?.includes('10:00'));
    // Table 3's SME is not there yet: push it back five minutes before the round starts.
    await consoleTable(console_, '상담테이블 3').getByTestId('act-delay').click();
    await board.waitForFunction(() => document.querySelector('[data-table="상담테이블 3"]')?.getAttribute('data-delay') === '5');
    // Table 2: the staff tap both arrivals on its card; tables 1, 4, 5 and the booth by badge (the API here).
    await consoleTable(console_, '상담테이블 2').getByTestId('arrived-seller').click();
    await consoleTable(console_, '상담테이블 2').getByTestId('arrived-buyer').click();
    await board.waitForFunction(() => document.querySelector('[data-table="상담테이블 2"]')?.getAttribute('data-phase') === 'waiting');
    // Table 5: only the SME came — the round leaves it waiting.
    await arriveForRound(server, { '상담테이블 3': 'both', '상담테이블 5': 'buyer' });
    await console_.getByTestId('round-start').click();
    await console_.getByTestId('floor-notice').waitFor();
    assert.match(await console_.getByTestId('floor-notice').innerText(), /4곳 시작.*참가자를 기다리는 테이블 1곳/);
    await board.waitForFunction(() =>
      ['상담테이블 1', '상담테이블 2', '상담테이블 4', '화상상담실 부스1'].every((n) => document.querySelector(`[data-table="${n}"]`)?.getAttribute('data-phase') === 'pitch'),
    );
    assert.equal(await boardTable(board, '상담테이블 5').getAttribute('data-phase'), 'waiting');
    // The buyer comes: staff tap the arrival and start the table from its card.
    await consoleTable(console_, '상담테이블 5').getByTestId('arrived-buyer').click();
    await consoleTable(console_, '상담테이블 5').getByTestId('act-advance').click();
    await boardShows(board, 'phase', 'pitch', '상담테이블 3', 'scheduled');
    // A second tap (another manager, a double tap) starts nothing twice.
    await console_.getByTestId('round-start').click();
    await console_.waitForFunction(() => document.querySelector('[data-testid="floor-notice"]')?.textContent?.includes('진행 중 5'));
    await consoleTable(console_, '상담테이블 1').getByTestId('act-advance').click();
    await board.waitForFunction(() => document.querySelector('[data-table="상담테이블 1"]')?.getAttribute('data-phase') === 'qa');
    // Every countdown moves in step with the server clock.
    const counts = await board.locator('[data-testid="board-table"][data-phase="pitch"] [data-testid="countdown"]').allInnerTexts();
    assert.equal(new Set(counts).size, 1, `pitch countdowns in step: ${counts.join(', ')}`);
    // Minutes left, said in words: never an mm:ss that reads like the clock beside it.
    assert.match(counts[0]!.replace(/\s+/g, ' '), /^[1-7] 분 남음 min left$/);
    await shot(board, 'board-2-1000-round-started');
    await shot(console_, 'floor-console-1000');
  });

  test('time moves: Q&A by itself at 10:08, table 3 late; at 10:16 the board calls it "time up" quietly, the console alerts', async ({ station: server, page: console_, newPage }) => {
    await roundAt1000(server);
    const board = await openScreens(server, console_, newPage);
    await boardShows(board, 'phase', 'pitch', '상담테이블 3', 'scheduled');
    await setRehearsal(console_, '2022-04-13T10:08');
    await boardShows(board, 'phase', 'qa', '상담테이블 3', 'scheduled');
    assert.equal(await boardTable(board, '상담테이블 3').getAttribute('data-timing'), 'late');
    await shot(board, 'board-3-1008-qa-and-late');
    await setRehearsal(console_, '2022-04-13T10:16');
    await board.waitForFunction(() => document.querySelectorAll('[data-testid="board-table"][data-timing="time_up"]').length === 5);
    // Between rounds: no red, no negative count; the large type is the next start.
    const card1 = (await boardTable(board, '상담테이블 1').innerText()).replace(/\s+/g, ' ');
    assert.match(card1, /시간 종료/);
    assert.match(card1, /10:15 다음/);
    assert.doesNotMatch(card1, /-\d|초과|OVER/i);
    await console_.getByTestId('floor-alert').waitFor();
    assert.match(await console_.getByTestId('floor-alert').innerText(), /상담테이블 1/);
    await shot(board, 'board-4-1016-time-up');
    await shot(console_, 'floor-console-1016-overrun');
  });

  test('the board rebuilds from the database after the station restarts', async ({ station, startStation, page: console_, newPage }) => {
    let server = station;
    await roundAt1000(server);
    await clockAt(server, '2022-04-13T10:16');
    const board = await openScreens(server, console_, newPage);
    await board.waitForFunction(() => document.querySelectorAll('[data-testid="board-table"][data-timing="time_up"]').length === 5);
    const port = new URL(server.url).port;
    const dataDir = server.dataDir;
    await server.stop();
    await board.waitForSelector('.banner.offline');
    server = await startStation({ role: 'admin', name: 'Floor 1', dataDir, extraArgs: ['--port', port] });
    // Back online, the board refetches: still the rehearsal day, still overrunning.
    await board.waitForSelector('.banner.offline', { state: 'detached' });
    await board.waitForFunction(() => document.querySelector('[data-testid="board-clock"]')?.textContent?.startsWith('10:1'));
    assert.equal(await boardTable(board, '상담테이블 1').getAttribute('data-timing'), 'time_up');
    // The next round ends the meetings whose time is up and starts the 10:15 ones whose pairs are here.
    await arriveForRound(server, { '상담테이블 3': 'both' });
    await console_.reload();
    await console_.getByTestId('round-start').click();
    await boardShows(board, 'phase', 'pitch', '상담테이블 3', 'scheduled');
    assert.equal(await boardTable(board, '상담테이블 3').getAttribute('data-meeting'), 'C00049', 'table 3 still holds its delayed meeting');
    await shot(board, 'board-5-1016-next-round-after-restart');
  });

  test('the waiting-area page calls the next round table by table and lists the SME not here yet', async ({ station: server, newPage }) => {
    // As the restart test leaves it: at 10:16 the 10:15 round started where the pairs are here, table 3 still late.
    await roundAt1000(server);
    await clockAt(server, '2022-04-13T10:16');
    await arriveForRound(server, { '상담테이블 3': 'both' });
    await ok(server, 'floor.round.start', { nonce: randomUUID() });
    const w = await newPage({ viewport: { width: 1920, height: 1080 } });
    await w.goto(server.url + '#/waiting');
    await w.getByTestId('waiting-call').first().waitFor();
    assert.match((await w.getByTestId('waiting-late').innerText()).replace(/\s+/g, ' '), /상담테이블 3 \(주\)하람랩스22 \d+분 지남/);
    assert.match(await w.getByTestId('waiting-in').innerText(), /^\d+분 후 시작 · starts in \d+ min$/);
    await shot(w, 'waiting-area-1016');
  });

  test('36 tables: the board pages 12 at a time; ?page=2 pins a second screen', async ({ startStation, newPage }) => {
    // An admin station prepares the day; then the same data dir runs as a board station.
    const boardSrv = await startStation({
      role: 'board', name: 'Board 2', clock: '2022-04-13T10:03',
      prepare: async (admin) => {
        const r = await api<{ tables: number }>(admin, 'programme.import.commit', { fileName: 'board.csv', dataBase64: Buffer.from(boardProgrammeCsv()).toString('base64') });
        assert.ok(r.ok && r.value!.tables === 36, JSON.stringify(r.error));
        await arriveForRound(admin);
        assert.ok((await api(admin, 'floor.round.start', { nonce: 'round-1000-big' })).ok);
      },
    });
    const p = await newPage({ viewport: { width: 1920, height: 1080 } });
    await p.goto(boardSrv.url.replace(/\/$/, '/?page=2') + '#/board');
    await p.locator('[data-testid="board-table"]').first().waitFor();
    assert.equal(await p.locator('[data-testid="board-table"]').count(), 12);
    assert.equal(await p.locator('[data-testid="board-table"]').first().getAttribute('data-table'), '상담테이블 13');
    assert.equal(await p.locator('[data-testid="board-table"][data-phase="pitch"]').count(), 12);
    // A board station may watch but not act.
    assert.equal((await api(boardSrv, 'floor.round.start', { nonce: 'round-from-board' })).error?.code, 'forbidden');
    await shot(p, 'board-6-36-tables-page-2');
  });
});
