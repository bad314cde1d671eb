/**
 * What staff feel (issue 14, item 4): a real station with 100k visitors served over HTTP,
 * a real Chromium page at the staff sizes, and the time from the staff's action to the
 * frame that shows its answer — measured inside the page:
 * - keystroke → search results painted (desk, 1366×768; goal p95 ≤ 16 ms, one frame);
 * - scan (code + Enter) → outcome card painted (desk; ≤ 30 ms);
 * - file picked → import done in the UI (≤ 2× the bench's own import of the same file,
 *   in-process through importRegistrationsFile, measured in the same run);
 * - kiosk scan → confirm screen (kiosk, 1080×1920; ≤ 300 ms).
 *
 * "Painted": the page notes the action's own event time (event.timeStamp of the
 * keydown/input), a MutationObserver sees the answer land in the DOM, and the next
 * requestAnimationFrame callback (the frame that paints it) stamps the end. Both stamps
 * are the page's performance clock, so neither Playwright's CDP round trips nor Node's
 * clock is counted.
 *
 * Each figure beside its raw limit measured in the same run (issue 12, bench truth): the
 * HTTP round trip of the same call from the same page (fetch, no React), plus one bare
 * frame (an input event in a plain <input> → its next rAF, no app work) — no design that
 * asks the station can answer faster than that sum.
 *
 *   npm run bench -- --only staff-feel [--rows 100000] [--keys 200] [--scans 100]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { BenchSection } from './index';
import { countFlag, figure, machineNote, summarize, timed } from '../stats';
import { generateRegistrations, registrationsCsv, EVENT_DAYS, type GeneratedRegistration } from '../generate-registrations';
import { FakeClock } from '../../main/core/clock';
import { ensureRendererBuilt } from '../../main/server/renderer-build';
import { importRegistrationsFile } from '../../main/services/import/import.handlers';
import { launchBrowser } from '../../test/helpers/e2e';
import { openStation } from './foundation.bench';
import { serve } from './board.bench';

// The evaluate callbacks run in the page; Node's type library has no DOM.
declare const document: {
  querySelector(sel: string): { setAttribute(n: string, v: string): void; focus(): void } | null;
  querySelectorAll(sel: string): ArrayLike<{ setAttribute(n: string, v: string): void }>;
  addEventListener(t: string, cb: (e: { timeStamp: number; key?: string; target: unknown }) => void, capture?: boolean): void;
  createElement(t: string): { id: string; focus(): void; remove(): void };
  body: { appendChild(n: unknown): void };
};
declare const window: { __probe: Probe; __probeArm(sel: string, on: 'input' | 'keydown', key?: string): void };
declare const performance: { now(): number };
declare function requestAnimationFrame(cb: () => void): void;
declare function fetch(url: string, init: unknown): Promise<{ json(): Promise<unknown> }>;
interface Probe { start: number; seen: number; painted: number }

const GOAL_KEY_MS = 16;
const GOAL_SCAN_MS = 30;
const GOAL_IMPORT_RATIO = 2;
const GOAL_KIOSK_MS = 300;

// Plain JS, not a function: tsx's keepNames would wrap named helpers in __name, which the page lacks.
const PROBE_JS = `(() => {
  window.__probe = { start: 0, seen: 0, painted: 0 };
  let armed = null;
  const check = () => {
    const a = armed;
    if (!a || !window.__probe.start || window.__probe.seen || !document.querySelector(a.sel)) return;
    window.__probe.seen = performance.now();
    a.mo.disconnect();
    armed = null;
    requestAnimationFrame(() => (window.__probe.painted = performance.now()));
  };
  const onEvent = (type) => (e) => {
    if (!armed || armed.on !== type || window.__probe.start) return;
    if (type === 'keydown' && e.key !== armed.key) return;
    window.__probe.start = e.timeStamp;
    check();
  };
  document.addEventListener('input', onEvent('input'), true);
  document.addEventListener('keydown', onEvent('keydown'), true);
  window.__probeArm = (sel, on, key) => {
    window.__probe = { start: 0, seen: 0, painted: 0 };
    const mo = new MutationObserver(check);
    armed = { sel, on, key, mo };
    mo.observe(document.querySelector('#root') || document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  };
})()`;

async function installProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE_JS);
}

/** Arms the probe, runs the action, waits for the painted stamp; the action → paint time in ms. */
async function probe(page: Page, sel: string, on: 'input' | 'keydown', act: () => Promise<void>, key?: string): Promise<number> {
  await page.evaluate(([s, o, k]) => window.__probeArm(s, o as 'input' | 'keydown', k ?? undefined), [sel, on, key ?? null] as const);
  await act();
  const p = (await (await page.waitForFunction(() => window.__probe.painted && window.__probe, null, { polling: 5, timeout: 30_000 })).jsonValue()) as Probe;
  return p.painted - p.start;
}

/** One bare frame: a character typed into a plain <input> the app does not know → its next rAF. */
async function bareFrames(page: Page, n: number): Promise<number[]> {
  await page.evaluate(() => {
    const el = document.createElement('input');
    el.id = 'bench-bare';
    document.body.appendChild(el);
  });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await page.evaluate(() => {
      window.__probe = { start: 0, seen: 0, painted: 0 };
      document.addEventListener('input', (e) => {
        if ((e.target as { id?: string }).id !== 'bench-bare' || window.__probe.start) return;
        window.__probe.start = e.timeStamp;
        requestAnimationFrame(() => (window.__probe.painted = performance.now()));
      }, true);
      document.querySelector('#bench-bare')!.focus();
    });
    await page.keyboard.type('x');
    const p = (await (await page.waitForFunction(() => window.__probe.painted && window.__probe, null, { polling: 5 })).jsonValue()) as Probe;
    out.push(p.painted - p.start);
  }
  await page.evaluate(() => (document.querySelector('#bench-bare') as unknown as { remove(): void }).remove());
  return out;
}

/** The same call from the same page without React: fetch → JSON parsed. */
async function rawRoundTrips(page: Page, channel: string, inputs: unknown[]): Promise<number[]> {
  return page.evaluate(async ([ch, ins]) => {
    const out: number[] = [];
    for (const input of ins) {
      const t = performance.now();
      await (await fetch(`api/${ch}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json();
      out.push(performance.now() - t);
    }
    return out;
  }, [channel, inputs] as const);
}

/** The keystrokes staff type at the desk: each query grows one character at a time. */
function searchWords(rows: GeneratedRegistration[], n: number): string[] {
  const words: string[] = [];
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const kinds = [
    (r: GeneratedRegistration) => (r.given ? r.nameKo : null), // 김민서: 김 → 김민 → 김민서
    (r: GeneratedRegistration) => r.phone.replace(/\D/g, '').slice(-4), // 2 → 20 → 206 → 2066
    (r: GeneratedRegistration) => r.code.slice(-6), // the number part of a code
    (r: GeneratedRegistration) => r.organisation.replace(/\(주\)|주식회사|\s/g, '').slice(0, 4),
  ];
  let keys = 0;
  for (let i = 0; keys < n; i++) {
    const w = kinds[i % kinds.length]!(rows[Math.floor(random() * rows.length)]!);
    if (!w) continue;
    words.push(w);
    keys += Array.from(w).length;
  }
  return words;
}

const ratio = (fig: number, raw: number) => `${(fig / raw).toFixed(1)}×`;

export const staffFeelBench: BenchSection = {
  name: 'staff-feel',
  doc: 'what staff feel through a real page at 100k visitors: keystroke → results, scan → card, file → import done, kiosk scan → confirm',
  async run(flags) {
    const n = countFlag(flags.rows, 100_000);
    const keyCount = countFlag(flags.keys, 200);
    const scanCount = countFlag(flags.scans, 100);
    const staticDir = await ensureRendererBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-bench-feel-'));
    const browser = await launchBrowser();
    const lines: string[] = [];
    const row = (what: string, goal: string, fig: number, raw: number, rawWhat: string) =>
      lines.push(`  | ${what} | ${goal} | ${fig.toFixed(1)} ms | ${raw.toFixed(1)} ms (${rawWhat}) | ${ratio(fig, raw)} |`);
    try {
      console.log(`  ${machineNote()}`);
      const rows = generateRegistrations(n);
      const file = path.join(dir, `registrations-${n}.csv`);
      fs.writeFileSync(file, registrationsCsv(rows));
      console.log(`  ${n.toLocaleString()} registrations, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB CP949`);

      // The rehearsal clock stands still; the bench moves it on between kiosk lookups, as a
      // real queue would (a kiosk answers at most 20 lookups a minute, kiosk-runtime.ts).
      const clock = new FakeClock('2022-04-13T09:30:00+09:00');
      const station = await openStation(path.join(dir, 'ui'), clock);
      const srv = await serve(station, staticDir);
      try {
        // 1. File picked → import done, on the import screen (desk size), beside the bench's
        // own import of the same file (in-process, on a second fresh station). The parse
        // worker is process-wide and kept warm between imports; from source (tsx) its first
        // start transpiles it, so both are measured warm, the cold start printed apart.
        const other = await openStation(path.join(dir, 'bench'));
        const small = registrationsCsv(rows.slice(0, 10));
        const [, coldMs] = await timed(() => other.invoke('import.registrations.preview', { fileName: 'warm.csv', dataBase64: small.toString('base64') }));
        const [, benchImport] = await timed(() => importRegistrationsFile(other, fs.readFileSync(file), path.basename(file)));
        await other.close();
        const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
        await page.goto(srv.url + '#/import');
        const fileInput = page.getByTestId('import-file');
        await fileInput.waitFor({ state: 'attached' });
        const t0 = Date.now();
        await fileInput.setInputFiles(file);
        const apply = page.getByTestId('import-apply');
        await apply.waitFor({ timeout: 600_000 });
        const previewShown = Date.now() - t0;
        await apply.click();
        await page.getByTestId('import-result').waitFor({ timeout: 600_000 });
        const uiImport = Date.now() - t0;
        figure('file picked → import done in the UI', uiImport, 'ms', { max: Math.round(GOAL_IMPORT_RATIO * benchImport) });
        console.log(`    (file picked → preview shown ${previewShown} ms; apply click → done ${uiImport - previewShown} ms; the bench's own import ${Math.round(benchImport)} ms; the parse worker's cold start from source, a 10-row preview: ${Math.round(coldMs)} ms)`);
        row('file picked → import done (UI)', `≤ ${GOAL_IMPORT_RATIO}× bench import`, uiImport, benchImport, 'bench import of the same file, in-process');

        // 2. Keystroke → results painted, on the desk.
        await page.goto(srv.url + '#/desk');
        await page.getByTestId('search-input').waitFor();
        await installProbe(page);
        const frames = summarize(await bareFrames(page, 60));
        figure('  bare frame: input event → next rAF, plain <input> p50', frames.p50, 'ms');
        figure('  bare frame p95', frames.p95, 'ms');
        const words = searchWords(rows, keyCount);
        const keySamples: number[] = [];
        const typed: string[] = [];
        const search = page.getByTestId('search-input');
        for (const w of words) {
          await search.focus();
          await page.keyboard.press('Escape'); // clears the desk (search too)
          await search.focus();
          let sofar = '';
          for (const ch of Array.from(w)) {
            sofar += ch;
            typed.push(sofar);
            // The answer to what is in the field now: the results header names its query.
            const sel = `[data-testid="search-kind"][data-q="${sofar.replace(/"/g, '\\"')}"]`;
            keySamples.push(await probe(page, sel, 'input', () => page.keyboard.type(ch)));
          }
        }
        const rawSearch = summarize(await rawRoundTrips(page, 'visitors.search', typed.map((q) => ({ q, limit: 20 }))));
        const k = summarize(keySamples);
        figure('keystroke → results painted p50', k.p50, 'ms');
        figure('keystroke → results painted p95', k.p95, 'ms', { max: GOAL_KEY_MS });
        figure('  raw: the same searches, fetch from the page p50', rawSearch.p50, 'ms');
        figure('  raw: the same, p95', rawSearch.p95, 'ms');
        console.log(`    (${k.n} keystrokes in ${words.length} words — names, phone digits, code numbers, organisations; max ${k.max.toFixed(1)} ms)`);
        row('keystroke → results painted p95', `≤ ${GOAL_KEY_MS} ms`, k.p95, rawSearch.p95 + frames.p95, 'same search fetched + bare frame, p95');

        // 3. Scan → outcome card painted, on the desk.
        const todays = rows.filter((r) => r.days.includes(EVENT_DAYS[0]!));
        const scanSamples: number[] = [];
        const scanInput = page.getByTestId('scan-input');
        for (let i = 0; i < scanCount; i++) {
          await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid="outcome"]')).forEach((e) => e.setAttribute('data-bench-old', '1')));
          await scanInput.focus();
          await page.keyboard.insertText(todays[i]!.code);
          scanSamples.push(await probe(page, '[data-testid="outcome"]:not([data-bench-old])', 'keydown', () => page.keyboard.press('Enter'), 'Enter'));
        }
        // Raw: the same call shape (a first check-in of another of the day's visitors) fetched from the page.
        const rawScan = summarize(await rawRoundTrips(page, 'checkin.scan', todays.slice(scanCount, 2 * scanCount).map((r) => ({ code: r.code, nonce: randomUUID(), method: 'scan' }))));
        const s = summarize(scanSamples);
        figure('scan → outcome card painted p50', s.p50, 'ms');
        figure('scan → outcome card painted p95', s.p95, 'ms', { max: GOAL_SCAN_MS });
        figure('  raw: a first check-in fetched from the page p50', rawScan.p50, 'ms');
        figure('  raw: the same, p95', rawScan.p95, 'ms');
        row('scan → outcome card painted p95', `≤ ${GOAL_SCAN_MS} ms`, s.p95, rawScan.p95 + frames.p95, 'check-in fetched + bare frame, p95');
        await page.close();

        // 4. Kiosk scan → confirm screen (kiosk size).
        const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
        await kiosk.goto(srv.url + '#/kiosk');
        await kiosk.getByTestId('welcome').waitFor();
        await installProbe(kiosk);
        const kioskSamples: number[] = [];
        const kioskCodes = todays.slice(2 * scanCount, 2 * scanCount + Math.min(scanCount, 40));
        for (const r of kioskCodes) {
          clock.advance(4_000);
          await kiosk.waitForFunction(() => (document as unknown as { activeElement: { getAttribute(n: string): string | null } | null }).activeElement?.getAttribute('data-testid') === 'kiosk-scan');
          await kiosk.keyboard.insertText(r.code);
          kioskSamples.push(await probe(kiosk, '[data-testid="confirm"]', 'keydown', () => kiosk.keyboard.press('Enter'), 'Enter'));
          await kiosk.getByTestId('confirm-no').click();
          await kiosk.getByTestId('welcome').waitFor();
        }
        const rawKioskSamples: number[] = [];
        for (let i = 0; i < kioskCodes.length; i += 10) {
          clock.advance(61_000);
          rawKioskSamples.push(...(await rawRoundTrips(kiosk, 'kiosk.identify', kioskCodes.slice(i, i + 10).map((r) => ({ by: 'code', code: r.code })))));
        }
        const rawKiosk = summarize(rawKioskSamples);
        const kf = summarize(kioskSamples);
        figure('kiosk scan → confirm screen p50', kf.p50, 'ms');
        figure('kiosk scan → confirm screen p95', kf.p95, 'ms', { max: GOAL_KIOSK_MS });
        figure('  raw: kiosk.identify fetched from the page p95', rawKiosk.p95, 'ms');
        row('kiosk scan → confirm screen p95', `≤ ${GOAL_KIOSK_MS} ms`, kf.p95, rawKiosk.p95 + frames.p95, 'identify fetched + bare frame, p95');
        await kiosk.close();
      } finally {
        await srv.close();
        await station.close();
      }
      console.log('\n  | what staff feel | goal | figure | raw limit (same run) | ratio |\n  |---|---|---|---|---|');
      for (const l of lines) console.log(l);
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
