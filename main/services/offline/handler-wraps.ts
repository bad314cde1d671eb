/**
 * The one place where offline behaviour meets the services, as wrappers around the
 * ordinary handlers (no service knows it may run on a replica):
 * - offline: the handler runs on the replica; if it wrote anything, the fact goes to the
 *   outbox in the same SQLite transaction (a double click answered from the replica
 *   wrote nothing and is not queued twice);
 * - replay: the handler runs on the venue database "as of" the fact's time (the replay
 *   router's clock); a gift redemption first takes its unit back from the desk's lease.
 */
import { sql, type Kysely } from 'kysely';
import { AppFailure, type Channel } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx, Handlers } from '../../core/router';
import { appendOutbox } from './outbox.service';
import { GiftLeases } from './gift-lease.service';
import type { ReplicaDatabase } from './replica.service';

type AnyHandler = (ctx: HandlerCtx, input: unknown) => Promise<unknown>;
const statusOf = (v: unknown) => (v as { status?: unknown } | null)?.status;

async function changesSoFar(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
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
      const before = await changesSoFar(ctx.db);
      const value = await inner(ctx, input);
      if ((await changesSoFar(ctx.db)) > before) {
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

export function replayHandlersFor(handlers: Handlers): Handlers {
  const out = { ...handlers } as Record<string, AnyHandler>;
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
