/**
 * Gift desk: check, redeem, undo — exactly once, settled by the database.
 *
 * Redeem, inside the router's transaction:
 *   1. the visitor's latest redemption of this gift in its period; active → already redeemed;
 *      otherwise the next slot (0, or one past an undone redemption);
 *   2. `UPDATE rally_gift_stock SET remaining = remaining - 1 WHERE … AND remaining > 0`:
 *      its affected-row count hands out the unit (PostgreSQL re-checks the WHERE after a
 *      competing desk commits; SQLite runs one writer at a time), so the last unit goes
 *      to exactly one visitor;
 *   3. insert the redemption; the unique (gift, visitor, period, slot) key lets exactly
 *      one of several racing desks in. The loser gives its unit back in the same
 *      transaction and answers "already redeemed".
 * Both take the gift's row lock first (lockGiftForStock), so a setup save changing the
 * gift's stock or scope and a desk drawing from its pools never interleave.
 * A redemption queues a receipt on the desk's printer, if any (receipt.service.ts).
 * Undo appends a reversal row (unique per redemption) and returns the unit to its pool.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { GiftCheck, GiftStatus, RallyGift, RedeemOutcome, RedemptionInfo, UndoOutcome } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { RallyRedemptionsTable } from '../../../db/tables/rally.tables';
import type { HandlerCtx } from '../../core/router';
import { todayIn } from '../system/event.service';
import { admitBadge } from './badge.service';
import { giftsWithStock, isLowStock, lockGiftForStock, readGifts, readSettings, stockPeriodOf, visitorPeriodOf } from './rally-config.service';
import { queueReceipt } from './receipt.service';
import { progressOf, visitorStamps } from './stamp.service';
import { evaluateRule } from './rule';
import { GiftLeases } from '../offline/gift-lease.service';

type Db = Kysely<Database>;
type RedemptionRow = Selectable<RallyRedemptionsTable>;

/**
 * A hand-out's row, as the desk writes it and as the offline replay (replay-gifts.ts) writes
 * it: the next slot after the visitor's last one in the period, and a nonce another hand-out
 * already holds (a client bug) given a fresh identity rather than let it block this one.
 */
export function redemptionRow(p: { giftId: string; code: string; period: string; previousSlot: number | null; stockPeriod: string; day: string; station: { id: string; name: string }; nonce: string; nonceTaken: boolean; at: string }): RedemptionRow {
  return {
    id: randomUUID(),
    gift_id: p.giftId,
    visitor_code: p.code,
    period: p.period,
    slot: p.previousSlot === null ? 0 : p.previousSlot + 1,
    stock_period: p.stockPeriod,
    day: p.day,
    station_id: p.station.id,
    station_name: p.station.name,
    nonce: p.nonceTaken ? `${p.nonce}:${randomUUID()}` : p.nonce,
    at: p.at,
  };
}

const redemptionInfo = (r: RedemptionRow): RedemptionInfo => ({ id: r.id, giftId: r.gift_id, at: r.at, day: r.day, stationName: r.station_name });

/** The visitor's latest redemption of a gift in a period, and whether it was undone. */
async function latestRedemption(db: Db, giftId: string, code: string, period: string) {
  return db
    .selectFrom('rally_redemptions as r')
    .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
    .selectAll('r')
    .select('u.id as undo_id')
    .where('r.gift_id', '=', giftId)
    .where('r.visitor_code', '=', code)
    .where('r.period', '=', period)
    .orderBy('r.slot', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function remainingOf(db: Db, gift: RallyGift, period: string): Promise<number> {
  const r = await db.selectFrom('rally_gift_stock').select('remaining').where('gift_id', '=', gift.id).where('period', '=', period).executeTakeFirst();
  return r ? r.remaining : gift.stock;
}

export async function checkGifts(ctx: HandlerCtx, input: { code: string }): Promise<GiftCheck> {
  const { db } = ctx;
  const today = await todayIn(ctx);
  const settings = await readSettings(db);
  const badge = await admitBadge(db, input.code, settings, today);
  if (badge.status !== 'ok') return badge;
  const code = badge.visitor.code;
  const [gifts, stamps, progress] = await Promise.all([readGifts(db), visitorStamps(db, code), progressOf(db, code)]);
  const stamped = new Set(stamps.map((s) => s.point_id));
  const withStock = await giftsWithStock(
    db,
    gifts.filter((g) => g.active),
    today,
    settings,
  );
  const out = [];
  for (const gift of withStock) {
    const latest = await latestRedemption(db, gift.id, code, visitorPeriodOf(gift, today));
    const rule = evaluateRule(gift.rule, stamped);
    const check: GiftStatus =
      latest && !latest.undo_id
        ? { status: 'already_redeemed', redemption: redemptionInfo(latest) }
        : !rule.ok
          ? { status: 'missing', shortfall: rule.shortfall }
          : gift.remaining <= 0 && !(ctx.ops.kind === 'postgres' && (await GiftLeases.ownUnits(db, ctx.station.id, gift.id, stockPeriodOf(gift, today))) > 0)
            ? { status: 'out_of_stock' }
            : { status: 'eligible' };
    out.push({ gift, check });
  }
  return { status: 'ok', visitor: badge.visitor, progress, gifts: out };
}

export async function redeemGift(ctx: HandlerCtx, input: { code: string; giftId: string; nonce: string }): Promise<RedeemOutcome> {
  const { db } = ctx;
  const today = await todayIn(ctx);
  const settings = await readSettings(db);
  const badge = await admitBadge(db, input.code, settings, today);
  if (badge.status !== 'ok') return badge;
  const code = badge.visitor.code;
  const gift = await lockGiftForStock(db, input.giftId);
  if (!gift?.active) return { status: 'unknown_gift', giftId: input.giftId.slice(0, 40) };
  const period = visitorPeriodOf(gift, today);
  const stockPeriod = stockPeriodOf(gift, today);

  // A retry of a redeem that went through (double tap, or a lost answer): same answer.
  const byNonce = await db.selectFrom('rally_redemptions').selectAll().where('nonce', '=', input.nonce).executeTakeFirst();
  if (byNonce && byNonce.gift_id === gift.id && byNonce.visitor_code === code) {
    return { status: 'redeemed', redemption: redemptionInfo(byNonce), remaining: await remainingOf(db, gift, stockPeriodOf(gift, byNonce.day)) };
  }

  const latest = await latestRedemption(db, gift.id, code, period);
  if (latest && !latest.undo_id) return { status: 'already_redeemed', redemption: redemptionInfo(latest) };
  const rule = evaluateRule(gift.rule, new Set((await visitorStamps(db, code)).map((s) => s.point_id)));
  if (!rule.ok) return { status: 'missing', shortfall: rule.shortfall };

  // The period's pool starts full the first time anyone draws from it.
  await db
    .insertInto('rally_gift_stock')
    .values({ gift_id: gift.id, period: stockPeriod, remaining: gift.stock })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const took = await db
    .updateTable('rally_gift_stock')
    .set({ remaining: sql<number>`remaining - 1` })
    .where('gift_id', '=', gift.id)
    .where('period', '=', stockPeriod)
    .where('remaining', '>', 0)
    .executeTakeFirst();
  // Pool empty, venue database: this desk's own offline lease still holds units on its
  // table — hand one out rather than answer "out of stock" (never another desk's lease).
  const fromLease = Number(took.numUpdatedRows) === 0 && ctx.ops.kind === 'postgres' && (await GiftLeases.takeOwnUnit(db, ctx.station.id, gift.id, stockPeriod));
  if (Number(took.numUpdatedRows) === 0 && !fromLease) return { status: 'out_of_stock' };

  const row = redemptionRow({ giftId: gift.id, code, period, previousSlot: latest?.slot ?? null, stockPeriod, day: today, station: ctx.station, nonce: input.nonce, nonceTaken: Boolean(byNonce), at: ctx.clock.now().toISOString() });
  const ins = await db.insertInto('rally_redemptions').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Another desk redeemed this gift for this visitor at the same moment: give the unit back.
    if (fromLease) await GiftLeases.returnOwnUnit(db, ctx.station.id, gift.id, stockPeriod);
    else
      await db
        .updateTable('rally_gift_stock')
        .set({ remaining: sql<number>`remaining + 1` })
        .where('gift_id', '=', gift.id)
        .where('period', '=', stockPeriod)
        .execute();
    const winner = await latestRedemption(db, gift.id, code, period);
    if (!winner) throw new Error('redemption neither inserted nor found');
    if (winner.nonce === input.nonce) {
      return { status: 'redeemed', redemption: redemptionInfo(winner), remaining: await remainingOf(db, gift, stockPeriod) };
    }
    return { status: 'already_redeemed', redemption: redemptionInfo(winner) };
  }

  const remaining = await remainingOf(db, gift, stockPeriod);
  const receipt = await queueReceipt(ctx, row);
  ctx.audit(code, { gift: gift.id, redemption: row.id, period, remaining });
  ctx.emit({ type: 'rally.redeemed', giftId: gift.id, remaining });
  if (isLowStock(remaining, settings)) ctx.emit({ type: 'rally.stock.low', giftId: gift.id, labelKo: gift.labelKo, labelEn: gift.labelEn, remaining });
  return { status: 'redeemed', redemption: redemptionInfo(row), remaining, receipt };
}

export async function undoRedemption(ctx: HandlerCtx, input: { redemptionId: string; reason: string; nonce: string }): Promise<UndoOutcome> {
  const { db } = ctx;
  const r = await db.selectFrom('rally_redemptions').selectAll().where('id', '=', input.redemptionId).executeTakeFirst();
  if (!r) return { status: 'not_found' };
  const gift = await lockGiftForStock(db, r.gift_id);
  if (!gift) return { status: 'not_found' };
  // The unit goes back to the pool the gift draws from now for that day (the same one it
  // came from, unless the gift's stock scope was changed since: pools were rebuilt then).
  const pool = stockPeriodOf(gift, r.day);

  const existing = await db.selectFrom('rally_redemption_undos').selectAll().where('redemption_id', '=', r.id).executeTakeFirst();
  if (existing) {
    if (existing.nonce === input.nonce) return { status: 'undone', redemption: redemptionInfo(r), remaining: await remainingOf(db, gift, pool) };
    return { status: 'already_undone', at: existing.at };
  }
  const { undoMinutes } = await readSettings(db);
  const now = ctx.clock.now();
  if (now.getTime() - Date.parse(r.at) > undoMinutes * 60_000) return { status: 'too_late', minutes: undoMinutes };

  const ins = await db
    .insertInto('rally_redemption_undos')
    .values({ id: randomUUID(), redemption_id: r.id, reason: input.reason, station_id: ctx.station.id, station_name: ctx.station.name, nonce: input.nonce, at: now.toISOString() })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) {
    const winner = await db.selectFrom('rally_redemption_undos').selectAll().where('redemption_id', '=', r.id).executeTakeFirst();
    // Only a reused nonce on another redemption can land here without a winner.
    return winner ? { status: 'already_undone', at: winner.at } : { status: 'not_found' };
  }
  await db
    .updateTable('rally_gift_stock')
    .set({ remaining: sql<number>`remaining + 1` })
    .where('gift_id', '=', r.gift_id)
    .where('period', '=', pool)
    .execute();
  const remaining = await remainingOf(db, gift, pool);
  ctx.audit(r.visitor_code, { gift: r.gift_id, undo: r.id, reason: input.reason });
  ctx.emit({ type: 'rally.undone', giftId: r.gift_id, remaining });
  return { status: 'undone', redemption: redemptionInfo(r), remaining };
}
