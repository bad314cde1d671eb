/** The quiz on a portrait kiosk (1080×1920, issue 14): its content sits in the middle of the screen, not in the top third. */
import assert from 'node:assert/strict';
import { screenshot } from '../helpers/e2e';
import { test } from './fixtures';

declare const document: { querySelector(sel: string): { getBoundingClientRect(): { top: number; bottom: number } } | null };

test.use({ stationOptions: { role: 'stamp', name: 'Quiz 1', clock: '2022-04-13T10:00' }, viewport: { width: 1080, height: 1920 } });

test('quiz centred on a portrait kiosk', async ({ station: server, page }) => {
  await page.goto(server.url + '#/stamp');
  await page.locator('[data-testid="point-chooser"] button[data-point="quiz"]').click();
  await page.getByTestId('scan-input').waitFor();
  await page.goto(server.url + '#/quiz');
  await page.getByTestId('quiz-screen').waitFor();
  await page.locator('.rally-quiz-scan input').waitFor();
  const box = await page.evaluate(() => {
    const r = document.querySelector('.rally-quiz-scan')!.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
  const middle = (box.top + box.bottom) / 2;
  assert.ok(middle > 1920 * 0.3 && middle < 1920 * 0.7, `the scan prompt's middle is at ${Math.round(middle)} px of 1920`);
  await screenshot(page, 'quiz-portrait-1080x1920');
});
