/**
 * Venue mode in the browser: desk A and desk B are separate station servers on one
 * PostgreSQL. A check-in at A moves B's counter without a reload; the Stations screen
 * shows the database kind, who is online, and an offline station unmistakably, and
 * picks up a newly started station by itself.
 */
import assert from 'node:assert/strict';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { freshPostgresDatabase, postgresSkip } from '../helpers/databases';
import { seed, tempDir, testStation, visitor } from '../helpers/station';
import { startTestPostgres } from '../../scripts/test-postgres.mjs';
import { test, type StationOptions } from './fixtures';

const PG = process.env.FAIRDESK_TEST_PG;

/**
 * This test's venue: a fresh database with two visitors, a stamp station that ran earlier
 * this morning and is gone, desk A (admin) and desk B.
 */
async function venue(startStation: (o: StationOptions) => Promise<RunningServer>) {
  const url = await freshPostgresDatabase(PG!);
  const seeder = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url } });
  try {
    await seed(seeder, [visitor({ code: 'PPS22-300001', nameKo: '김은희' }), visitor({ code: 'PPS22-300002', nameKo: '배정호' })]);
    // The seeding helper is not a station anyone would see at the venue.
    await seeder.handle.db.deleteFrom('stations').where('id', '=', seeder.identity.id).execute();
  } finally {
    await seeder.close();
  }
  // A station that ran earlier this morning and is gone now (rehearsal clock 20 min back).
  const gone = await startStation({ db: url, name: '3홀 스탬프', role: 'stamp', clock: '2022-04-13T09:10' });
  await gone.stop();
  const a = await startStation({ db: url, name: '1번 입구 데스크', role: 'admin', clock: '2022-04-13T09:30' });
  const b = await startStation({ db: url, name: '2번 입구 데스크', role: 'desk', clock: '2022-04-13T09:30' });
  return { url, a, b };
}

test.describe('venue mode in the browser', () => {
  const skip = postgresSkip();
  test.skip(skip !== false, String(skip));
  test.use({ viewport: { width: 1366, height: 768 } });

  test("a check-in at desk A shows on desk B's counter without a reload", async ({ startStation, page }) => {
    const { a, b } = await venue(startStation);
    await page.goto(b.url + '#/desk');
    await page.getByTestId('count-checked-in').waitFor();
    assert.equal(await page.getByTestId('count-checked-in').innerText(), '0');
    const r = await api(a, 'checkin.scan', { code: 'PPS22-300001', nonce: 'e2e-venue-1' });
    assert.ok(r.ok, JSON.stringify(r.error));
    await page.getByTestId('count-checked-in').filter({ hasText: /^1$/ }).waitFor();
    await screenshot(page, 'venue-desk-b-counter');
  });

  test('the Stations screen: database kind, online and offline stations, and it refreshes by itself', async ({ startStation, page }) => {
    const { url, a } = await venue(startStation);
    await page.goto(a.url + '#/stations');
    const table = page.getByTestId('stations');
    await table.waitFor();
    assert.match(await page.getByTestId('stations-db').innerText(), /PostgreSQL/);
    assert.equal(await page.getByTestId('stations-summary').innerText(), '온라인 2 / 전체 3');
    const offline = page.locator('tr[data-online="false"]');
    assert.equal(await offline.count(), 1);
    // Each station's rehearsal clock starts when its process does, so "20 minutes" can
    // read 19 on a slow start: the point is that it is shown as gone, with its age.
    assert.match(await offline.innerText(), /3홀 스탬프[\s\S]*(19|20)분 전/);
    assert.match(await page.locator('tr[data-online="true"]', { hasText: '1번 입구 데스크' }).innerText(), /이 스테이션/);
    await screenshot(page, 'venue-stations');

    // A gift desk opens at the far entrance; the list shows it without anyone reloading.
    await startStation({ db: url, name: '기념품 데스크', role: 'gift', clock: '2022-04-13T09:30' });
    await page.locator('tr[data-online="true"]', { hasText: '기념품 데스크' }).waitFor();
    assert.equal(await page.getByTestId('stations-summary').innerText(), '온라인 3 / 전체 4');
    await page.getByRole('button', { name: /English/ }).click().catch(() => undefined);
    await screenshot(page, 'venue-stations-en');
  });

  test('the venue database goes away: the desk answers from its replica, says "offline — will sync", and the fact arrives once when it is back', async ({ startStation, page }) => {
    // Its own throwaway server, so stopping it disturbs no other test.
    const cluster = await startTestPostgres({ maxConnections: 50 });
    let desk: RunningServer | undefined;
    try {
      const url2 = await freshPostgresDatabase(cluster.url);
      const seeder = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url: url2 } });
      try {
        await seed(seeder, [visitor({ code: 'PPS22-300009', nameKo: '양현석' })]);
      } finally {
        await seeder.close();
      }
      desk = await startStation({ db: url2, name: '3번 입구 데스크', role: 'desk', clock: '2022-04-13T09:30' });
      await page.goto(desk.url + '#/desk');
      await page.getByTestId('count-checked-in').waitFor();

      await cluster.halt();
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor();
      assert.match(await banner.innerText(), /오프라인 —.*Offline since/s);
      await page.locator('#scan').focus();
      await page.keyboard.type('PPS22-300009', { delay: 2 });
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor();
      await page.getByTestId('offline-note').waitFor();
      await page.locator('[data-testid="offline-banner"][data-waiting="1"]').waitFor();
      await screenshot(page, 'venue-desk-db-offline');
      // A reload: the fact is in the station, not in the page.
      await page.reload();
      await page.locator('[data-testid="offline-banner"][data-waiting="1"]').waitFor();

      await cluster.resume();
      await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
      await page.getByTestId('offline-note').waitFor({ state: 'detached' });
      await page.getByTestId('count-checked-in').filter({ hasText: /^1$/ }).waitFor();
      await screenshot(page, 'venue-desk-db-back');
      const rows = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url: url2 } });
      try {
        const n = await rows.handle.db.selectFrom('checkins').select('visitor_code').execute();
        assert.deepEqual(n.map((r) => r.visitor_code), ['PPS22-300009'], 'sent once, applied once');
      } finally {
        await rows.close();
      }
    } finally {
      await desk?.stop();
      await cluster.stop();
    }
  });
});
