/**
 * Operators offline (issue 11, migration 0026): a venue desk's replica copies the operator
 * tables through the change feed — a new operator, a retirement and a changed setting
 * reach it after the first sync — and with the venue PostgreSQL server stopped, staff
 * still sign in by PIN or by staff badge at the desk; a wrong PIN and a retired operator
 * are still refused.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { TestPostgres } from '../scripts/test-postgres.mjs';
import { must, seed, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { offlineVenue } from './helpers/offline';
import { isOfflineAnswer } from '../contract/index';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import type { OfflineSync } from '../main/services/offline/offline-sync';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';

describe('offline operators: PIN and badge sign-in on the replica', { skip: !!skip }, () => {
  let cluster: TestPostgres;
  let url: string;
  let admin: Station;
  let desk: Station;
  const clock = new FakeClock('2022-04-13T10:00:00+09:00');
  const STAFF = 'PPS22-700001';
  const ids: Record<string, string> = {};

  before(async () => {
    ({ cluster, url, admin } = await offlineVenue(['PPS22-700000'], clock));
    await seed(admin, [visitor({ code: STAFF, nameKo: '스태프', category: 'staff' })]);
    ids.kim = must(await admin.invoke('operators.save', { name: '김민수', pin: '4829', admin: false })).id;
    ids.lee = must(await admin.invoke('operators.save', { name: '이지은', badgeCode: STAFF, admin: false })).id;
    desk = await testStation({ db: { kind: 'postgres', url }, role: 'desk', name: 'Desk 1', clock, offline: true });
  });
  after(async () => {
    await desk?.close();
    await admin?.close();
    await cluster?.stop();
  });

  test('the replica copies the operators, then follows their changes', async () => {
    await until('operators in the first sync', async () => replicaRows(desk, 'SELECT id FROM operators').length === 2);
    // After the first sync, only the change feed brings these: an insert, an update (retire), a setting.
    ids.park = must(await admin.invoke('operators.save', { name: '박서준', pin: '1357', admin: false })).id;
    must(await admin.invoke('operators.retire', { id: ids.kim! }));
    must(await admin.invoke('operators.settings.set', { idleMinutes: 45, requireOperator: false }));
    await until('the feed reached the replica', async () => {
      const rows = replicaRows(desk, 'SELECT id, retired_at FROM operators') as Array<{ id: string; retired_at: string | null }>;
      const settings = replicaRows(desk, "SELECT value FROM operator_settings WHERE key = 'idleMinutes'") as Array<{ value: string }>;
      return rows.length === 3 && rows.find((r) => r.id === ids.kim)?.retired_at != null && settings[0]?.value === '45';
    });
  });

  test('server stopped: PIN and badge sign in from the replica; wrong PIN and retired operator refused', async () => {
    await cluster.halt();
    const list = await desk.invoke('operators.list', {});
    assert.deepEqual(must(list).operators.map((o) => o.name).sort(), ['박서준', '이지은']);
    assert.ok(isOfflineAnswer(list), 'answered from the replica');

    const wrong = await desk.invoke('operators.signIn', { operatorId: ids.park!, pin: '0000' });
    assert.equal(must(wrong).status, 'wrong_pin');
    const byPin = await desk.invoke('operators.signIn', { operatorId: ids.park!, pin: '1357' });
    assert.ok(isOfflineAnswer(byPin));
    assert.deepEqual(must(byPin), { status: 'signed_in', operator: { id: ids.park, name: '박서준', admin: false } });
    assert.equal((desk.runtime.offline as OfflineSync).useReplica(), true);

    const byBadge = must(await desk.invoke('operators.signIn', { badge: STAFF }));
    assert.equal(byBadge.status === 'signed_in' && byBadge.operator.id, ids.lee);
    assert.equal(must(await desk.invoke('operators.list', {})).current?.id, ids.lee, 'one tap switched who is signed in');
    assert.equal(must(await desk.invoke('operators.signIn', { badge: 'PPS22-700000' })).status, 'unknown_badge');

    const retired = await desk.invoke('operators.signIn', { operatorId: ids.kim!, pin: '4829' });
    assert.equal(retired.ok, false);
    assert.equal(!retired.ok && retired.error.code, 'not_found');
    must(await desk.invoke('operators.signOut', {}));
    assert.equal(must(await desk.invoke('operators.list', {})).current, null);
  });
});

function replicaRows(s: Station, query: string): unknown[] {
  const sync = s.runtime.offline as OfflineSync;
  return sync.replica.raw.prepare(query).all();
}
