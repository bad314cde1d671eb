/**
 * The console's rally setup at the desk size (1366×768), in a real Chromium on a real
 * station server: renaming a gift keeps its rule (the rule once lived under the old id
 * and saved empty — a gift for everyone); rules are built by ticking points, "any N of"
 * groups and, only on purpose, "everyone qualifies"; a gift with no condition is refused
 * with a bilingual message and nothing is saved.
 */
import assert from 'node:assert/strict';
import type { Page } from '@playwright/test';
import type { RallySetup } from '../../contract/index';
import { until } from '../helpers/until';
import { api, screenshot, type RunningServer } from '../helpers/e2e';
import { test } from './fixtures';

test.describe('rally setup: gift rules (browser, 1366×768)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Console', clock: '2022-04-13T10:00' }, viewport: { width: 1366, height: 768 } });

  /** Its own server and page per test (fixtures): no test sees another's setup. */
  async function open(server: RunningServer, page: Page): Promise<{ setup: () => Promise<RallySetup> }> {
    await page.goto(server.url + '#/rally-setup');
    await page.getByTestId('rally-setup').waitFor();
    const setup = async () => {
      const r = await api<RallySetup>(server, 'rally.setup.get', {});
      if (!r.ok) throw new Error(r.error?.message);
      return r.value!;
    };
    return { setup };
  }

  test('renaming a gift keeps its rule', async ({ station: server, page }) => {
    const { setup } = await open(server, page);
    {
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
    }
  });

  test('a new gift with no condition is refused; "any 1 of" or "everyone" saves', async ({ station: server, page }) => {
    const { setup } = await open(server, page);
    {
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
    }
  });
});
