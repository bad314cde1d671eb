/**
 * Station provisioning in the browser (issue 11). Every test starts its own servers.
 * - A newcomer's `npm start` on a fresh folder: the set-up screen, then the organiser's
 *   laptop step with an admin PIN → the admin console.
 * - Venue: the admin makes a set-up code on 스테이션 / Stations (QR + typed code); a fresh
 *   station (own data folder, no --role) types a wrong code (told so in KO/EN), then the
 *   right one, and comes back as a desk.
 * Screenshots: the set-up screen at 1366×768 and 1080×1920, the Stations screen with a QR.
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { freshPostgresDatabase, postgresSkip } from '../helpers/databases';
import { test } from './fixtures';

test.describe('station set-up screens', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("a fresh station: set-up screen, then the organiser's laptop with an admin PIN", async ({ startStation, page, newPage }) => {
    const server = await startStation({ role: null, name: 'HQ laptop' });
    await page.goto(server.url);
    await page.getByTestId('station-setup').waitFor();
    // Nothing of a console is there: no nav, no desk.
    assert.equal(await page.locator('nav.nav').count(), 0);
    await page.getByTestId('organiser-open').waitFor();
    await screenshot(page, 'station-setup-1366');
    await page.getByTestId('organiser-open').click();
    await page.getByTestId('organiser-pin').fill('4829');
    await page.getByTestId('organiser-pin2').fill('4828');
    await page.getByTestId('organiser-go').click();
    await page.getByText('두 PIN이 다릅니다').waitFor();
    await page.getByTestId('organiser-pin2').fill('4829');
    await page.getByTestId('organiser-go').click();
    // Reloaded as the organiser's laptop: the admin console with its event setup and stations.
    await page.locator('nav.nav').getByText('행사 설정').waitFor();
    await page.locator('nav.nav').getByText('스테이션').first().waitFor();
    const hello = await api<{ station: { role: string } }>(server, 'system.hello', {});
    assert.equal(hello.value!.station.role, 'admin');

    // The kiosk's portrait screen shows the set-up screen readably too (a second fresh station).
    const kiosk = await startStation({ role: null, name: 'Kiosk 1' });
    const portrait = await newPage({ viewport: { width: 1080, height: 1920 } });
    await portrait.goto(kiosk.url);
    await portrait.getByTestId('setup-code').waitFor();
    await screenshot(portrait, 'station-setup-kiosk-1080x1920');
  });

  test('venue: a station set up from a code made on the Stations screen', async ({ startStation, page, newPage }) => {
    const skip = postgresSkip();
    test.skip(skip !== false, String(skip));
    const db = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
    const admin = await startStation({ db, role: 'admin', name: 'HQ' });
    const fresh = await startStation({ db, role: null, name: 'new-laptop', event: null });
    await page.goto(`${admin.url}#/stations`);
    await page.getByTestId('setup-code-panel').waitFor();
    await page.getByTestId('code-name').fill('4번 입구 데스크');
    await page.getByTestId('code-role').selectOption('desk');
    await page.getByTestId('code-make').click();
    await page.getByTestId('setup-qr').waitFor();
    const code = (await page.getByTestId('setup-code-text').innerText()).trim();
    assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    // The fresh station is listed, not set up yet.
    await page.locator('tr[data-station="new-laptop"]').waitFor();
    await screenshot(page, 'stations-setup-code-1366');

    const station = await newPage({ viewport: { width: 1366, height: 768 } });
    await station.goto(fresh.url);
    await station.getByTestId('setup-code').fill('AAAA-AAAA');
    await station.getByTestId('setup-redeem').click();
    await station.getByTestId('setup-error').getByText('없는 설정 코드').waitFor();
    // Another database already has an admin: the organiser's step is not offered.
    assert.equal(await station.getByTestId('organiser-open').count(), 0);
    await station.getByTestId('setup-code').fill(code.toLowerCase());
    await station.getByTestId('setup-redeem').click();
    // Back as the desk: its scan box, its name in the top bar.
    await station.locator('.topbar .station').getByText('4번 입구 데스크').waitFor();
    const hello = await api<{ station: { role: string; name: string } }>(fresh, 'system.hello', {});
    assert.deepEqual({ role: hello.value!.station.role, name: hello.value!.station.name }, { role: 'desk', name: '4번 입구 데스크' });
    // The admin's list shows it as a desk.
    await page.locator('tr[data-station="4번 입구 데스크"]').waitFor();
  });

  test('operator bar: a wrong PIN is told with the tries left, the right one signs in, the check-in names the operator', async ({ station: server, page }) => {
    const op = await api<{ id: string }>(server, 'operators.save', { name: '김민지', pin: '2580' });
    assert.ok(op.ok);
    await page.goto(`${server.url}#/desk`);
    await page.getByTestId('operator-current').getByText('근무자 없음').waitFor();
    await page.getByTestId('operator-open').click();
    await page.getByRole('dialog').getByRole('button', { name: '김민지' }).click();
    await page.getByTestId('operator-pin').fill('1111');
    await page.getByTestId('operator-pin').press('Enter');
    await page.getByRole('dialog').getByText('PIN이 틀렸습니다 (남은 횟수 4)').waitFor();
    await screenshot(page, 'operator-panel-1366');
    await page.getByTestId('operator-pin').fill('2580');
    await page.getByTestId('operator-pin').press('Enter');
    await page.getByTestId('operator-current').getByText('김민지').waitFor();
    const scan = await api(server, 'checkin.scan', { code: 'PPS22-100001', nonce: 'op-e2e-1' });
    assert.ok(scan.ok);
    const audit = await api<{ rows: Array<{ channel: string; operatorId: string | null }> }>(server, 'audit.search', { channel: 'checkin.scan' });
    assert.ok(audit.ok, JSON.stringify(audit.error));
    assert.equal(audit.value!.rows.find((r) => r.channel === 'checkin.scan')?.operatorId, op.value!.id);
  });
});
