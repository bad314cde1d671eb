import { defineConfig } from '@playwright/test';

// Browser tests (test/e2e/*.e2e.test.ts) with Playwright Test and Debian's Chromium — never a
// downloaded browser. Each test gets its own station server + data folder (test/e2e/fixtures.ts)
// and its own browser context/page. Run through `npm test` (scripts/test.mjs), which builds the
// renderer and starts the throwaway PostgreSQL (FAIRDESK_TEST_PG) first.
// Same flags as test/helpers/e2e.ts CHROMIUM_ARGS (not imported: the config stays light to load).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.test.ts',
  outputDir: 'test-results/playwright',
  // Two shared cores; each worker runs a station server process and a Chromium.
  workers: Number(process.env.FAIRDESK_E2E_WORKERS ?? 2),
  fullyParallel: true,
  // A flake is fixed, never hidden by a retry.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Ceilings for a very busy machine; tests wait on conditions, not on time.
  timeout: 600_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: process.env.FAIRDESK_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1366, height: 768 },
    actionTimeout: 60_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
