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
import { AppFailure, type Channel } from '../../../contract/index';
import type { HandlerCtx, Handlers } from '../../core/router';
import { appendOutbox } from './outbox.service';
import { registerWalkIn } from '../visitors/walk-in.service';
import { GiftLeases } from './gift-lease.service';
import type { ReplicaDatabase } from './replica.service';

type AnyHandler = (ctx: HandlerCtx, input: unknown) => Promise<unknown>;
const statusOf = (v: unknown) => (v as { status?: unknown } | null)?.status;

/** Outcomes that record a fact (every other status of these channels changes nothing). */
const FACT_STATUSES = new Set(['checked_in', 'stamped', 'redeemed', 'passed', 'failed', 'arrived', 'admitted', 'left']);

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
      const value = await inner(ctx, input);
      // No status: a channel that throws when it refuses (walk-in) — its answer is the fact.
      const status = statusOf(value);
      if (status === undefined || FACT_STATUSES.has(String(status))) {
        await appendOutbox(ctx.db as unknown as Kysely<ReplicaDatabase>, {
          nonce: (input as { nonce: string }).nonce,
          channel: ch,
          input,
          at: ctx.clock.now().toISOString(),
          offlineValue: value,
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
  const redeem = handlers['rally.gift.redeem'] as AnyHandler;
  out['rally.gift.redeem'] = async (ctx, input) => {
    const { giftId, nonce } = input as { giftId: string; nonce: string };
    // Already replayed (a crash before the outbox row was marked): the service answers by nonce.
    const done = await ctx.db.selectFrom('rally_redemptions').select('id').where('nonce', '=', nonce).executeTakeFirst();
    if (done) return redeem(ctx, input);
    const credited = await GiftLeases.creditOne(ctx.db, ctx.station.id, giftId, ctx.clock);
    const value = await redeem(ctx, input);
    if (credited && statusOf(value) !== 'redeemed') await GiftLeases.uncredit(ctx.db, giftId, credited.period);
    return value;
  };
  return out as Handlers;
}
