/**
 * The console's rally setup at the desk size (1366×768), in a real Chromium on a real
 * station server: renaming a gift keeps its rule (the rule once lived under the old id
 * and saved empty — a gift for everyone); rules are built by ticking points, "any N of"
 * groups and, only on purpose, "everyone qualifies"; a gift with no condition is refused
 * with a bilingual message and nothing is saved.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { RallySetup } from '../../contract/index';
import { until } from '../helpers/until';
import { api, launchBrowser, screenshot, startServer, type RunningServer } from '../helpers/e2e';

describe('rally setup: gift rules (browser, 1366×768)', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  /** Its own server and page per test: no test sees another's setup. */
  async function open(): Promise<{ server: RunningServer; page: Page; setup: () => Promise<RallySetup> }> {
    const server = await startServer({ role: 'admin', name: 'Console', clock: '2022-04-13T10:00' });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(server.url + '#/rally-setup');
    await page.getByTestId('rally-setup').waitFor();
    const setup = async () => {
      const r = await api<RallySetup>(server, 'rally.setup.get', {});
      if (!r.ok) throw new Error(r.error?.message);
      return r.value!;
    };
    return { server, page, setup };
  }

  test('renaming a gift keeps its rule', async () => {
    const { server, page, setup } = await open();
    try {
      const before = (await setup()).gifts.find((g) => g.id === 'tumbler')!;
      assert.deepEqual(before.rule, { all: ['quiz'], anyOf: [{ n: 2, of: ['hall3', 'hall4', 'hall5'] }] });
      const row = page.locator('.rally-gift-edit', { has: page.locator('[data-testid="gift-id"]') }).nth(1);
      await row.getByTestId('gift-id').fill('tumbler2');
      // The builder still shows the rule under the new id.
      assert.equal(await row.locator('[data-rule="all:quiz"]').isChecked(), true);
      assert.equal(await row.locator('[data-rule="any0:n"]').inputValue(), '2');
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'rally-setup-rename-1366');
      await page.getByTestId('setup-save').click();
      await page.locator('[data-testid="setup-msg"].rally-saved').waitFor();
      const after = (await setup()).gifts.find((g) => g.id === 'tumbler2');
      assert.deepEqual(after?.rule, before.rule);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  test('a new gift with no condition is refused; "any 1 of" or "everyone" saves', async () => {
    const { server, page, setup } = await open();
    try {
      await page.getByRole('button', { name: /경품 추가/ }).click();
      const row = page.locator('.rally-gift-edit').last();
      await row.locator('input').nth(1).fill('볼펜');
      await row.locator('input').nth(2).fill('Pen');
      await page.getByTestId('setup-save').click();
      const msg = page.locator('[data-testid="setup-msg"].form-error');
      await msg.waitFor();
      assert.match(await msg.innerText(), /지급 조건이 비어 있습니다: gift3/);
      assert.equal((await setup()).gifts.some((g) => g.id === 'gift3'), false, 'nothing saved');

      // "any 1 of" hall 4 / hall 5, built by ticking.
      await row.locator('[data-rule="add-any"]').click();
      await row.locator('[data-rule="any0:hall4"]').check();
      await row.locator('[data-rule="any0:hall5"]').check();
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'rally-setup-builder-1366');
      await page.getByTestId('setup-save').click();
      await page.locator('[data-testid="setup-msg"].rally-saved').waitFor();
      assert.deepEqual((await setup()).gifts.find((g) => g.id === 'gift3')?.rule, { all: [], anyOf: [{ n: 1, of: ['hall4', 'hall5'] }] });

      // Everyone, on purpose.
      const saved = page.locator('.rally-gift-edit').last();
      await saved.locator('[data-rule="everyone"]').check();
      await page.getByTestId('setup-save').click();
      const everyone = await until('gift3 saved for everyone', async () => (await setup()).gifts.find((g) => g.id === 'gift3' && g.rule.everyone));
      assert.deepEqual(everyone.rule, { all: [], anyOf: [], everyone: true });
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
