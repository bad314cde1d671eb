/**
 * The import screen as registration staff use it: a real station server, Debian's
 * Chromium choosing files in the page. CP949 sample → preview with column mapping and
 * rejected rows → import → progress → result; a garbage file and a file without a
 * code column are refused with a clear message and change nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from '@playwright/test';
import { api, importRegistrations, screenshot, type RunningServer } from '../helpers/e2e';
import { test } from './fixtures';

// The functions passed to page.evaluate run in Chromium; the node tsconfig has no DOM
// lib, so the little of it they use is declared here (module scope).
declare const document: { body: unknown; querySelector(sel: string): { textContent: string | null } | null };
declare const window: { progressSeen: string[] };
declare class MutationObserver {
  constructor(cb: () => void);
  observe(target: unknown, opts: Record<string, boolean>): void;
}

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/registrations-cp949.csv');
const HEADER = '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의';

/** A larger CP949 export, so the progress bar has something to show. */
function bigCp949(n: number): Buffer {
  const lines = [HEADER];
  const sur = '김이박최정강조윤장임';
  const given = ['민서', '지호', '은희', '똠이', '햏순', '서준', '하윤', '도현'];
  for (let i = 1; i <= n; i++) {
    const p = String(i).padStart(4, '0');
    lines.push(`BIG-${String(i).padStart(6, '0')},${sur[i % 10]}${given[i % 8]},,한국조달기관${i % 50},과장,일반참관객,010-${p}-${p},big${i}@example.kr,대한민국,4/13;4/14,Y`);
  }
  return iconv.encode(lines.join('\r\n') + '\r\n', 'cp949');
}

const count = async (page: Page, id: string) => Number((await page.getByTestId(id).locator('b').innerText()).replace(/\D/g, ''));
const visitors = async (server: RunningServer) => {
  const r = await api<{ hits: unknown[] }>(server, 'visitors.search', { q: '이똠이' });
  return r.value?.hits.length ?? -1;
};

test.describe('registrations import screen (browser)', () => {
  test.use({ stationOptions: { role: 'admin', name: 'Registration 1', clock: '2022-04-13T08:30' }, viewport: { width: 1366, height: 900 } });

  test.beforeEach(async ({ station: server, page }) => {
    await page.goto(server.url + '#/import');
    await page.getByTestId('import-file').waitFor({ state: 'attached' });
  });

  test('CP949 sample: preview with mapping and rejected rows, then import with a result', async ({ station: server, page }) => {
    await page.getByTestId('import-file').setInputFiles(FIXTURE);
    await page.getByTestId('import-sample').waitFor();
    const sample = await page.getByTestId('import-sample').innerText();
    assert.match(sample, /PPS22-200001/);
    assert.match(sample, /010-\*\*\*\*-1311/, 'phones are masked in the preview');
    assert.doesNotMatch(sample, /8904-1311/);
    assert.equal(await count(page, 'count-new'), 123);
    assert.equal(await count(page, 'count-rejected'), 2);
    const columns = await page.getByTestId('import-columns').innerText();
    assert.match(columns, /등록번호 → 등록번호/);
    assert.match(columns, /참가일자 → 참가일자/);
    const rejected = await page.getByTestId('import-rejected').innerText();
    assert.match(rejected, /122\s+파일 안에서 중복/);
    assert.match(rejected, /6행과 중복/);
    assert.match(rejected, /123\s+성명 없음/);
    assert.match(rejected, /Missing name/, 'English beside Korean');
    await screenshot(page, 'import-1-preview-cp949');
    assert.equal(await visitors(server), 0, 'the preview writes nothing');

    await page.getByTestId('import-apply').click();
    await page.getByTestId('import-result').waitFor();
    assert.equal(await count(page, 'result-inserted'), 123);
    assert.equal(await count(page, 'result-rejected'), 2);
    await screenshot(page, 'import-2-result-cp949');
    assert.equal(await visitors(server), 1);
  });

  test('re-importing the same file: nothing new, everything unchanged', async ({ station: server, page }) => {
    // This station already took the sample file once.
    assert.equal((await importRegistrations(server, fs.readFileSync(FIXTURE), 'registrations-cp949.csv')).inserted, 123);
    await page.getByTestId('import-file').setInputFiles(FIXTURE);
    await page.getByTestId('import-sample').waitFor();
    assert.equal(await count(page, 'count-new'), 0);
    assert.equal(await count(page, 'count-update'), 0);
    await page.getByTestId('import-apply').click();
    await page.getByTestId('import-result').waitFor();
    assert.equal(await count(page, 'result-inserted'), 0);
    assert.equal(await count(page, 'result-unchanged'), 123);
    await page.getByTestId('import-again').click();
  });

  test('garbage and a file without a code column are refused with a clear message', async ({ station: server, page }) => {
    // Registrations already there: a refused file must leave them as they are.
    await importRegistrations(server, fs.readFileSync(FIXTURE), 'registrations-cp949.csv');
    assert.equal(await visitors(server), 1);
    let x = 5;
    const junk = Buffer.alloc(8000).map(() => (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    await page.getByTestId('import-file').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from(junk) });
    await page.getByTestId('import-error').waitFor();
    assert.match(await page.getByTestId('import-error').innerText(), /CSV 또는 XLSX 파일이 아닙니다/);

    await page.getByTestId('import-file').setInputFiles({ name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from('성명,소속\r\n김은희,조달청\r\n') });
    await page.waitForFunction(() => /필수 열이 없습니다/.test(document.querySelector('[data-testid="import-error"]')?.textContent ?? ''));
    const text = await page.getByTestId('import-error').innerText();
    assert.match(text, /필수 열이 없습니다: 등록번호/);
    assert.match(text, /Required columns missing: Registration no\./, 'English beside Korean');
    assert.match(text, /파일의 열: 성명, 소속/);
    await screenshot(page, 'import-3-missing-column');
    assert.equal(await visitors(server), 1);
  });

  test('a large file shows the progress bar while it is applied', async ({ station: server, page }) => {
    await page.getByTestId('import-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: bigCp949(40_000) });
    await page.getByTestId('import-sample').waitFor();
    assert.equal(await count(page, 'count-new'), 40_000);
    // Record every figure the progress line shows while the import runs.
    await page.evaluate(() => {
      const seen: string[] = [];
      window.progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('import-apply').click();
    await page.waitForFunction(() => /^[1-9][\d,]* \//.test(document.querySelector('[data-testid="import-progress-text"]')?.textContent ?? ''));
    await screenshot(page, 'import-4-progress');
    await page.getByTestId('import-result').waitFor({ timeout: 300_000 });
    assert.equal(await count(page, 'result-inserted'), 40_000);
    const seen = await page.evaluate(() => window.progressSeen);
    const done = seen.map((s) => Number(s.split('/')[0]!.replace(/\D/g, '')));
    assert.ok(done.some((d) => d > 0 && d < 40_000), `the bar moved through intermediate figures: ${seen.join(' | ')}`);
    await screenshot(page, 'import-5-result-big');
  });
});
