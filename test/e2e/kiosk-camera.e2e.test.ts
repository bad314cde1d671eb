/**
 * The kiosk's "scan with camera" in Debian's Chromium, which has no BarcodeDetector — so
 * this is the jsQR path the shipped Windows/Linux kiosks take. Chromium's fake capture
 * device plays a Y4M file made here from a QR code as the webcam; one browser per video.
 * Every getUserMedia stream the page opens is kept (init script), so the test can tell
 * that the camera was really switched off when the visitor left the step.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, launchBrowser, screenshot, type RunningServer } from '../helpers/e2e';
import { qrPicture, writeY4m } from '../helpers/fake-camera';
import { tempDir } from '../helpers/station';
import { until } from '../helpers/until';
import { test } from './fixtures';

// Browser globals used inside page callbacks: this file is type-checked without the DOM lib.
interface Track { readyState: string }
interface Stream { getTracks(): Track[] }
interface Video { readyState: number; videoWidth: number }
declare const window: { __cams: Stream[] };
declare const document: { querySelector(s: string): Video | null };
declare const navigator: { mediaDevices: { getUserMedia(c: unknown): Promise<Stream>; enumerateDevices(): Promise<unknown[]> } };

const IDLE_S = 15;

test.describe('kiosk camera scan (fake webcam, jsQR path)', () => {
  // Each test's own kiosk: registrations and a short idle time set by the organiser first.
  test.use({
    stationOptions: {
      role: 'kiosk', name: 'Kiosk 1', clock: '2022-04-13T09:30', registrations: true,
      prepare: async (admin) => {
        const k = await api(admin, 'kiosk.settings.update', { idleSeconds: IDLE_S });
        assert.ok(k.ok, JSON.stringify(k.error));
      },
    },
  });
  const videos = tempDir('fairdesk-fake-camera-');

  /** A kiosk page in a browser whose webcam plays a picture of `qrText` (a grey picture when null). */
  async function withCamera(server: RunningServer, name: string, qrText: string | null, fn: (page: Page) => Promise<void>, args?: string[]) {
    const video = writeY4m(path.join(videos, `${name}.y4m`), qrPicture(qrText, 640, 480, qrText && qrText.length > 100 ? 5 : 8));
    const browser: Browser = await launchBrowser(args ?? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    try {
      const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
      await page.addInitScript(() => {
        window.__cams = [];
        const md = navigator.mediaDevices;
        const open = md.getUserMedia.bind(md);
        md.getUserMedia = async (c) => {
          const s = await open(c);
          window.__cams.push(s);
          return s;
        };
      });
      await page.goto(server.url + '#/kiosk');
      await page.getByTestId('welcome').waitFor();
      // The kiosk's own look at the devices (at load) has been answered once this one is.
      await page.evaluate(() => navigator.mediaDevices.enumerateDevices());
      await page.getByTestId('welcome').click();
      await page.getByTestId('identify').waitFor();
      await fn(page);
    } finally {
      await browser.close();
    }
  }
  /** The state of every camera track the page has opened so far. */
  const tracks = (page: Page) => page.evaluate(() => window.__cams.flatMap((s) => s.getTracks().map((t) => t.readyState)));
  const allEnded = async (page: Page) => {
    const states = await tracks(page);
    return states.length > 0 && states.every((s) => s === 'ended');
  };
  async function openCamera(page: Page) {
    await page.getByTestId('by-camera').click();
    await page.getByTestId('camera-step').waitFor();
  }
  async function cameraRunning(page: Page) {
    await until('the camera showing pictures', async () => (await tracks(page)).includes('live') && page.evaluate(() => {
      const v = document.querySelector('[data-testid="camera"]');
      return !!v && v.readyState >= 2 && v.videoWidth > 0;
    }));
  }

  test('a registration QR held to the camera finds the visitor; the camera goes off on the confirm screen', async ({ station: server }) => {
    await withCamera(server, 'registration', 'PPS22-100001', async (page) => {
      assert.equal(await page.evaluate(() => 'BarcodeDetector' in (window as object)), false, 'this must exercise the jsQR path');
      await openCamera(page);
      await page.getByTestId('confirm').waitFor();
      assert.equal(await page.getByTestId('confirm-name').innerText(), '김은희');
      const text = await page.evaluate(() => (document as unknown as { body: { innerText: string } }).body.innerText);
      assert.match(text, /010-\*\*\*\*-2066/, 'phone masked');
      assert.ok(!text.includes('PPS22-100001'), 'the code itself is not shown');
      await screenshot(page, 'kiosk-camera-2-confirm');
      assert.equal(await page.getByTestId('camera').count(), 0);
      await until('camera tracks stopped', () => allEnded(page));
      // Found, not checked in: the visitor still says it is them.
      const c = await api<{ checkedIn: number }>(server, 'checkin.counters', {});
      assert.equal(c.value!.checkedIn, 0);
    });
  });

  test('the camera step shows the live picture; Back and the idle reset both switch the camera off', async ({ station: server }) => {
    await withCamera(server, 'no-qr', null, async (page) => {
      await openCamera(page);
      await cameraRunning(page);
      await screenshot(page, 'kiosk-camera-1-step');
      await page.getByTestId('camera-step').getByRole('button', { name: '이전' }).click();
      await page.getByTestId('identify').waitFor();
      await until('camera tracks stopped after Back', () => allEnded(page));

      await openCamera(page);
      await cameraRunning(page);
      // Nobody touches the screen: the kiosk resets to welcome by itself.
      await page.getByTestId('welcome').waitFor({ timeout: (IDLE_S + 30) * 1000 });
      await until('camera tracks stopped after the idle reset', () => allEnded(page));
    });
  });

  test('a QR that is not a registration (a long web address) gets the same message as a scanned one', async ({ station: server }) => {
    const url = `https://example.com/ticket?session=${'a1b2c3d4'.repeat(35)}`; // longer than any input the station takes
    await withCamera(server, 'url', url, async (page) => {
      await openCamera(page);
      const problem = page.getByTestId('problem');
      await problem.waitFor();
      assert.match((await problem.getAttribute('data-problem')) ?? '', /^(unreadable|unknown_code)$/);
      await screenshot(page, 'kiosk-camera-3-not-a-registration');
      await until('camera tracks stopped', () => allEnded(page));
    });
  });

  test('camera permission refused: a clear message in both languages, then the other ways; not offered again', async ({ station: server }) => {
    // A fake camera exists, but without the auto-accept flag headless Chromium refuses the permission.
    const video = writeY4m(path.join(videos, 'denied.y4m'), qrPicture('PPS22-100001'));
    await withCamera(server, 'denied', null, async (page) => {
      await openCamera(page);
      const failed = page.getByTestId('camera-failed');
      await failed.waitFor();
      const msg = await failed.innerText();
      assert.match(msg, /카메라를 사용할 수 없습니다/);
      assert.match(msg, /The camera cannot be used/);
      await screenshot(page, 'kiosk-camera-4-denied');
      await page.getByTestId('identify').waitFor();
      assert.equal(await page.getByTestId('by-camera').count(), 0);
      assert.equal(await page.getByTestId('by-code').count(), 1);
    }, ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  });

  test('a kiosk without a camera offers no camera button', async ({ station: server }) => {
    await withCamera(server, 'none', null, async (page) => {
      await page.getByTestId('by-code').waitFor();
      assert.equal(await page.getByTestId('by-camera').count(), 0);
    }, []);
  });
});
