/**
 * A desk screen opened while the venue database is already down says so at once and
 * works from the station's replica (issue 13); when the database is back the banner goes
 * and the offline check-in is in it.
 */
import assert from 'node:assert/strict';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { freshPostgresDatabase, postgresSkip } from '../helpers/databases';
import { seed, tempDir, testStation, visitor } from '../helpers/station';
import { startTestPostgres } from '../../scripts/test-postgres.mjs';
import { until } from '../helpers/until';
import { test } from './fixtures';

const PG = process.env.FAIRDESK_TEST_PG;

/** Polls the station (not the page) until it has noticed the database's state. */
async function stationSees(server: RunningServer, dbOnline: boolean): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const r = await api<{ dbOnline: boolean }>(server, 'system.status', {});
    if (r.ok && r.value!.dbOnline === dbOnline) return;
    if (Date.now() - t0 > 30_000) throw new Error(`station never saw dbOnline=${dbOnline}: ${JSON.stringify(r)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.describe('desk opened while the venue database is down', () => {
  const skip = postgresSkip();
  test.skip(skip !== false, String(skip));

  test('the banner is there on load, and goes when the database is back', async ({ startStation, browser }) => {
    // Its own throwaway server, so stopping it disturbs no other test.
    const cluster = await startTestPostgres({ maxConnections: 50 });
    try {
      const url = await freshPostgresDatabase(cluster.url);
      const seeder = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url } });
      try {
        await seed(seeder, [visitor({ code: 'PPS22-600001', nameKo: '양현석' })]);
      } finally {
        await seeder.close();
      }
      const desk = await startStation({ db: url, name: '4번 입구 데스크', role: 'desk', clock: '2022-04-13T09:30' });

      assert.deepEqual((await api(desk, 'system.status', {})).value, { db: 'postgres', dbOnline: true });
      // The desk answers offline from its replica once that has synced: wait for the first sync
      // (it runs beside the station's start) rather than on how long the start took.
      await until('replica synced', async () => (await api<{ replicaAgeMs: number | null }>(desk, 'offline.status', {})).value?.replicaAgeMs != null);
      await cluster.halt();
      await stationSees(desk, false);

      // Nothing changes from here on until the resume below: whatever the page shows, it
      // learnt while loading.
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(desk.url + '#/desk');
      // The station answers from its replica (issue 13): the screen opens and says it is offline.
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor();
      assert.match(await banner.innerText(), /오프라인 —.*Offline since/s);
      await page.getByTestId('count-checked-in').waitFor({ timeout: 30_000 });
      await page.locator('#scan').focus();
      await page.keyboard.type('PPS22-600001', { delay: 2 });
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="outcome"][data-status="checked_in"]').waitFor({ timeout: 30_000 });
      await page.getByTestId('offline-note').waitFor();
      await screenshot(page, 'desk-venue-down-on-load');

      await cluster.resume();
      await banner.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByTestId('offline-note').waitFor({ state: 'detached', timeout: 30_000 });
      await screenshot(page, 'desk-venue-back');
      await page.close();
      await desk.stop();
    } finally {
      await cluster.stop();
    }
  });
});
