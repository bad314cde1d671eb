/**
 * The one place where offline behaviour meets the services, as wrappers around the
 * ordinary handlers (no service knows it may run on a replica):
 * - offline: the handler runs on the replica; if its answer is a fact (checked in,
 *   stamped, handed out, a graded quiz attempt, an arrival), the fact goes to the outbox
 *   in the same SQLite transaction — refusals ("out of stock", "already in") are answers,
 *   not facts, and are never replayed; a double click reuses its nonce and is queued once;
 * - replay: the handler runs on the venue database "as of" the fact's time (the replay
 *   router's clock); a gift redemption first takes its unit back from the desk's lease.
 */
import type { Kysely } from 'kysely';
import { AppFailure, type Channel, type ConfirmOutcome } from '../../../contract/index';
import type { HandlerCtx, Handlers } from '../../core/router';
import { appendOutbox } from './outbox.service';
import { registerWalkIn } from '../visitors/walk-in.service';
import { lockGiftForStock } from '../rally/rally-config.service';
import { GiftLeases } from './gift-lease.service';
import { checkIn } from '../checkin/checkin.service';
import { toKioskVisitor } from '../kiosk/kiosk-visitor.service';
import type { ReplicaDatabase } from './replica.service';

type AnyHandler = (ctx: HandlerCtx, input: unknown) => Promise<unknown>;
const statusOf = (v: unknown) => (v as { status?: unknown } | null)?.status;

/** Outcomes that record a fact (every other status of these channels changes nothing). */
const FACT_STATUSES = new Set(['checked_in', 'stamped', 'redeemed', 'passed', 'failed', 'arrived', 'undone', 'done', 'admitted', 'left']);

/**
 * What the replay needs beyond the channel's input, kept beside the offline answer:
 * a kiosk's ticket lives in this station's memory only (gone after a restart), so the
 * code it stood for; an undo names the redemption by its offline id, which the venue
 * database never saw (the replayed hand-out got its own), so that hand-out's nonce.
 */
async function replayKeys(ch: Channel, ctx: HandlerCtx, input: unknown, value: unknown): Promise<Record<string, unknown>> {
  const nowMs = ctx.clock.now().getTime();
  if (ch === 'kiosk.walkIn') return { code: ctx.runtime.kiosk.ticketCode(ctx.station.id, (value as { ticket: string }).ticket, nowMs) };
  if (ch === 'rally.gift.undo') {
    const r = await ctx.db.selectFrom('rally_redemptions').select('nonce').where('id', '=', (input as { redemptionId: string }).redemptionId).executeTakeFirst();
    return { redemptionNonce: r?.nonce ?? null };
  }
  return {};
}

export function offlineHandlersFor(handlers: Handlers, writes: ReadonlySet<Channel>): Handlers {
  const out = { ...handlers } as Record<string, AnyHandler>;
  for (const ch of writes) {
    const inner = handlers[ch] as AnyHandler;
    out[ch] = async (ctx, input) => {
      if (ch === 'rally.gift.redeem') {
        const giftId = (input as { giftId: string }).giftId;
        const guard = await GiftLeases.guardOffline(ctx.db, giftId, ctx.clock);
        if (guard === 'online_only') throw new AppFailure('db_unavailable', 'this gift is handed out only while the venue database answers');
      }
      // The kiosk's ticket is read before the confirm (the code it stands for goes to the outbox).
      const ticketCode = ch === 'kiosk.confirm' ? ctx.runtime.kiosk.ticketCode(ctx.station.id, (input as { ticket: string }).ticket, ctx.clock.now().getTime()) : null;
      const value = await inner(ctx, input);
      // No status: a channel that throws when it refuses (walk-in) — its answer is the fact.
      const status = statusOf(value);
      if (status === undefined || FACT_STATUSES.has(String(status))) {
        const keys = ch === 'kiosk.confirm' ? { code: ticketCode } : await replayKeys(ch, ctx, input, value);
        await appendOutbox(ctx.db as unknown as Kysely<ReplicaDatabase>, {
          nonce: (input as { nonce: string }).nonce,
          channel: ch,
          input,
          at: ctx.clock.now().toISOString(),
          // The screen gets the contract's answer (the router strips the extra keys).
          offlineValue: { ...(value as object), ...keys },
        });
      }
      return value;
    };
  }
  return out as Handlers;
}

/** `offlineValue()`: what the fact being replayed was answered offline. */
export function replayHandlersFor(handlers: Handlers, offlineValue: () => unknown): Handlers {
  const out = { ...handlers } as Record<string, AnyHandler>;
  // A walk-in registered offline keeps the code its badge already shows.
  out['visitors.walkIn'] = async (ctx, input) => {
    const code = (offlineValue() as { visitor?: { code?: unknown } } | null)?.visitor?.code;
    return registerWalkIn(ctx, input as Parameters<typeof registerWalkIn>[1], 'walk_in', typeof code === 'string' ? code : undefined);
  };
  // A kiosk check-in acknowledged offline: the visitor was sent to staff for the badge
  // then (no printer answers offline), so the replay records the check-in and prints
  // nothing — a badge coming out now, unattended, would be anyone's to pick up.
  out['kiosk.confirm'] = async (ctx, input): Promise<ConfirmOutcome> => {
    const code = (offlineValue() as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return { status: 'expired' };
    const outcome = await checkIn(ctx, { code, nonce: (input as { nonce: string }).nonce, method: 'kiosk' });
    switch (outcome.status) {
      case 'checked_in':
        return { status: 'checked_in', visitor: toKioskVisitor(outcome.visitor), print: { status: 'no_printer' } };
      case 'already_checked_in':
        return { status: 'already_checked_in', visitor: toKioskVisitor(outcome.visitor), firstAt: outcome.first.at };
      case 'not_registered_today':
        return { status: 'not_registered_today', visitor: toKioskVisitor(outcome.visitor) };
      default:
        return { status: 'expired' };
    }
  };
  out['kiosk.walkIn'] = async (ctx, input) => {
    const code = (offlineValue() as { code?: unknown } | null)?.code;
    const r = await registerWalkIn(ctx, input as Parameters<typeof registerWalkIn>[1], 'kiosk', typeof code === 'string' ? code : undefined);
    return { visitor: toKioskVisitor(r.visitor), print: { status: 'no_printer' }, ticket: ctx.runtime.kiosk.issueTicket(ctx.station.id, r.visitor.code, ctx.clock.now().getTime()) };
  };
  // An undo of a hand-out made offline: find that hand-out by its nonce.
  const undo = handlers['rally.gift.undo'] as AnyHandler;
  out['rally.gift.undo'] = async (ctx, input) => {
    const req = input as { redemptionId: string };
    const known = await ctx.db.selectFrom('rally_redemptions').select('id').where('id', '=', req.redemptionId).executeTakeFirst();
    const nonce = (offlineValue() as { redemptionNonce?: unknown } | null)?.redemptionNonce;
    if (!known && typeof nonce === 'string') {
      const replayed = await ctx.db.selectFrom('rally_redemptions').select('id').where('nonce', '=', nonce).executeTakeFirst();
      if (replayed) return undo(ctx, { ...req, redemptionId: replayed.id });
    }
    return undo(ctx, input);
  };
  const redeem = handlers['rally.gift.redeem'] as AnyHandler;
  out['rally.gift.redeem'] = async (ctx, input) => {
    const { giftId, nonce } = input as { giftId: string; nonce: string };
    // Already replayed (a crash before the outbox row was marked): the service answers by nonce.
    const done = await ctx.db.selectFrom('rally_redemptions').select('id').where('nonce', '=', nonce).executeTakeFirst();
    if (done) return redeem(ctx, input);
    // The gift's row lock first, as every stock change takes it (gift.service.ts): crediting the
    // pool before it deadlocked against an online desk holding the lock and waiting for the pool.
    await lockGiftForStock(ctx.db, giftId);
    const credited = await GiftLeases.creditOne(ctx.db, ctx.station.id, giftId, ctx.clock);
    const value = await redeem(ctx, input);
    if (credited && statusOf(value) !== 'redeemed') await GiftLeases.uncredit(ctx.db, giftId, credited.period);
    return value;
  };
  return out as Handlers;
}
