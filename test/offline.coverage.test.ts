/**
 * Offline coverage beyond the desk's scans (issue 13): with the venue PostgreSQL server
 * stopped, a kiosk confirms a visitor (check-in; the badge is left to staff, nothing
 * prints later unattended), a gift desk hands a gift out and undoes it, the floor console
 * taps "start round" — each answered from the replica into the outbox. A fact the server
 * refuses on replay is kept for review and does not hold back the facts behind it. When
 * the server returns, each fact is in the venue database exactly once.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { TestPostgres } from '../scripts/test-postgres.mjs';
import { must, testStation } from './helpers/station';
import { until } from './helpers/until';
import { offlineVenue, untilReplayed } from './helpers/offline';
import { isOfflineAnswer } from '../contract/index';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import type { OfflineSync } from '../main/services/offline/offline-sync';
import { appendOutbox, refusedFacts } from '../main/services/offline/outbox.service';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';

describe('offline kiosk, gift undo and floor taps', { skip: !!skip }, () => {
  let cluster: TestPostgres;
  let url: string;
  let admin: Station;
  let kiosk: Station;
  let gift: Station;
  let floor: Station;
  const clock = new FakeClock('2022-04-13T10:00:00+09:00');
  const codes = Array.from({ length: 4 }, (_, i) => `PPS22-6000${String(i).padStart(2, '0')}`);
  let n = 0;
  const nonce = () => `coverage-${++n}`;

  before(async () => {
    ({ cluster, url, admin } = await offlineVenue(codes, clock));
    const setup = must(await admin.invoke('rally.setup.get', {}));
    must(await admin.invoke('rally.setup.save', { ...setup, gifts: setup.gifts.map((g) => ({ ...g, stock: 20, rule: { all: ['hall3'], anyOf: [] } })) }));
    must(await admin.invoke('rally.station.assign', { pointId: 'hall3' }));
    for (const code of codes.slice(1)) {
      must(await admin.invoke('checkin.scan', { code, nonce: nonce() }));
      assert.equal(must(await admin.invoke('rally.stamp.scan', { code, nonce: nonce() })).status, 'stamped');
    }
    kiosk = await testStation({ db: { kind: 'postgres', url }, role: 'kiosk', name: 'Kiosk 1', clock, offline: true });
    gift = await testStation({ db: { kind: 'postgres', url }, role: 'gift', name: 'Gift 1', clock, offline: true });
    floor = await testStation({ db: { kind: 'postgres', url }, role: 'floor', name: 'Floor', clock, offline: true });
    for (const s of [kiosk, gift, floor]) {
      await until('replica synced with the stamps', async () => {
        const st = must(await s.invoke('offline.status', {}));
        return st.replicaAgeMs !== null && replicaCount(s, 'rally_stamps') === codes.length - 1;
      });
    }
    await until('gift lease held', async () => (await admin.handle.db.selectFrom('offline_gift_leases').selectAll().where('station_id', '=', gift.identity.id).execute()).some((l) => l.units > 0));
  });
  after(async () => {
    for (const s of [kiosk, gift, floor]) await s?.close();
    await admin?.close();
    await cluster?.stop();
  });

  test('answered offline, replayed exactly once; a refused fact is kept and blocks nothing', async () => {
    await cluster.halt();
    // Kiosk: identify by the badge's code, confirm.
    const found = await kiosk.invoke('kiosk.identify', { by: 'code', code: codes[0] });
    const f = must(found);
    assert.equal(f.status, 'found');
    assert.ok(isOfflineAnswer(found));
    const confirmNonce = nonce();
    const confirmed = await kiosk.invoke('kiosk.confirm', { ticket: (f as { ticket: string }).ticket, nonce: confirmNonce });
    assert.ok(isOfflineAnswer(confirmed));
    assert.equal(must(confirmed).status, 'checked_in');

    // Gift desk: hand out, undo (the wrong visitor), hand out to the right one.
    const giftId = must(await gift.invoke('rally.config', {})).gifts[0]!.id;
    const wrong = must(await gift.invoke('rally.gift.redeem', { code: codes[1], giftId, nonce: nonce() }));
    assert.equal(wrong.status, 'redeemed');
    const undoNonce = nonce();
    const undone = await gift.invoke('rally.gift.undo', { redemptionId: (wrong as { redemption: { id: string } }).redemption.id, reason: '다른 분 / wrong visitor', nonce: undoNonce });
    assert.ok(isOfflineAnswer(undone));
    assert.equal(must(undone).status, 'undone');
    // A fact the venue database will refuse (its input no longer passes the contract), between the others.
    const sync = gift.runtime.offline as OfflineSync;
    await appendOutbox(sync.replica.db, { nonce: 'refused-1', channel: 'rally.gift.redeem', input: { code: codes[2], giftId: '', nonce: 'refused-1' }, at: clock.now().toISOString(), offlineValue: { status: 'redeemed' } });
    const right = must(await gift.invoke('rally.gift.redeem', { code: codes[2], giftId, nonce: nonce() }));
    assert.equal(right.status, 'redeemed');

    // Floor console: the round tap.
    const roundNonce = nonce();
    const round = await floor.invoke('floor.round.start', { nonce: roundNonce });
    assert.ok(round.ok && isOfflineAnswer(round), JSON.stringify(round));

    for (const [s, waiting] of [[kiosk, 1], [gift, 4], [floor, 1]] as const) assert.equal(must(await s.invoke('offline.status', {})).waiting, waiting);

    await cluster.resume();
    await untilReplayed([kiosk, gift, floor]);
    const db = admin.handle.db;
    const kioskIn = await db.selectFrom('checkins').select(['method', 'nonce']).where('visitor_code', '=', codes[0]!).execute();
    assert.deepEqual(kioskIn, [{ method: 'kiosk', nonce: confirmNonce }], 'the kiosk check-in, once');
    assert.equal((await db.selectFrom('print_jobs').select('id').where('nonce', '=', confirmNonce).execute()).length, 0, 'no badge printed later, unattended');
    const redemptions = await db.selectFrom('rally_redemptions').select(['id', 'visitor_code']).where('gift_id', '=', giftId).execute();
    assert.deepEqual(redemptions.map((r) => r.visitor_code).sort(), [codes[1], codes[2]]);
    const undos = await db.selectFrom('rally_redemption_undos').select(['redemption_id', 'nonce']).execute();
    assert.equal(undos.length, 1, 'the undo, once');
    assert.equal(undos[0]!.redemption_id, redemptions.find((r) => r.visitor_code === codes[1])!.id, 'on the replayed hand-out');
    const rounds = await db.selectFrom('audit_log').select('id').where('channel', '=', 'floor.round.start').where('station_id', '=', floor.identity.id).execute();
    assert.equal(rounds.length, 1, 'the round tap, once');
    const refused = refusedFacts(sync.replica);
    assert.deepEqual(refused.map((r) => r.nonce), ['refused-1'], 'the refused fact is kept for review');
    assert.match(refused[0]!.error ?? '', /invalid_input/);
    assert.equal(must(await gift.invoke('offline.status', {})).refused, 1);
    const conflicts = must(await admin.invoke('offline.conflicts', {}));
    assert.ok(conflicts.some((c) => c.settledStatus === 'refused:invalid_input'), 'listed for review on the console');
    // Stock: what is on the shelf + what the desk still holds + what is out with visitors = what was set.
    await until('lease returned', async () => {
      const pool = await db.selectFrom('rally_gift_stock').select('remaining').where('gift_id', '=', giftId).executeTakeFirstOrThrow();
      const leases = await db.selectFrom('offline_gift_leases').select('units').where('gift_id', '=', giftId).execute();
      return pool.remaining + leases.reduce((a, l) => a + l.units, 0) + 1 === 20;
    });
  });
});

function replicaCount(s: Station, table: string): number {
  const sync = s.runtime.offline as OfflineSync;
  return (sync.replica.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
