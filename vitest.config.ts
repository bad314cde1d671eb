import { defineConfig } from 'vitest/config';

// Unit and service tests (test/**/*.test.ts outside test/e2e; the browser tests are
// Playwright Test's, playwright.config.ts). Separate from vite.config.ts, which builds the renderer.
// Run through `npm test` (scripts/test.mjs), which starts the throwaway PostgreSQL and
// exports FAIRDESK_TEST_PG first; a run without it fails in test/helpers/databases.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // better-sqlite3 is a native module: child processes, not worker threads.
    pool: 'forks',
    // Two shared cores: two files at a time. Tests wait on conditions, never on timers,
    // so the timeouts are only a ceiling for a hung test on a very busy machine.
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    watch: false,
    globals: false,
    reporters: process.env.CI ? ['default'] : ['default'],
    env: { FAIRDESK_LOG: process.env.FAIRDESK_LOG ?? 'warn' },
  },
});
