/** The quiz on a portrait kiosk (1080×1920, issue 14): its content sits in the middle of the screen, not in the top third. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, startServer } from '../helpers/e2e';

declare const document: { querySelector(sel: string): { getBoundingClientRect(): { top: number; bottom: number } } | null };

test('quiz centred on a portrait kiosk', async () => {
  const server = await startServer({ role: 'stamp', name: 'Quiz 1', clock: '2022-04-13T10:00' });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
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
  } finally {
    await browser.close();
    await server.stop();
  }
});
