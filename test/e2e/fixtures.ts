/**
 * Playwright Test fixtures for the browser tests: every test gets its OWN station server
 * (a real `serve.cli.ts` process) with its own data folder, started before the test and
 * stopped after it, plus Playwright's own fresh context and page. No test reads another's state.
 *
 *   import { test, expect } from './fixtures';
 *   test.use({ stationOptions: { role: 'kiosk', clock: '2022-04-13T09:30', registrations: true } });
 *   test('…', async ({ station, page }) => { await page.goto(station.url + '#/desk'); … });
 *
 * `station` options are ServerOptions (test/helpers/e2e.ts) plus `registrations: true` (import
 * test/fixtures/registrations.csv through the server's channels, as staff would) or a Buffer.
 * `printer`: a virtual TCP printer of its own (main/printing/virtual-printer.ts).
 * A test that needs a second station (two desks on one venue database) starts it itself
 * with `startStation(...)`, which is stopped after the test too.
 * `newPage(opts)` / `newContext(opts)`: one more page (own context, e.g. a board at 1920×1080
 * beside the desk's page) or context for this test, closed after it.
 */
import { test as base, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startVirtualPrinter, type VirtualPrinter } from '../../main/printing/virtual-printer';
import { api, importRegistrations, startServer, type RunningServer, type ServerOptions } from '../helpers/e2e';
import { tempDir } from '../helpers/station';

export { expect } from '@playwright/test';

export const REGISTRATIONS = path.resolve(import.meta.dirname, '../fixtures/registrations.csv');

export interface StationOptions extends ServerOptions {
  /** Registrations imported before the test: true → test/fixtures/registrations.csv. */
  registrations?: boolean | Buffer;
  /**
   * Set-up an organiser does before this station serves (import, printers, policy, programme):
   * run on an admin station over the same data folder (and database), stopped before this
   * station starts — never both at once. The registrations are imported in that phase too.
   * For roles that may not do the set-up themselves (a kiosk, a booth PC).
   */
  prepare?: (admin: RunningServer) => Promise<void>;
}

interface Fixtures {
  /** Options of this test's station; set per file/describe with test.use({ station: {...} }). */
  stationOptions: StationOptions;
  /** This test's station server (own process, own data folder). */
  station: RunningServer;
  /** Starts one more station for this test; stopped after it (its output attached on failure). */
  startStation: (opts?: StationOptions) => Promise<RunningServer>;
  /** A virtual TCP thermal printer for this test (its PNGs in a fresh temp folder), closed after it. */
  printer: VirtualPrinter;
  /** One more browser context for this test (e.g. a second window size or origin); closed after it. */
  newContext: (opts?: BrowserContextOptions) => Promise<BrowserContext>;
  /** A page in a context of its own (newContext), e.g. a 1920×1080 board beside the desk's page. */
  newPage: (opts?: BrowserContextOptions) => Promise<Page>;
}

async function start(opts: StationOptions): Promise<RunningServer> {
  const { registrations, prepare, ...rest } = opts;
  if (prepare) {
    const serverOpts = { ...rest, dataDir: rest.dataDir ?? tempDir('fairdesk-e2e-') };
    const admin = await start({ ...serverOpts, role: 'admin', registrations });
    try {
      await prepare(admin);
    } finally {
      await admin.stop();
    }
    // The event is already in the data folder / database.
    return startServer({ ...serverOpts, event: null });
  }
  const server = await startServer(rest);
  try {
    if (registrations) await importRegistrations(server, registrations === true ? fs.readFileSync(REGISTRATIONS) : registrations);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

export const test = base.extend<Fixtures>({
  stationOptions: [{ role: 'admin', name: 'Desk 1', clock: '2022-04-13T09:30' }, { option: true }],
  startStation: async ({}, use, testInfo) => {
    const started: RunningServer[] = [];
    try {
      await use(async (opts = {}) => {
        const s = await start(opts);
        started.push(s);
        return s;
      });
    } finally {
      for (const [i, s] of started.entries()) {
        if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach(`station-${i + 1}.log`, { body: s.output(), contentType: 'text/plain' });
        await s.stop();
      }
    }
  },
  station: async ({ stationOptions, startStation }, use) => {
    await use(await startStation(stationOptions));
  },
  newContext: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    try {
      await use(async (opts = {}) => {
        const c = await browser.newContext(opts);
        contexts.push(c);
        return c;
      });
    } finally {
      for (const c of contexts) await c.close();
    }
  },
  newPage: async ({ newContext }, use) => {
    await use(async (opts = {}) => (await newContext(opts)).newPage());
  },
  printer: async ({}, use) => {
    const vp = await startVirtualPrinter({ port: 0, outDir: path.join(tempDir('fairdesk-vp-'), 'printed') });
    try {
      await use(vp);
    } finally {
      await vp.close();
    }
  },
});

/**
 * Saves a printer at `port` (the test's virtual printer) on this station and makes it the
 * station's own, as staff would on 프린터 / Printers; returns its id.
 */
export async function usePrinter(server: RunningServer, port: number, opts: { autoPrint: boolean; name?: string }): Promise<string> {
  const saved = await api<{ status: string; printer: { id: string } }>(server, 'printing.printers.save', { name: opts.name ?? 'Desk printer', kind: 'epson', interface: `tcp://127.0.0.1:${port}`, paperMm: 80, stock: 'roll80' });
  if (saved.value?.status !== 'saved') throw new Error(`printer not saved: ${JSON.stringify(saved)}`);
  const set = await api(server, 'printing.station.set', { printerId: saved.value.printer.id, autoPrint: opts.autoPrint });
  if (!set.ok) throw new Error(`printer not set: ${JSON.stringify(set)}`);
  return saved.value.printer.id;
}
