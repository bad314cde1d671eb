import { z } from 'zod';
import { channel } from './define';
import { Itinerary } from './itinerary.channels';
import { CheckinInfo, Counters, IsoDay, Nonce, ScanCode, ShortText, VisitorSummary } from './common.schema';

/**
 * The closed set of check-in outcomes (pretix CheckResult.Type). Each carries what the
 * desk needs to say it out loud: when and where the first check-in happened, which days
 * the visitor registered for.
 */
export const CheckinOutcome = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('checked_in'),
    visitor: VisitorSummary,
    checkin: CheckinInfo,
    counters: Counters,
    /** The no-consent policy is admit_no_print: checked in, but no badge was queued automatically. */
    badgeWithheld: z.literal(true).optional(),
    /** An SME or buyer with meetings today: their schedule, for the card. */
    itinerary: Itinerary.optional(),
    /** The schedule slip queued after the badge (this check-in's one slip). */
    itinerarySlipJobId: z.string().optional(),
  }),
  z.object({ status: z.literal('already_checked_in'), visitor: VisitorSummary, first: CheckinInfo }),
  z.object({ status: z.literal('not_registered_today'), visitor: VisitorSummary, today: IsoDay }),
  z.object({ status: z.literal('unknown_code'), code: z.string() }),
  /** No consent (개인정보동의 = N) and the policy is refuse: not checked in; an override with a reason admits. */
  z.object({ status: z.literal('no_consent'), visitor: VisitorSummary }),
]);
export type CheckinOutcome = z.infer<typeof CheckinOutcome>;
export const checkinChannels = {
  'checkin.scan': channel({
    doc: 'Check a visitor in by scanned/typed code or a picked search result. Idempotent per nonce.',
    input: z.object({ code: ScanCode, nonce: Nonce, method: z.enum(['scan', 'search']).default('scan') }),
    output: CheckinOutcome,
    roles: ['admin', 'desk'],
    write: true,
  }),
  'checkin.override': channel({
    doc: 'Check in a visitor who is not registered for today, with a reason (audited).',
    input: z.object({ code: ScanCode, nonce: Nonce, reason: ShortText.trim().min(2) }),
    output: CheckinOutcome,
    roles: ['admin', 'desk'],
    write: true,
  }),
  'checkin.counters': channel({
    doc: 'Checked in today / registered for today.',
    input: z.object({}),
    output: Counters,
    roles: ['admin', 'desk', 'kiosk', 'floor', 'board'],
    write: false,
  }),
};
