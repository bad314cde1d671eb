/**
 * The outbox lives in the station, not in the page (issue 13): a venue desk whose database
 * went away checks two visitors in ("offline — will sync"), the page is reloaded, and the
 * banner still counts the two facts waiting — it learnt them from the station, not from
 * memory the reload threw away. When the database is back both land in it exactly once
 * and the banner goes.
 */
import assert from 'node:assert/strict';
import type { Page } from '@playwright/test';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { freshPostgresDatabase, postgresSkip } from '../helpers/databases';
import { seed, tempDir, testStation, visitor } from '../helpers/station';
import { startTestPostgres } from '../../scripts/test-postgres.mjs';
import { until } from '../helpers/until';
import { test } from './fixtures';

const CODES = ['PPS22-610001', 'PPS22-610002'];

/** Polls the station (not the page) until it has noticed the database's state. */
async function stationSees(server: RunningServer, dbOnline: boolean): Promise<void> {
  await until(`station sees dbOnline=${dbOnline}`, async () => (await api<{ dbOnline: boolean }>(server, 'system.status', {})).value?.dbOnline === dbOnline, 60_000);
}

async function scan(page: Page, code: string): Promise<void> {
  await page.locator('#scan').focus();
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press('Enter');
  // The outcome of THIS code, answered from the replica and marked as waiting to sync.
  await page.locator('[data-testid="outcome"][data-status="checked_in"]', { hasText: code }).waitFor({ timeout: 30_000 });
  await page.getByTestId('offline-note').waitFor();
}

test.describe('a desk page reloaded while the venue database is down', () => {
  const skip = postgresSkip();
  test.skip(skip !== false, String(skip));

  test('the banner still counts what waits; both land once when the database is back', async ({ startStation, newPage }) => {
    // Its own throwaway server, so stopping it disturbs no other test.
    const cluster = await startTestPostgres({ maxConnections: 50 });
    try {
      const url = await freshPostgresDatabase(cluster.url);
      const seeder = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url } });
      try {
        await seed(seeder, CODES.map((code, i) => visitor({ code, nameKo: `재접속${i}` })));
      } finally {
        await seeder.close();
      }
      const desk = await startStation({ db: url, name: '2번 입구 데스크', role: 'desk', clock: '2022-04-13T09:30' });
      await until('replica synced', async () => (await api<{ replicaAgeMs: number | null }>(desk, 'offline.status', {})).value?.replicaAgeMs != null, 60_000);

      const page = await newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(desk.url + '#/desk');
      await page.getByTestId('count-checked-in').waitFor({ timeout: 30_000 });

      await cluster.halt();
      await stationSees(desk, false);
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor({ timeout: 30_000 });

      for (const code of CODES) await scan(page, code);
      await until('banner counts 2 waiting', async () => (await banner.getAttribute('data-waiting')) === '2');

      await page.reload();
      // After the reload the page knows only what the station tells it.
      await banner.waitFor({ timeout: 30_000 });
      await until('banner counts 2 waiting after the reload', async () => (await banner.getAttribute('data-waiting')) === '2');
      assert.match(await banner.innerText(), /대기 2건.*2 waiting/s);
      await screenshot(page, 'offline-reload-banner');

      await cluster.resume();
      await until('outbox replayed', async () => {
        const st = (await api<{ online: boolean; waiting: number }>(desk, 'offline.status', {})).value;
        return st?.online === true && st.waiting === 0;
      }, 90_000);
      await banner.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByTestId('offline-syncing').waitFor({ state: 'detached', timeout: 30_000 });
      await screenshot(page, 'offline-reload-synced');

      const counter = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url } });
      try {
        const rows = await counter.handle.db.selectFrom('checkins').select(['visitor_code']).where('visitor_code', 'in', CODES).execute();
        assert.deepEqual(rows.map((r) => r.visitor_code).sort(), [...CODES].sort(), 'each visitor checked in exactly once');
      } finally {
        await counter.close();
      }
    } finally {
      await cluster.stop();
    }
  });
});
