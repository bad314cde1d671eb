/**
 * Two badges scanned at a stamp station in the same instant (issue 14): the second
 * scanner burst lands while the first scan is on its way. Both badges are stamped with
 * their whole codes — none loses its prefix ("S22-100005") to the first answer clearing
 * the field — and nothing is sent as garbage.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { api, screenshot } from '../helpers/e2e';
import { tempDir } from '../helpers/station';
import { until } from '../helpers/until';
import { test } from './fixtures';

const CLOCK = '2022-04-13T10:00';

test.describe('stamp station: two badges in the same instant (1366×768)', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('three badges in one burst: three stamps, whole codes, in order', async ({ startStation, page }) => {
    const dataDir = tempDir('fairdesk-stamp-burst-');
    const codes: string[] = [];
    const admin = await startStation({ role: 'admin', name: 'Console', clock: CLOCK, dataDir });
    try {
      for (const [nameKo, phone] of [['김은희', '010-5025-2066'], ['배정호', '010-1234-5678'], ['이서연', '010-3333-4444']] as const) {
        const w = await api<{ visitor: { code: string } }>(admin, 'visitors.walkIn', { nonce: `walkin-${phone.slice(-4)}`, nameKo, phone, category: 'visitor', consent: true });
        assert.ok(w.ok, JSON.stringify(w.error));
        codes.push(w.value!.visitor.code);
      }
    } finally {
      await admin.stop();
    }
    const server = await startStation({ role: 'stamp', name: 'Hall 3 · 1', clock: CLOCK, dataDir });

    await page.goto(server.url + '#/stamp');
    await page.getByTestId('point-chooser').waitFor();
    await page.locator('[data-testid="point-chooser"] button[data-point="hall3"]').click();
    await page.getByTestId('station-point').filter({ hasText: '3홀' }).waitFor();
    // Scanners type fast and do not wait for anything: all three bursts in one go.
    await page.keyboard.type(codes.map((c) => `${c}\n`).join(''), { delay: 0 });
    const db = new Database(path.join(dataDir, 'fairdesk.sqlite'), { readonly: true });
    try {
      const stamped = await until('three stamps', async () => {
        const rows = db.prepare("select visitor_code from rally_stamps where point_id = 'hall3' order by id").all() as { visitor_code: string }[];
        return rows.length >= 3 && rows;
      });
      assert.deepEqual(stamped.map((r) => r.visitor_code).sort(), [...codes].sort());
    } finally {
      db.close();
    }
    await page.locator('[data-testid="outcome"][data-status="stamped"]').waitFor();
    assert.equal(await page.getByTestId('scan-input').inputValue(), '', 'nothing left behind in the field');
    await screenshot(page, 'stamp-burst-1366');
  });
});
