/**
 * A seminar room's door and the hall board, as a venue runs them: one station server
 * (admin) at 10:05 on the first day, the door screen (1366×768) in one Chromium page and
 * the board (1920×1080) in another. The door counts people in until the room is full,
 * refuses the next badge in both languages, admits them with an override and a reason;
 * the board says "만석 / Full" and drops it again when someone leaves; a tour leaving
 * soon shows its meeting point; a cancelled session leaves the board's "next".
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { api, screenshot } from '../helpers/e2e';
import { test } from './fixtures';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const CODES = ['PPS22-100001', 'PPS22-100002', 'PPS22-100003'];

test.describe('sessions: door screen and board (browser)', () => {
  let n = 0;
  const nonce = () => `e2e-sessions-${++n}`;
  test.use({ stationOptions: { role: 'admin', name: 'Room 301 door', clock: '2022-04-13T10:05', registrations: true }, viewport: { width: 1366, height: 768 } });

  // Every test's own station: three visitors checked in, the programme and the sessions imported.
  test.beforeEach(async ({ station: server }) => {
    for (const code of CODES) assert.equal((await api(server, 'checkin.scan', { code, nonce: nonce() })).ok, true);
    for (const [name, data] of [
      ['program.csv', fs.readFileSync(path.join(FIXTURES, 'program.csv'))],
      ['sessions.csv', fs.readFileSync(path.join(FIXTURES, 'sessions.csv'))],
    ] as const) {
      const r = await api<{ rejectedTotal: number }>(server, 'programme.import.commit', { fileName: name, dataBase64: b64(data) });
      assert.equal(r.ok && r.value?.rejectedTotal, 0, JSON.stringify(r.error));
    }
  });

  const scan = async (door: Page, code: string) => {
    await door.getByTestId('scan-input').fill(code);
    await door.getByTestId('scan-input').press('Enter');
  };
  const outcome = (door: Page, status: string) => door.locator(`[data-testid="outcome"][data-status="${status}"]`).waitFor();
  const boardSession = (board: Page, id: string) => board.locator(`[data-testid="board-session"][data-session="${id}"]`);

  test('the door counts in to full, refuses with a clear answer, and admits by override with a reason; the board follows', async ({ station: server, page: door, newPage }) => {
    const board = await newPage({ viewport: { width: 1920, height: 1080 } });
    await board.goto(server.url + '#/board');
    await boardSession(board, 'SEM1').waitFor();
    assert.equal(await boardSession(board, 'SEM1').getAttribute('data-occupancy'), '0');
    assert.equal(await board.getByTestId('board-qr').count(), 1, 'the hybrid seminar shows a QR of its link');

    await door.goto(server.url + '#/door');
    await door.getByTestId('door-picker').waitFor();
    await door.locator('button[data-session="SEM1"]').click();
    await scan(door, CODES[0]!);
    await outcome(door, 'admitted');
    await scan(door, CODES[1]!);
    await outcome(door, 'admitted');
    await door.locator('[data-testid="door-count"][data-occupancy="2"]').waitFor();
    await board.locator('[data-testid="board-session"][data-session="SEM1"][data-full="1"]').waitFor();

    await scan(door, CODES[2]!);
    await outcome(door, 'full');
    const text = await door.getByTestId('outcome').textContent();
    assert.match(text ?? '', /만석입니다/);
    assert.match(text ?? '', /The room is full/);
    await screenshot(door, 'sessions-door-full-1366');
    await door.getByTestId('override-reason').fill('연사 수행원');
    await door.getByTestId('override-go').click();
    await door.locator('[data-testid="outcome"][data-status="admitted"]').waitFor();
    assert.match((await door.getByTestId('outcome').textContent()) ?? '', /예외 허용/);
    await door.locator('[data-testid="door-count"][data-occupancy="3"]').waitFor();
    await screenshot(board, 'sessions-board-full-1920');

    // Someone leaves: out, and the board drops "Full" once back under capacity.
    await door.getByTestId('door-out').click();
    await scan(door, CODES[2]!);
    await outcome(door, 'left');
    await scan(door, CODES[0]!);
    await outcome(door, 'left');
    await board.locator('[data-testid="board-session"][data-session="SEM1"][data-full="0"][data-occupancy="1"]').waitFor();
    await screenshot(door, 'sessions-door-out-1366');
  });

  test('the board: a tour leaving soon with its meeting point; a cancelled session leaves "next"', async ({ station: server, newPage }) => {
    const board = await newPage({ viewport: { width: 1920, height: 1080 } });
    await board.goto(server.url + '#/board');
    const tour = board.locator('[data-testid="board-tour"][data-session="TOUR1"]');
    await tour.waitFor();
    const t = (await tour.textContent()) ?? '';
    assert.match(t, /투어 출발 25분 전/);
    assert.match(t, /Tour leaves in 25 min/);
    assert.match(t, /3홀 입구 안내데스크/);
    // The online lecture room: the sample's 11:00 lecture is next, the 15:00 one after it.
    const room = board.locator('[data-testid="board-room"][data-room="온라인 강연장"]');
    await room.filter({ hasText: '미국 정부조달시장' }).waitFor();
    const r = await api(server, 'sessions.act', { nonce: nonce(), sessionId: 'S00004', action: 'cancel' });
    assert.equal(r.ok, true);
    await board.locator('[data-testid="board-cancelled"][data-session="S00004"]').waitFor();
    // The rooms column refetches the floor on its own schedule; after a reload the cancelled lecture is nobody's "next".
    await board.reload();
    await room.filter({ hasText: '해외조달 온라인 특강' }).waitFor();
    assert.equal(await room.filter({ hasText: '미국 정부조달시장' }).count(), 0, 'the cancelled lecture left "next"');
    await board.locator('[data-testid="board-cancelled"][data-session="S00004"]').waitFor();
    await screenshot(board, 'sessions-board-cancelled-1920');
  });

  test('the sessions console: live occupancy, the edit form refuses a non-http link, the training\'s attendance panel', async ({ station: server, page: door, newPage }) => {
    // One person in the seminar (admitted at its door).
    await door.goto(server.url + '#/door');
    await door.locator('button[data-session="SEM1"]').click();
    await scan(door, CODES[0]!);
    await outcome(door, 'admitted');
    const console_ = await newPage({ viewport: { width: 1366, height: 768 } });
    await console_.goto(server.url + '#/sessions');
    const row = console_.locator('[data-testid="sessions-table"] tr[data-session="SEM1"]');
    await row.locator('[data-testid="session-occupancy"]').filter({ hasText: '1 / 2' }).waitFor();
    await row.getByTestId('edit').click();
    await console_.getByTestId('edit-stream').fill('javascript:alert(1)');
    await console_.getByTestId('edit-save').click();
    assert.match((await console_.getByTestId('edit-error').textContent()) ?? '', /http/);
    await screenshot(console_, 'sessions-console-edit-1366');
    await console_.getByTestId('edit-capacity').fill('40');
    await console_.getByTestId('edit-stream').fill('https://stream.example/esg2');
    await console_.getByTestId('edit-save').click();
    await row.locator('[data-testid="session-occupancy"]').filter({ hasText: '1 / 40' }).waitFor();
    await console_.locator('tr[data-session="TRAIN1"]').getByTestId('attendance').click();
    await console_.getByTestId('attendance-panel').waitFor();
    await screenshot(console_, 'sessions-console-attendance-1366');
    await console_.close();
  });

  test('the desk signs a visitor up for a tour from the visitor card; the tour fills, the next one waits', async ({ station: server, page: desk }) => {
    await desk.goto(server.url + '#/desk');
    for (const [code, want] of [[CODES[0]!, /신청 완료 · Signed up/], [CODES[1]!, /신청 완료/], [CODES[2]!, /대기 1번 · Waitlist no. 1/]] as const) {
      await desk.getByTestId('scan-input').fill(code);
      await desk.getByTestId('scan-input').press('Enter');
      await desk.getByTestId('signup-panel').waitFor();
      await desk.locator('[data-testid="signup-go"][data-session="TOUR1"]').click();
      await desk.getByTestId('signup-answer').filter({ hasText: want }).waitFor();
    }
    await screenshot(desk, 'sessions-desk-signup-1366');
  });
});
