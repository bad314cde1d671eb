/**
 * A 2026 fair end to end in the browser, on a fresh data folder (no sample event): the
 * organiser sets it up on 행사 설정 (a bad time zone is refused in KO/EN first), imports a
 * 2026 CP949 export with Korean day formats, checks a visitor in at the desk under a
 * 2026 rehearsal clock, stamps at hall B, and the board shows the programme. Then the
 * passes: a day-1 walk-in comes back on day 2, an exhibitor comes in on day 3.
 */
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import type { EventInput } from '../../contract/index';
import { api, importRegistrations, screenshot, type RunningServer } from '../helpers/e2e';
import { test } from './fixtures';

const REGISTRATIONS_2026 = [
  '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의',
  'PPS26-100001,김은희,,한국도로공사,이사,일반참관객,010-5025-2066,,대한민국,5/20,Y',
  'PPS26-100002,배정호,,조달청,주무관,공공기관 구매담당,010-1111-2222,,대한민국,2026-05-21,Y',
  'PPS26-100003,이서연,,(주)한빛,대표,출품기업,010-3333-4444,,대한민국,2026.5.20,Y',
  'PPS26-100004,박지민,,서울시,팀장,일반참관객,010-5555-6666,,대한민국,5월 20일;21일,Y',
  'PPS26-100005,최유진,,부산시,주무관,일반참관객,010-7777-8888,,대한민국,4/13,Y',
].join('\r\n');

/** The fair the first test sets up on the screen; the later tests start from it (saved through the same channel). */
const EVENT_2026: EventInput = {
  name: { ko: '2026 공공조달박람회', en: 'Public Procurement Expo 2026' },
  days: ['2026-05-20', '2026-05-21', '2026-05-22'],
  timeZone: 'Asia/Seoul',
  halls: [
    { id: 'a', ko: 'A홀', en: 'Hall A' },
    { id: 'b', ko: 'B홀', en: 'Hall B' },
    { id: 'c', ko: 'C홀', en: 'Hall C' },
  ],
};

/** This test's station as the first test leaves it: the 2026 fair saved; with `imported`, the CP949 export imported too. */
async function fair2026(server: RunningServer, imported: boolean): Promise<void> {
  const set = await api(server, 'event.set', EVENT_2026);
  assert.equal(set.ok, true, JSON.stringify(set.error));
  if (imported) assert.equal((await importRegistrations(server, iconv.encode(REGISTRATIONS_2026, 'cp949'), 'registrations-2026.csv')).inserted, 4);
}

test.describe('a 2026 fair, set up and run from the browser', () => {
  test.use({ stationOptions: { event: null, clock: '2026-05-20T09:30', role: 'admin', name: 'Desk 1' }, viewport: { width: 1366, height: 768 } });

  test('set up on 행사 설정: a bad time zone is refused in Korean and English; the good one is saved', async ({ station: server, page }) => {
    await page.goto(`${server.url}#/setup`);
    await page.getByTestId('event-setup').waitFor();
    await page.getByLabel('name-ko').fill('2026 공공조달박람회');
    await page.getByLabel('name-en').fill('Public Procurement Expo 2026');
    for (const d of ['2026-05-22', '2026-05-20', '2026-05-21']) {
      await page.getByLabel('new-day').fill(d);
      await page.getByTestId('add-day').click();
    }
    assert.deepEqual(await page.locator('[data-testid="setup-days"] li b').allInnerTexts(), ['2026-05-20', '2026-05-21', '2026-05-22']);
    for (const [i, [id, ko, en]] of [['a', 'A홀', 'Hall A'], ['b', 'B홀', 'Hall B'], ['c', 'C홀', 'Hall C']].entries()) {
      await page.getByTestId('add-hall').click();
      await page.getByLabel(`hall-id-${i}`).fill(id!);
      await page.getByLabel(`hall-ko-${i}`).fill(ko!);
      await page.getByLabel(`hall-en-${i}`).fill(en!);
    }
    await page.locator('#tz').fill('Asia/Busan');
    await page.getByTestId('setup-preview').click();
    const problems = page.getByTestId('setup-problems');
    await problems.waitFor();
    assert.match(await problems.innerText(), /알 수 없는 시간대입니다: Asia\/Busan[\s\S]*Unknown time zone: Asia\/Busan/);
    assert.equal(await page.getByTestId('setup-save').isDisabled(), true);
    await screenshot(page, 'setup-refused-1366');
    const still = await api<{ configured: boolean }>(server, 'event.get', {});
    assert.equal(still.value!.configured, false);

    await page.locator('#tz').fill('Asia/Seoul');
    await page.getByTestId('setup-preview').click();
    await page.locator('[data-testid="setup-save"]:not([disabled])').waitFor();
    await page.getByTestId('setup-save').click();
    await page.locator('[data-testid="setup-note"].ok').waitFor();
    await screenshot(page, 'setup-saved-1366');
    const ev = await api<{ days: string[]; halls: { id: string }[]; name: { ko: string } }>(server, 'event.get', {});
    assert.deepEqual(ev.value!.days, ['2026-05-20', '2026-05-21', '2026-05-22']);
    assert.deepEqual(ev.value!.halls.map((h) => h.id), ['a', 'b', 'c']);
    // The top bar follows the event at once.
    await page.locator('.topbar .event', { hasText: '2026 공공조달박람회' }).waitFor();
  });

  test('a 2026 CP949 export with Korean day formats imports; a 4/13 row is refused as outside the fair', async ({ station: server }) => {
    await fair2026(server, false);
    const preview = await api<{ rejected: { row: number; reason: string }[] }>(server, 'import.registrations.preview', {
      fileName: 'registrations-2026.csv',
      dataBase64: iconv.encode(REGISTRATIONS_2026, 'cp949').toString('base64'),
    });
    assert.equal(preview.ok, true, JSON.stringify(preview.error));
    assert.deepEqual(preview.value!.rejected.map((r) => r.reason), ['invalid_days']);
    const r = await importRegistrations(server, iconv.encode(REGISTRATIONS_2026, 'cp949'), 'registrations-2026.csv');
    assert.equal(r.inserted, 4);
  });

  test('check-in at the desk under the 2026 rehearsal clock; stamp at hall B; the board shows the programme', async ({ station: server, page, browser }) => {
    await fair2026(server, true);
    await page.goto(`${server.url}#/desk`);
    await page.getByTestId('counters').waitFor();
    await page.locator('#scan').focus();
    await page.keyboard.type('PPS26-100001', { delay: 2 });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
    await screenshot(page, 'setup-desk-checkin-1366');

    const stamp = await api<{ status: string }>(server, 'rally.station.assign', { pointId: 'b' });
    assert.equal(stamp.ok, true, JSON.stringify(stamp.error));
    const stamped = await api<{ status: string }>(server, 'rally.stamp.scan', { code: 'PPS26-100001', nonce: 'stamp-hall-b-1' });
    assert.equal(stamped.value?.status, 'stamped', JSON.stringify(stamped));

    const programme = ['일정ID,유형,제목,일자,시작,종료,장소', 'S1,세미나,2026 조달 혁신 세미나,2026-05-20,09:00,12:00,컨퍼런스룸 301'].join('\n');
    const imp = await api(server, 'programme.import.commit', { fileName: 'programme-2026.csv', dataBase64: Buffer.from(programme).toString('base64') });
    assert.equal(imp.ok, true, JSON.stringify(imp.error));
    const board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await board.goto(`${server.url}#/board`);
      await board.locator('[data-testid="board"]', { hasText: '2026 조달 혁신 세미나' }).waitFor();
      assert.match(await board.getByTestId('board').innerText(), /2026 공공조달박람회/);
      await screenshot(board, 'setup-board-1920');
    } finally {
      await board.close();
    }
  });

  test('a day-1 walk-in is admitted on day 2 when walk-ins last the fair; an exhibitor on day 3', async ({ station: server, page }) => {
    await fair2026(server, true);
    const ev = await api<Record<string, unknown>>(server, 'event.get', {});
    const { configured: _c, ...input } = ev.value!;
    assert.equal((await api(server, 'event.set', { ...input, walkInValidity: 'rest_of_fair' })).ok, true);
    const walk = await api<{ visitor: { code: string } }>(server, 'visitors.walkIn', { nonce: 'walkin-2026-day1', nameKo: '현장방문', phone: '010-9999-0000', category: 'visitor', consent: true });
    assert.equal(walk.ok, true, JSON.stringify(walk.error));

    assert.equal((await api(server, 'floor.clock.set', { at: '2026-05-21T10:00' })).ok, true);
    await page.goto(`${server.url}#/desk`);
    await page.getByTestId('counters').waitFor();
    await page.locator('#scan').focus();
    await page.keyboard.type(walk.value!.visitor.code, { delay: 2 });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
    // A visitor registered for day 1 only is still sent to the desk on day 2.
    const day1Only = await api<{ status: string }>(server, 'checkin.scan', { code: 'PPS26-100001', nonce: 'day1-only-on-day2' });
    assert.equal(day1Only.value?.status, 'not_registered_today');

    assert.equal((await api(server, 'floor.clock.set', { at: '2026-05-22T10:00' })).ok, true);
    const exhibitor = await api<{ status: string }>(server, 'checkin.scan', { code: 'PPS26-100003', nonce: 'exhibitor-day-3' });
    assert.equal(exhibitor.value?.status, 'checked_in');
  });
});
