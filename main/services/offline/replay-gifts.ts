/**
 * Set-based replay of a run of offline gift hand-outs (`rally.gift.redeem`), with the
 * rules of the replayed redeem (handler-wraps.ts) and gift.service.ts's redeemGift, in
 * the same order per fact:
 *   1. not replayed before (no redemption has its nonce) and the desk's lease holds a unit
 *      of the gift's pool: that unit is credited back to the pool (the desk handed it out);
 *   2. the badge admitted (admitBadgeRun); the gift active; a retry of its nonce answers
 *      "redeemed"; the visitor's latest redemption in the period not undone → "already";
 *      the rule on the visitor's stamps → "missing";
 *   3. a unit from the pool (created full the first time), else from the desk's own lease,
 *      else "out of stock";
 *   4. a credited unit that was not handed out by the replay is taken back out (it is
 *      physically gone).
 * Stock: every gift of the run is locked first (lockGiftForStock, the lock every stock
 * change takes), then the desk's lease rows and the pools are read FOR UPDATE in that
 * order — the order the per-fact path takes them — so nothing else moves them during the
 * run; the run writes them back as deltas. Total stock is never exceeded: a unit is handed
 * out only while pool or lease shows one.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PushEvent, RallyGift } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { RallyRedemptionsTable } from '../../../db/tables/rally.tables';
import { isLowStock, lockGiftForStock, readGifts, stockPeriodOf, visitorPeriodOf } from '../rally/rally-config.service';
import { queueReceipt } from '../rally/receipt.service';
import { evaluateRule } from '../rally/rule';
import type { OutboxEntry } from './outbox.service';
import { auditRun, factDays, FastReplayMiss, routerWouldRun, type RunDeps, type RunOutcome, type SetReplayer } from './replay-run';
import { admitBadgeRun } from './replay-stamps';
import { redemptionRow } from '../rally/gift.service';

type RedemptionRow = Selectable<RallyRedemptionsTable>;
const key = (...parts: string[]) => parts.join('\u0000');

async function replayGiftRun(db: Kysely<Database>, facts: OutboxEntry[], d: RunDeps): Promise<{ outcomes: RunOutcome[]; events: PushEvent[] }> {
  const inputs = facts.map((f) => JSON.parse(f.input) as { code: string; giftId: string; nonce: string });
  const days = await factDays(db, facts, d.runtime);
  // The gifts' locks first, in the setup's order (the order a lease renewal takes them: no
  // deadlock with another desk's), then the gifts read again under the locks.
  const asked = new Set(inputs.map((i) => i.giftId));
  const giftIds = (await readGifts(db)).map((g) => g.id).filter((id) => asked.has(id));
  for (const id of giftIds) await lockGiftForStock(db, id);
  const gifts = new Map((await readGifts(db)).filter((g) => asked.has(g.id)).map((g) => [g.id, g]));
  const { codes, known, settings, admit } = await admitBadgeRun(db, inputs.map((i) => i.code), days);
  const nonces = inputs.map((i) => i.nonce);

  const leases = new Map<string, number>();
  // (A run of gifts that are all gone meets no stock rows.)
  const leaseRows = giftIds.length ? await db.selectFrom('offline_gift_leases').select(['gift_id', 'period', 'units']).where('station_id', '=', d.station.id).where('gift_id', 'in', giftIds).forUpdate().execute() : [];
  for (const r of leaseRows) {
    leases.set(key(r.gift_id, r.period), r.units);
  }
  const pools = new Map<string, number>();
  const poolRows = giftIds.length ? await db.selectFrom('rally_gift_stock').select(['gift_id', 'period', 'remaining']).where('gift_id', 'in', giftIds).forUpdate().execute() : [];
  for (const r of poolRows) {
    pools.set(key(r.gift_id, r.period), r.remaining);
  }
  const leasesBefore = new Map(leases);
  const poolsBefore = new Map(pools);

  const byNonce = new Map((await db.selectFrom('rally_redemptions').selectAll().where('nonce', 'in', nonces).execute()).map((r) => [r.nonce, r]));
  // The latest redemption of each (gift, visitor, period), and whether it was undone.
  const latest = new Map<string, { slot: number; undone: boolean }>();
  if (known.length && giftIds.length) {
    const rows = await db
      .selectFrom('rally_redemptions as r')
      .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
      .select(['r.gift_id', 'r.visitor_code', 'r.period', 'r.slot', 'u.id as undo_id'])
      .where('r.gift_id', 'in', giftIds)
      .where('r.visitor_code', 'in', known)
      .execute();
    for (const r of rows) {
      const k = key(r.gift_id, r.visitor_code, r.period);
      if ((latest.get(k)?.slot ?? -1) < r.slot) latest.set(k, { slot: r.slot, undone: r.undo_id !== null });
    }
  }
  const stamps = new Map<string, Set<string>>();
  if (known.length) {
    for (const s of await db.selectFrom('rally_stamps').select(['visitor_code', 'point_id']).where('visitor_code', 'in', known).execute()) {
      stamps.set(s.visitor_code, (stamps.get(s.visitor_code) ?? new Set()).add(s.point_id));
    }
  }

  const outcomes: RunOutcome[] = [];
  const fresh: Array<{ i: number; row: RedemptionRow; gift: RallyGift; remaining: number }> = [];
  const newPools = new Set<string>();
  for (let i = 0; i < facts.length; i++) {
    const input = inputs[i]!;
    const day = days[i]!;
    const gift = gifts.get(input.giftId);
    const stockKey = gift ? key(gift.id, stockPeriodOf(gift, day)) : null;
    // 1. The desk's lease unit back into the pool (a pool row that is not there takes no unit).
    const credited = !byNonce.has(input.nonce) && stockKey !== null && (leases.get(stockKey) ?? 0) > 0;
    if (credited) {
      leases.set(stockKey, leases.get(stockKey)! - 1);
      if (pools.has(stockKey)) pools.set(stockKey, pools.get(stockKey)! + 1);
    }
    const status = ((): string => {
      // 2.
      const badge = admit(i);
      const code = codes[i];
      if (badge !== 'ok' || !code) return badge;
      if (!gift?.active || stockKey === null) return 'unknown_gift';
      const again = byNonce.get(input.nonce);
      if (again && again.gift_id === gift.id && again.visitor_code === code) return 'redeemed';
      const period = visitorPeriodOf(gift, day);
      const last = latest.get(key(gift.id, code, period));
      if (last && !last.undone) return 'already_redeemed';
      if (!evaluateRule(gift.rule, stamps.get(code) ?? new Set()).ok) return 'missing';
      // 3.
      if (!pools.has(stockKey)) {
        pools.set(stockKey, gift.stock);
        newPools.add(stockKey);
      }
      if (pools.get(stockKey)! > 0) pools.set(stockKey, pools.get(stockKey)! - 1);
      else if ((leases.get(stockKey) ?? 0) > 0) leases.set(stockKey, leases.get(stockKey)! - 1);
      else return 'out_of_stock';
      const at = new Date(facts[i]!.at).toISOString();
      const row = redemptionRow({ giftId: gift.id, code, period, previousSlot: last ? last.slot : null, stockPeriod: stockPeriodOf(gift, day), day, station: d.station, nonce: input.nonce, nonceTaken: Boolean(again), at });
      latest.set(key(gift.id, code, period), { slot: row.slot, undone: false });
      fresh.push({ i, row, gift, remaining: pools.get(stockKey)! });
      return 'redeemed';
    })();
    // 4.
    if (credited && status !== 'redeemed' && pools.has(stockKey)) pools.set(stockKey, pools.get(stockKey)! - 1);
    outcomes.push({ status });
  }

  const freshAt = new Map(fresh.map((f) => [f.i, f]));
  await auditRun(db, facts, d, (i) => {
    const f = freshAt.get(i);
    return f ? { entityId: f.row.visitor_code, detail: { gift: f.gift.id, redemption: f.row.id, period: f.row.period, remaining: f.remaining } } : null;
  });
  const split = (k: string) => k.split('\u0000') as [string, string];
  for (const k of newPools) {
    const [giftId, period] = split(k);
    await db.insertInto('rally_gift_stock').values({ gift_id: giftId, period, remaining: gifts.get(giftId)!.stock }).onConflict((oc) => oc.doNothing()).execute();
    poolsBefore.set(k, gifts.get(giftId)!.stock);
  }
  for (const [k, n] of pools) {
    const delta = n - poolsBefore.get(k)!;
    const [giftId, period] = split(k);
    if (delta !== 0) await db.updateTable('rally_gift_stock').set({ remaining: sql<number>`remaining + ${delta}` }).where('gift_id', '=', giftId).where('period', '=', period).execute();
  }
  for (const [k, n] of leases) {
    const delta = n - leasesBefore.get(k)!;
    const [giftId, period] = split(k);
    if (delta !== 0) await db.updateTable('offline_gift_leases').set({ units: sql<number>`units + ${delta}` }).where('station_id', '=', d.station.id).where('gift_id', '=', giftId).where('period', '=', period).execute();
  }
  if (fresh.length === 0) return { outcomes, events: [] };
  const inserted = await db.insertInto('rally_redemptions').values(fresh.map((f) => f.row)).onConflict((oc) => oc.doNothing()).returning('id').execute();
  // Cannot happen while the gifts are locked; if it does, the run goes again / fact by fact.
  if (inserted.length !== fresh.length) throw new FastReplayMiss(`${fresh.length - inserted.length} of ${fresh.length} hand-outs met a concurrent one`);

  const events: PushEvent[] = [];
  for (const f of fresh) {
    // A desk with a receipt printer queues each hand-out's receipt, as the service does (its job events go out with the run's).
    await queueReceipt(d.ctxFor(db, new Date(f.row.at)), f.row);
    events.push({ type: 'rally.redeemed', giftId: f.gift.id, remaining: f.remaining });
    if (isLowStock(f.remaining, settings)) events.push({ type: 'rally.stock.low', giftId: f.gift.id, labelKo: f.gift.labelKo, labelEn: f.gift.labelEn, remaining: f.remaining });
  }
  return { outcomes, events };
}

export const giftReplayer: SetReplayer = {
  channel: 'rally.gift.redeem',
  replayable: (fact, station, runtime) => fact.channel === 'rally.gift.redeem' && routerWouldRun(fact, station, runtime),
  run: replayGiftRun,
};
