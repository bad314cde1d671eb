import type { CheckinOutcome } from '../../../contract/index';
import type { HandlerCtx, Handlers } from '../../core/router';
import { autoPrintAfterCheckin } from '../printing/printing.api';
import { itineraryAtCheckin } from '../itinerary/itinerary.service';
import { todayIn } from '../system/event.service';
import { checkIn } from './checkin.service';
import { readCounters } from './counters.service';

export const checkinHandlers = {
  'checkin.scan': async (ctx, input) => withBadge(ctx, input.nonce, await checkIn(ctx, { code: input.code, nonce: input.nonce, method: input.method })),
  'checkin.override': async (ctx, input) => withBadge(ctx, input.nonce, await checkIn(ctx, { code: input.code, nonce: input.nonce, method: 'scan', reason: input.reason })),
  'checkin.counters': async (ctx) => readCounters(ctx.db, ctx.runtime.registeredCount, await todayIn(ctx), ctx.clock.now().getTime()),
} satisfies Partial<Handlers>;

/** A fresh check-in queues its badge when the station prints on check-in (never fails the check-in), unless the no-consent policy withholds it. */
async function withBadge(ctx: HandlerCtx, nonce: string, outcome: CheckinOutcome): Promise<CheckinOutcome> {
  if (outcome.status !== 'checked_in') return outcome;
  if (!outcome.badgeWithheld) await autoPrintAfterCheckin(ctx, outcome.visitor.code, nonce);
  // An SME or buyer: their schedule on the card, and its slip after the badge (none when the badge is withheld).
  return { ...outcome, ...(await itineraryAtCheckin(ctx, outcome.visitor.code, nonce, !outcome.badgeWithheld)) };
}
