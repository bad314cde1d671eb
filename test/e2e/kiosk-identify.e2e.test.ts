/**
 * Kiosk identification at scale, as a visitor meets it on the 1080×1920 portrait kiosk
 * (issue 14): phone last 4 + initial that fits two people asks for the organisation
 * (typed with "(주)" on the Hangul keyboard) instead of sending them to the desk; a
 * foreign visitor finds themself by "+90 …"; "100002" alone finds PPS22-100002.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { importRegistrations, screenshot, type RunningServer } from '../helpers/e2e';
import { tempDir } from '../helpers/station';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
declare const document: { body: { innerText: string } };

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/registrations.csv');
const EXTRA = [
  '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의',
  'PPS22-900001,김하늘,,(주)한빛테크,대리,일반참관객,010-1111-3030,,대한민국,4/13,Y',
  'PPS22-900002,강민호,,한국가스공사,과장,일반참관객,010-2222-3030,,대한민국,4/13,Y',
  'PPS22-900003,Mehmet Yilmaz,Mehmet Yilmaz,Istanbul Metro,Director,해외바이어,+90 532 123 4567,,튀르키예,4/13,Y',
].join('\r\n');

test.describe('kiosk identification at scale (browser, 1080×1920)', () => {
  test.use({ viewport: { width: 1080, height: 1920 } });

  /** This test's kiosk: registrations (the fixture + three more) imported by an admin station on its data folder first. */
  async function kiosk(startStation: (o: object) => Promise<RunningServer>): Promise<RunningServer> {
    const dataDir = tempDir('fairdesk-kiosk-id-');
    const admin = await startStation({ role: 'admin', name: 'Kiosk 2', clock: '2022-04-13T09:30', dataDir });
    try {
      await importRegistrations(admin, fs.readFileSync(FIXTURE));
      await importRegistrations(admin, Buffer.from(EXTRA, 'utf8'), 'extra.csv');
    } finally {
      await admin.stop();
    }
    return startStation({ role: 'kiosk', name: 'Kiosk 2', clock: '2022-04-13T09:30', dataDir });
  }
  const tid = (page: Page, id: string) => page.getByTestId(id);
  const tapKeys = async (page: Page, keys: string[]) => {
    for (const k of keys) await page.locator(`[data-testid="keyboard"] [data-key="${k}"]`).click();
  };
  const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);
  async function start(page: Page, server: RunningServer) {
    await page.goto(server.url + '#/kiosk');
    await tid(page, 'welcome').click();
    await tid(page, 'identify').waitFor();
  }

  test('phone + initial fits two: the kiosk asks for the organisation, typed with (주)', async ({ startStation, page }) => {
    const server = await kiosk(startStation);
    await start(page, server);
    await tid(page, 'by-phone').click();
    await tapKeys(page, ['3', '0', '3', '0', 'ㄱ']);
    await tid(page, 'find').click();
    await tid(page, 'narrow').waitFor();
    await screenshot(page, 'kiosk-identify-narrow-1080');
    await tid(page, 'narrow-org').click();
    await tapKeys(page, ['(', 'ㅈ', 'ㅜ', ')', 'ㅎ', 'ㅏ', 'ㄴ', 'ㅂ', 'ㅣ', 'ㅊ']);
    assert.equal((await tid(page, 'org-value').innerText()).trim(), '(주)한빛');
    await screenshot(page, 'kiosk-identify-org-1080');
    await tid(page, 'find').click();
    await tid(page, 'confirm').waitFor();
    assert.match(await bodyText(page), /김하늘/);
    await screenshot(page, 'kiosk-identify-confirm-1080');
  });

  test('a foreign visitor types the whole number with +90', async ({ startStation, page }) => {
    const server = await kiosk(startStation);
    await start(page, server);
    await tid(page, 'by-mobile').click();
    await tapKeys(page, ['plus', '9', '0', 'space', '5', '3', '2', 'space', '1', '2', '3', 'space', '4', '5', '6', '7']);
    assert.equal((await tid(page, 'mobile-value').innerText()).trim(), '+90 532 123 4567');
    await screenshot(page, 'kiosk-identify-mobile-1080');
    await tid(page, 'find').click();
    await tid(page, 'confirm').waitFor();
    assert.match(await bodyText(page), /Mehmet Yilmaz/);
  });

  test('"100002" alone is PPS22-100002', async ({ startStation, page }) => {
    const server = await kiosk(startStation);
    await start(page, server);
    await tid(page, 'by-code').click();
    await tapKeys(page, ['1', '0', '0', '0', '0', '2']);
    await tid(page, 'find').click();
    await tid(page, 'confirm').waitFor();
    assert.match(await bodyText(page), /배정호/);
  });
});
