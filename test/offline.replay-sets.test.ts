/**
 * Set-based replay of more kinds (issue 13): desk check-ins, kiosk confirms, stamps and gift
 * hand-outs go a run at a time (replay-sets.ts). Two venue
 * databases on one real PostgreSQL get the same online history and four stations each
 * (desk, kiosk, stamp point, gift desk) with the same outboxes — mixed channels, the cases
 * each kind's rules tell apart, facts the server refuses between them. Venue A replays
 * set-based, venue B with FAIRDESK_REPLAY_SET_BASED=0 (every fact through the ordinary
 * handler): the rows written, the audit rows, the conflicts list and the facts kept for
 * review must be the same. Then both outboxes replay again (a crash after the commit,
 * before the outbox was marked): nothing is written twice. Gifts never go beyond stock.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { startTestPostgres, type TestPostgres } from '../scripts/test-postgres.mjs';
import { freshPostgresDatabase } from './helpers/databases';
import { must, seed, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import type { Database } from '../db/schema';
import type { OfflineSync } from '../main/services/offline/offline-sync';
import { appendOutbox } from '../main/services/offline/outbox.service';

const skip = process.env.FAIRDESK_TEST_PG ? false : 'FAIRDESK_TEST_PG not set (npm test starts one)';
const DAY = '2022-04-13';
const N = 60;
const STOCK = 4;
const LEASE = 2;

interface Venue {
  admin: Station;
  desk: Station;
  kiosk: Station;
  stamp: Station;
  gift: Station;
}

const codes = Array.from({ length: N }, (_, i) => `PPS22-5${String(i).padStart(5, '0')}`);
const [otherDay, otherDay2] = ['PPS22-599998', 'PPS22-599999'];
const clock = new FakeClock(`${DAY}T10:00:00+09:00`);
const syncOf = (s: Station) => s.runtime.offline as OfflineSync;

async function openVenue(url: string): Promise<Venue> {
  const admin = await testStation({ db: { kind: 'postgres', url }, role: 'admin', name: 'Console', clock });
  await seed(admin, [
    ...codes.map((code, i) => visitor({ code, nameKo: `방문객${i}` })),
    visitor({ code: otherDay, nameKo: '다른날', registeredDays: ['2022-04-14'] }),
    visitor({ code: otherDay2, nameKo: '다른날둘', registeredDays: ['2022-04-14'] }),
  ]);
  const setup = must(await admin.invoke('rally.setup.get', {}));
  const point = setup.points.find((p) => p.kind === 'hall')!.id;
  must(await admin.invoke('rally.setup.save', { ...setup, gifts: setup.gifts.map((g) => (g.id === 'ecobag' ? { ...g, stock: STOCK, rule: { all: [point], anyOf: [] } } : g)) }));
  must(await admin.invoke('offline.gift.rule.set', { giftId: 'ecobag', onlineOnly: false, leaseUnits: LEASE }));
  must(await admin.invoke('rally.station.assign', { pointId: point }));
  // Online history while the stations were apart: five visitors in, one of them stamped.
  for (let i = 0; i < 6; i++) must(await admin.invoke('checkin.scan', { code: codes[i]!, nonce: `online-in-${i}` }));
  assert.equal(must(await admin.invoke('rally.stamp.scan', { code: codes[5]!, nonce: 'online-stamp-5' })).status, 'stamped');
  const open = (role: 'desk' | 'kiosk' | 'stamp' | 'gift') => testStation({ db: { kind: 'postgres', url }, role, name: `Replay ${role}`, clock, offline: true });
  const v: Venue = { admin, desk: await open('desk'), kiosk: await open('kiosk'), stamp: await open('stamp'), gift: await open('gift') };
  must(await v.stamp.invoke('rally.station.assign', { pointId: point }));
  for (const s of [v.desk, v.kiosk, v.stamp, v.gift]) {
    await until(`${s.identity.name}: replica synced`, async () => {
      const st = must(await s.invoke('offline.status', {}));
      return st.online && st.replicaAgeMs !== null;
    });
  }
  await until('the gift desk holds its lease', async () => {
    const r = await admin.handle.db.selectFrom('offline_gift_leases').select('units').where('station_id', '=', v.gift.identity.id).executeTakeFirst();
    return r?.units === LEASE;
  });
  return v;
}

/** The same outboxes at both venues, as the offline router leaves them (input, fact time, offline answer). */
async function fillOutboxes(v: Venue): Promise<void> {
  let k = 0;
  const add = async (s: Station, channel: string, input: Record<string, unknown>, offlineValue: Record<string, unknown>) => {
    k++;
    const at = new Date(Date.parse(`${DAY}T10:00:00+09:00`) + k * 1000).toISOString();
    await appendOutbox(syncOf(s).replica.db, { nonce: String(input.nonce), channel, input, at, offlineValue });
  };
  const ci = (code: string, nonce: string) => add(v.desk, 'checkin.scan', { code, nonce, method: 'scan' }, { status: 'checked_in' });
  for (let i = 10; i < 20; i++) await ci(codes[i]!, `deskfact-${i}`);
  await ci(codes[0]!, 'desk-online-0'); // in online meanwhile: already in at T at Console
  await ci(codes[10]!, 'desk-again-10'); // scanned twice offline: the first wins
  await ci(codes[1]!, 'online-in-1'); // a retry of a nonce the server already has: the same answer
  await ci('', 'desk-refused-1'); // refused by the contract: kept for review
  await ci(otherDay, 'desk-other-day'); // not registered today
  await add(v.desk, 'checkin.override', { code: otherDay, nonce: 'desk-override-1', reason: '초청 / invited' }, { status: 'checked_in' });
  await ci('PPS22-NOSUCH', 'desk-unknown-1'); // a visitor the server does not have (deleted meanwhile)
  for (let i = 20; i < 30; i++) await ci(` ${codes[i]!.toLowerCase()} `, `deskfact-${i}`); // typed, with junk around
  await ci(codes[20]!, 'desk-again-20');

  const kc = (code: unknown, nonce: string) => add(v.kiosk, 'kiosk.confirm', { ticket: `ticket-${nonce}-0000000000`.slice(0, 40), nonce }, { status: 'checked_in', code });
  for (let i = 30; i < 38; i++) await kc(codes[i]!, `kiosk-${i}`);
  await kc(codes[12]!, 'kiosk-desk-12'); // checked in by the desk's replay
  await kc(codes[30]!, 'kiosk-again-30');
  await kc(otherDay2, 'kiosk-other-day');
  await kc('PPS22-NOSUCH', 'kiosk-unknown-1');
  await kc(null, 'kiosk-no-code-1'); // its ticket's code was not kept: settled fact by fact
  await kc(codes[2]!, 'online-in-2'); // a nonce the server has, for the same visitor
  for (let i = 38; i < 45; i++) await kc(codes[i]!, `kiosk-${i}`);

  const st = (code: string, nonce: string) => add(v.stamp, 'rally.stamp.scan', { code, nonce }, { status: 'stamped' });
  for (let i = 10; i < 20; i++) await st(codes[i]!, `stamp-${i}`);
  await st(codes[5]!, 'stamp-online-5'); // stamped online meanwhile
  await st(codes[10]!, 'stamp-again-10');
  await st(codes[40]!, 'online-stamp-5'); // a nonce reused for another badge: stamped, under its own nonce
  await st(codes[55]!, 'stamp-not-in-55'); // never checked in
  await st('PPS22-NOSUCH', 'stamp-unknown-1');
  await st('', 'stamp-refused-1');
  for (let i = 30; i < 40; i++) await st(codes[i]!, `stamp-${i}`);

  const gf = (code: string, nonce: string, giftId = 'ecobag') => add(v.gift, 'rally.gift.redeem', { code, giftId, nonce }, { status: 'redeemed' });
  // Handed out offline to a visitor the rule refuses (no stamp): the lease unit is gone all the same.
  await gf(codes[44]!, 'gift-missing-44');
  await gf(codes[10]!, 'giftfact-10'); // the lease's last unit
  await gf(codes[56]!, 'gift-not-in-56'); // never checked in (the lease is spent: no unit lost)
  for (let i = 11; i < 17; i++) await gf(codes[i]!, `giftfact-${i}`); // 6 more asked for, the pool's 2 units left
  await gf(codes[17]!, 'gift-removed-17', 'nosuchgift'); // a gift removed meanwhile
  await gf(codes[10]!, 'gift-again-10');
}

/** Kicks one station's replay and waits for its outbox to be empty. */
async function replay(s: Station): Promise<void> {
  syncOf(s).factAdded();
  await until(`${s.identity.name}: replayed`, async () => {
    const st = must(await s.invoke('offline.status', {}));
    return st.online && st.waiting === 0;
  }, 120_000);
}

/** What the replays left, without ids, station ids or nonce suffixes (a reused nonce gets a random one). */
async function snapshot(v: Venue) {
  const db = v.admin.handle.db as Kysely<Database>;
  const name = new Map([v.desk, v.kiosk, v.stamp, v.gift, v.admin].map((s) => [s.identity.id, s.identity.name]));
  const bare = (nonce: string) => nonce.split(':')[0];
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  const checkins = await db.selectFrom('checkins').select(['visitor_code', 'day', 'station_name', 'method', 'nonce', 'reason', 'at']).execute();
  const stamps = await db.selectFrom('rally_stamps').select(['visitor_code', 'point_id', 'station_name', 'method', 'nonce', 'at', 'day', 'hour']).execute();
  const gifts = await db.selectFrom('rally_redemptions').select(['visitor_code', 'gift_id', 'slot', 'station_name', 'nonce', 'at']).execute();
  const audit = await db.selectFrom('audit_log').select(['station_id', 'channel', 'entity_id', 'detail', 'at', 'operator_id']).where('channel', 'in', ['checkin.scan', 'checkin.override', 'kiosk.confirm', 'rally.stamp.scan', 'rally.gift.redeem']).execute();
  const conflicts = await db.selectFrom('offline_conflicts').select(['nonce', 'station_name', 'channel', 'subject', 'offline_at', 'offline_status', 'settled_status', 'detail']).execute();
  const kept = [v.desk, v.kiosk, v.stamp, v.gift].flatMap((s) =>
    (syncOf(s).replica.raw.prepare('SELECT nonce, channel, state, error FROM offline_outbox ORDER BY seq').all() as Array<{ nonce: string; channel: string; state: string; error: string | null }>).map((r) => ({ station: s.identity.name, ...r })),
  );
  return {
    checkins: sorted(checkins.map((r) => ({ ...r, nonce: bare(r.nonce) }))),
    stamps: sorted(stamps.map((r) => ({ ...r, nonce: bare(r.nonce) }))),
    gifts: sorted(gifts.map((r) => ({ ...r, nonce: bare(r.nonce) }))),
    // (A hand-out's audit row names its redemption's random id.)
    audit: sorted(audit.map((r) => ({ ...r, station_id: name.get(r.station_id) ?? r.station_id, detail: r.detail?.replace(/"redemption":"[^"]*"/, '"redemption":"…"') ?? null }))),
    conflicts: sorted(conflicts),
    kept,
  };
}

async function giftStock(v: Venue): Promise<{ handedOut: number; pool: number; leased: number }> {
  const db = v.admin.handle.db;
  const handedOut = Number((await db.selectFrom('rally_redemptions').select(sql<number>`count(*)`.as('n')).where('gift_id', '=', 'ecobag').executeTakeFirstOrThrow()).n);
  const pool = (await db.selectFrom('rally_gift_stock').select('remaining').where('gift_id', '=', 'ecobag').execute()).reduce((a, r) => a + r.remaining, 0);
  const leased = (await db.selectFrom('offline_gift_leases').select('units').where('gift_id', '=', 'ecobag').execute()).reduce((a, r) => a + r.units, 0);
  return { handedOut, pool, leased };
}

describe('set-based replay of check-ins, kiosk confirms, stamps and gifts: the same answers as one at a time, exactly once', { skip: !!skip }, () => {
  let cluster: TestPostgres;
  let setBased: Venue;
  let oneByOne: Venue;
  const envBefore = process.env.FAIRDESK_REPLAY_SET_BASED;

  before(async () => {
    cluster = await startTestPostgres({ maxConnections: 80 });
    setBased = await openVenue(await freshPostgresDatabase(cluster.url));
    oneByOne = await openVenue(await freshPostgresDatabase(cluster.url));
    await fillOutboxes(setBased);
    await fillOutboxes(oneByOne);
  }, 180_000);
  after(async () => {
    if (envBefore === undefined) delete process.env.FAIRDESK_REPLAY_SET_BASED;
    else process.env.FAIRDESK_REPLAY_SET_BASED = envBefore;
    for (const v of [setBased, oneByOne]) for (const s of v ? [v.desk, v.kiosk, v.stamp, v.gift, v.admin] : []) await s.close();
    await cluster?.stop();
  });

  /** The replays' events, as each station published them (after each batch's commit), sorted. */
  const heard = new Map<Venue, string[]>();
  /** Each venue's stations in turn (desk first: the stamp point's visitors were checked in there). */
  const replayVenue = async (v: Venue, oneAtATime: boolean) => {
    if (oneAtATime) process.env.FAIRDESK_REPLAY_SET_BASED = '0';
    else delete process.env.FAIRDESK_REPLAY_SET_BASED;
    const events: string[] = [];
    // Each station's own events only (others reach it over the venue link, whenever they arrive).
    const offs = [v.desk, v.kiosk, v.stamp, v.gift].map((s) =>
      s.bus.subscribeOwn((ev) => {
        // (A check-in's running counts are read once per run set-based: not compared.)
        if (ev.type === 'checkin.recorded') events.push(`${s.identity.name} ${ev.type} ${ev.code} ${ev.checkin.method}`);
        if (ev.type === 'rally.stamped') events.push(`${s.identity.name} ${ev.type} ${ev.pointId} ${ev.at}`);
        if (ev.type === 'rally.redeemed') events.push(`${s.identity.name} ${ev.type} ${ev.giftId} ${ev.remaining}`);
        if (ev.type === 'rally.stock.low') events.push(`${s.identity.name} ${ev.type} ${ev.giftId} ${ev.remaining}`);
      }),
    );
    try {
      for (const s of [v.desk, v.kiosk, v.stamp, v.gift]) await replay(s);
    } finally {
      delete process.env.FAIRDESK_REPLAY_SET_BASED;
      for (const off of offs) off();
    }
    heard.set(v, events.sort());
  };

  test('both paths settle every fact alike: rows, audit, conflicts, refused facts kept for review', async () => {
    await replayVenue(oneByOne, true);
    await replayVenue(setBased, false);
    // The runs did go set-based at A (a run that fails falls back fact by fact, which would pass too).
    const runs = [setBased.desk, setBased.kiosk, setBased.stamp, setBased.gift].map((s) => syncOf(s).replayed);
    assert.deepEqual(runs.map((r) => r.setBased), [25, 20, 25, 11], 'set-based facts per station (the rest: refused, alone, or an override)');
    assert.deepEqual([oneByOne.desk, oneByOne.kiosk, oneByOne.stamp, oneByOne.gift].map((s) => syncOf(s).replayed.setBased), [0, 0, 0, 0]);
    const a = await snapshot(setBased);
    const b = await snapshot(oneByOne);
    assert.deepEqual(a.checkins, b.checkins, 'check-ins');
    assert.deepEqual(a.stamps, b.stamps, 'stamps');
    assert.deepEqual(a.gifts, b.gifts, 'gift hand-outs');
    assert.deepEqual(a.audit, b.audit, 'audit rows');
    assert.deepEqual(a.conflicts, b.conflicts, 'conflicts list');
    assert.deepEqual(a.kept, b.kept, 'outbox states');
    assert.deepEqual(heard.get(setBased), heard.get(oneByOne), 'events after the commit');
    assert.equal(heard.get(setBased)!.filter((e) => e.includes('rally.redeemed')).length, 3, 'one event per hand-out');

    // And what they agree on is right (not merely equal).
    const conflicts = new Map(a.conflicts.map((c) => JSON.parse(c) as { nonce: string; settled_status: string; detail: string }).map((c) => [c.nonce, c]));
    const want: Record<string, string> = {
      'desk-online-0': 'already_checked_in',
      'desk-again-10': 'already_checked_in',
      'desk-refused-1': 'refused:invalid_input',
      'desk-other-day': 'not_registered_today',
      'desk-unknown-1': 'unknown_code',
      'desk-again-20': 'already_checked_in',
      'kiosk-desk-12': 'already_checked_in',
      'kiosk-again-30': 'already_checked_in',
      'kiosk-other-day': 'not_registered_today',
      'kiosk-unknown-1': 'expired',
      'kiosk-no-code-1': 'expired',
      'stamp-online-5': 'already_stamped',
      'stamp-again-10': 'already_stamped',
      'stamp-not-in-55': 'not_checked_in',
      'stamp-unknown-1': 'unknown_code',
      'stamp-refused-1': 'refused:invalid_input',
      'gift-missing-44': 'missing',
      'gift-not-in-56': 'not_checked_in',
      'giftfact-13': 'out_of_stock',
      'giftfact-14': 'out_of_stock',
      'giftfact-15': 'out_of_stock',
      'giftfact-16': 'out_of_stock',
      'gift-removed-17': 'unknown_gift',
      'gift-again-10': 'already_redeemed',
    };
    assert.deepEqual(Object.fromEntries([...conflicts].map(([n, c]) => [n, c.settled_status])), want);
    assert.equal(JSON.parse(conflicts.get('desk-online-0')!.detail).firstStation, 'Console', '"already in at T at S"');
    assert.equal(JSON.parse(conflicts.get('stamp-online-5')!.detail).firstStation, 'Console');
    assert.equal(JSON.parse(conflicts.get('stamp-again-10')!.detail).firstStation, 'Replay stamp');
    const refused = a.kept.filter((r) => r.state === 'refused').map((r) => r.nonce);
    assert.deepEqual(refused, ['desk-refused-1', 'stamp-refused-1'], 'refused facts kept for review; nothing else refused, nothing pending');
    assert.ok(a.kept.every((r) => r.state === 'done' || r.state === 'refused'));
    const stamped = a.stamps.map((s) => JSON.parse(s) as { visitor_code: string; nonce: string });
    assert.ok(stamped.some((s) => s.visitor_code === codes[40] && s.nonce === 'online-stamp-5'), 'the reused nonce still stamped its own badge');
    const typed = a.checkins.map((c) => JSON.parse(c) as { visitor_code: string; nonce: string }).find((c) => c.nonce === 'deskfact-25');
    assert.equal(typed?.visitor_code, codes[25], 'a typed code is normalised as at the desk');
  }, 300_000);

  test('replayed again after a crash before the outbox was marked: nothing twice, stock never exceeded', async () => {
    const once = { a: await snapshot(setBased), b: await snapshot(oneByOne) };
    for (const [v, oneAtATime] of [[setBased, false], [oneByOne, true]] as const) {
      for (const s of [v.desk, v.kiosk, v.stamp, v.gift]) syncOf(s).replica.raw.prepare(`UPDATE offline_outbox SET state = 'pending', error = NULL, settled_at = NULL`).run();
      await replayVenue(v, oneAtATime);
    }
    const twice = { a: await snapshot(setBased), b: await snapshot(oneByOne) };
    for (const k of ['a', 'b'] as const) {
      assert.deepEqual(twice[k].checkins, once[k].checkins, `${k}: no check-in twice`);
      assert.deepEqual(twice[k].stamps, once[k].stamps, `${k}: no stamp twice`);
      assert.deepEqual(twice[k].gifts, once[k].gifts, `${k}: no hand-out twice`);
      // Except one, at both venues alike: the fact whose nonce another badge had already used
      // was stored under a suffixed nonce, so its second replay does not find itself by nonce
      // and is listed as "already stamped" (by itself). Not written twice; the service's rule.
      const reused = (rows: string[]) => rows.filter((c) => !c.includes('"nonce":"online-stamp-5"'));
      assert.deepEqual(reused(twice[k].conflicts), once[k].conflicts, `${k}: each conflict listed once`);
      assert.deepEqual(twice[k].kept, once[k].kept, `${k}: the same facts kept for review`);
    }
    // The router writes an audit row for each run of a write: the second replay added one per fact at both.
    assert.deepEqual(twice.a.audit, twice.b.audit);
    assert.deepEqual(twice.a.conflicts, twice.b.conflicts);
    for (const v of [setBased, oneByOne]) {
      const stock = await giftStock(v);
      // One unit went offline to the visitor the rule refused: the other three, each once.
      assert.equal(stock.handedOut, STOCK - 1, 'every unit left handed out once');
      assert.ok(stock.pool >= 0 && stock.leased >= 0 && stock.handedOut + 1 + stock.pool + stock.leased === STOCK, `never beyond stock: ${JSON.stringify(stock)}`);
    }
  }, 300_000);
});
