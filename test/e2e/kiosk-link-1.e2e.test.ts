/**
 * A kiosk visitor keeps their place while the machine is too busy to answer (issue 13's
 * flake: under load `itinerary-1`'s kiosk fell back to the welcome screen mid-print).
 * A real kiosk station and a real Chromium at 1080×1920, with a link between them that the
 * test slows and breaks (test/helpers/station-link.ts): the event stream is cut and the
 * station's answers are held while the page's clock runs past the kiosk's idle time. The
 * idle clock measures a visitor who walked away, not a kiosk waiting on its station or
 * printer: the visitor stays on their step, the kiosk reconnects, the badge comes out and
 * the done screen follows — the same visit (data-session), never the welcome screen.
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { stationLink } from '../helpers/station-link';
import { until } from '../helpers/until';
import { test, usePrinter } from './fixtures';

declare const document: { activeElement: { getAttribute(n: string): string | null } | null };

/** The shortest idle time an organiser may set (contract/kiosk.channels.ts). */
const IDLE_S = 5;
const VISITOR = 'PPS22-100003';
/** The requests a visit waits on, and the event stream. */
const visitAndStream = (p: string) => p === '/api/events' || p.startsWith('/api/kiosk.');

test.use({ viewport: { width: 1080, height: 1920 } });

test('kiosk 1080×1920: the link drops and answers stall past the idle time — the visitor keeps their step, the badge and done screen follow', async ({ startStation, printer, page }) => {
  const server = await startStation({
    role: 'kiosk',
    name: 'Kiosk 1',
    clock: '2022-04-13T09:30',
    registrations: true,
    prepare: async (admin) => {
      await usePrinter(admin, printer.port, { autoPrint: false, name: 'Kiosk printer' });
      assert.ok((await api(admin, 'kiosk.settings.update', { idleSeconds: IDLE_S, walkInEnabled: true, walkInCategories: ['visitor'] })).ok);
    },
  });
  const link = await stationLink(server.url);
  try {
    // The page's own clock: the test moves it past the idle time instead of sleeping through it.
    await page.clock.install();
    await page.goto(link.url + '#/kiosk');
    await page.getByTestId('welcome').waitFor();
    const session = await page.getByTestId('kiosk').getAttribute('data-session');
    /** The page's clock runs past the idle time while the kiosk waits: same visit, same step, no countdown. */
    const idleTimePasses = async (step: string) => {
      await page.clock.fastForward((IDLE_S + 2) * 1000);
      assert.equal(await page.getByTestId('kiosk').getAttribute('data-session'), session, `same visit: no idle reset while waiting on ${step}`);
      assert.equal(await page.getByTestId(step).count(), 1, `still on the ${step} step`);
      assert.equal(await page.getByTestId('idle-countdown').count(), 0);
    };
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'kiosk-scan');
    await page.keyboard.type(VISITOR, { delay: 2 });
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm').waitFor();

    // From here the page's timers fire only when the test moves its clock (no polls pile up
    // on the held link meanwhile). The event stream drops and the station's answers about this
    // visit stall (held: they would fill the browser's six connections to the station
    // otherwise, and the screen's own housekeeping calls would queue behind them).
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
    link.hold(visitAndStream);
    link.cutStreams();
    await page.getByTestId('offline-banner').waitFor();

    // "Yes, that's me": the answer is held. The idle time passes on the page: the kiosk waits
    // with the visitor (no countdown, no reset).
    await page.getByTestId('confirm-yes').click();
    await until('the confirm request reached the link', async () => link.held().includes('/api/kiosk.confirm'), 60_000, 50);
    await idleTimePasses('confirm');

    // The check-in is answered; the badge's progress is not (and the stream is still down).
    link.hold((p) => visitAndStream(p) && p !== '/api/kiosk.confirm');
    await page.getByTestId('printing').waitFor();
    await until('the badge state asked through the link', async () => link.held().includes('/api/kiosk.badgeState'), 60_000, 50);
    await idleTimePasses('printing');
    await screenshot(page, 'kiosk-link-1-printing-offline');

    // The station answers again: the stream reconnects, the banner goes, the badge is reported and done follows.
    link.hold(() => false);
    await page.clock.resume();
    await page.getByTestId('done').waitFor({ timeout: 60_000 });
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(await page.getByTestId('kiosk').getAttribute('data-session'), session, 'the visit ended on its own done screen');
    await screenshot(page, 'kiosk-link-1-done');
    await printer.waitForJobs(1, 60_000);
    assert.equal(printer.jobs.length, 1, 'one badge, printed');
  } finally {
    await link.close();
  }
});

test('kiosk 1080×1920: the station once refuses the event stream (503) — the kiosk opens it again and the banner goes', async ({ startStation, page }) => {
  const server = await startStation({ role: 'kiosk', name: 'Kiosk 1', clock: '2022-04-13T09:30' });
  const link = await stationLink(server.url);
  try {
    await page.goto(link.url + '#/kiosk');
    await page.getByTestId('welcome').waitFor();
    await until('the event stream is open', async () => link.streamRequests() === 1, 60_000, 50);
    // The stream drops; EventSource's own retry is answered 503, after which it never retries by itself.
    link.refuseStreams(1);
    link.cutStreams();
    await page.getByTestId('offline-banner').waitFor();
    await until('the retry was refused', async () => link.streamRequests() >= 2, 60_000, 50);
    // The page opens the stream once more and the station takes it: online again, same screen.
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 60_000 });
    assert.ok(link.streamRequests() >= 3, `streams asked: ${link.streamRequests()}`);
    await page.getByTestId('welcome').waitFor();
  } finally {
    await link.close();
  }
});
