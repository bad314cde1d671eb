/**
 * Issue 11 in the browser: a fresh station (its own empty data folder, no --db, no --role)
 * is set up at 1366×768 by typing the short code and the admin station's address
 * (host:port, no scheme) — first a wrong address (told so in KO and EN, nothing changes),
 * then the right one — and comes back as a desk on the venue database.
 * Screenshots: the set-up screen with the refusal, and the desk after the switch.
 */
import assert from 'node:assert/strict';
import { api, screenshot } from '../helpers/e2e';
import { freshPostgresDatabase, postgresSkip } from '../helpers/databases';
import { refusingPort } from '../helpers/refusing-port';
import { test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

test('a station set up from a typed code and the admin station address moves onto the venue database', async ({ startStation, page, newPage }) => {
  const skip = postgresSkip();
  test.skip(skip !== false, String(skip));
  const db = await freshPostgresDatabase(process.env.FAIRDESK_TEST_PG!);
  const admin = await startStation({ db, role: 'admin', name: 'HQ', clock: '2022-04-13T09:30' });
  const adminAt = new URL(admin.url).host; // 127.0.0.1:PORT — typed without http://
  const fresh = await startStation({ role: null, name: null, event: null });

  // The admin makes the code on 스테이션 / Stations; the card says where this station is.
  await page.goto(`${admin.url}#/stations`);
  await page.getByTestId('code-name').fill('2번 입구 데스크');
  await page.getByTestId('code-role').selectOption('desk');
  await page.getByTestId('code-make').click();
  await page.getByTestId('setup-qr').waitFor();
  const code = (await page.getByTestId('setup-code-text').innerText()).trim();
  await page.getByTestId('setup-code-where').getByText(`http://${adminAt}`).waitFor();

  const station = await newPage({ viewport: { width: 1366, height: 768 } });
  await station.goto(fresh.url);
  await station.getByTestId('setup-code').fill(code);
  // A wrong address first: nobody answers there.
  await station.getByTestId('setup-admin').fill(`127.0.0.1:${await refusingPort()}`);
  await station.getByTestId('setup-redeem').click();
  const error = station.getByTestId('setup-error');
  await error.getByText('관리자 스테이션에 연결할 수 없습니다').waitFor();
  await error.getByText('Cannot reach the admin station', { exact: false }).waitFor();
  await screenshot(station, 'setup-venue-wrong-address-1366');
  const still = await api<{ station: { role: string }; db: string }>(fresh, 'system.hello', {});
  assert.deepEqual({ role: still.value!.station.role, db: still.value!.db }, { role: 'setup', db: 'sqlite' });

  // The address as it stands beside the code.
  await station.getByTestId('setup-admin').fill(adminAt);
  await station.getByTestId('setup-redeem').click();
  await station.locator('.topbar .station').getByText('2번 입구 데스크').waitFor();
  await screenshot(station, 'setup-venue-desk-1366');
  const hello = await api<{ station: { role: string; name: string }; db: string }>(fresh, 'system.hello', {});
  assert.deepEqual({ role: hello.value!.station.role, name: hello.value!.station.name, db: hello.value!.db }, { role: 'desk', name: '2번 입구 데스크', db: 'postgres' });
  // The admin's Stations screen lists it as a station of the venue database.
  await page.reload();
  await page.locator('tr[data-station="2번 입구 데스크"]').waitFor();
});
