import { z } from 'zod';
import { ExportFormat } from './reports.channels';
import { channel } from './define';
import { IsoDay, Nonce, ShortText } from './common.schema';

/**
 * What came of a consultation. `both_no_show`: nobody came (the rule that closes a
 * meeting nobody arrived for records that).
 */
const OUTCOME_RESULTS = ['held', 'seller_no_show', 'buyer_no_show', 'both_no_show', 'connection_failed'] as const;
export const OutcomeResult = z.enum(OUTCOME_RESULTS);
export type OutcomeResult = z.infer<typeof OutcomeResult>;

export const INTEREST_LEVELS = ['none', 'some', 'strong'] as const;
export const Interest = z.enum(INTEREST_LEVELS);
export type Interest = z.infer<typeof Interest>;

export const FOLLOW_UPS = ['sample', 'quote', 'site_visit', 'next_meeting'] as const;
export const FollowUp = z.enum(FOLLOW_UPS);
export type FollowUp = z.infer<typeof FollowUp>;

/** An expected deal amount: a plain decimal (no sign, no separators) and an ISO 4217 code. */
const ExpectedAmount = z.object({
  value: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, 'amount: digits, at most two decimals'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency: three capital letters (KRW, USD …)'),
});
type ExpectedAmount = z.infer<typeof ExpectedAmount>;

/** Free text a person types (an edit's reason): bounded, no control characters (NUL …). */
const Reason = ShortText.min(2).regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters');

export const OutcomeInput = z
  .object({
    nonce: Nonce,
    meetingId: ShortText.min(1),
    result: OutcomeResult,
    /** Required when held; ignored otherwise. */
    interest: Interest.nullable().default(null),
    amount: ExpectedAmount.nullable().default(null),
    followUps: z.array(FollowUp).max(FOLLOW_UPS.length).default([]),
    /**
     * Absent: the first record of the meeting. Set: this is an edit of that version
     * (what the screen showed), and `reason` says why.
     */
    editOf: z.number().int().min(1).max(1000).optional(),
    reason: Reason.optional(),
  })
  .strict();
export type OutcomeInput = z.input<typeof OutcomeInput>;

/** The current (latest) version of a meeting's outcome. */
export const Outcome = z.object({
  meetingId: z.string(),
  version: z.number().int(),
  result: OutcomeResult,
  interest: Interest.nullable(),
  amount: ExpectedAmount.nullable(),
  followUps: z.array(FollowUp),
  reason: z.string().nullable(),
  recordedAt: z.string(),
  stationName: z.string().nullable(),
  /** Until when it may still be edited (ISO); past it the outcome is final. */
  editableUntil: z.string(),
});
export type Outcome = z.infer<typeof Outcome>;

export const OutcomeAnswer = z.discriminatedUnion('status', [
  /** Written (or the same nonce again: the first answer). */
  z.object({ status: z.literal('recorded'), outcome: Outcome }),
  /** The meeting is still to come or running: its outcome cannot be known yet. */
  z.object({ status: z.literal('not_ended'), endsAt: z.string() }),
  /** Another tablet recorded it first: shown here; change it as an edit, with a reason. */
  z.object({ status: z.literal('already_recorded'), current: Outcome }),
  /** The edit was based on an older version (someone edited meanwhile): see the current one. */
  z.object({ status: z.literal('stale'), current: Outcome }),
  /** An edit needs its reason. */
  z.object({ status: z.literal('reason_required') }),
  /** Held needs the interest (a no-show's interest, amount and follow-ups are dropped, not refused). */
  z.object({ status: z.literal('incomplete'), missing: z.enum(['interest']) }),
  /** Past the edit window: the outcome is final. */
  z.object({ status: z.literal('edit_window_closed'), current: Outcome }),
]);
export type OutcomeAnswer = z.infer<typeof OutcomeAnswer>;

/** How results are grouped: by the SME, by the buyer (구매기관, the buying institution), by the buyer's country. */
export const RESULT_GROUPS = ['seller', 'buyer', 'country'] as const;
export const ResultGroup = z.enum(RESULT_GROUPS);
export type ResultGroup = z.infer<typeof ResultGroup>;

/** Counts for one SME, buyer or country (or the whole day: `key` ''). */
export const ResultRow = z.object({
  key: z.string(),
  meetings: z.number().int(),
  held: z.number().int(),
  sellerNoShow: z.number().int(),
  buyerNoShow: z.number().int(),
  bothNoShow: z.number().int(),
  connectionFailed: z.number().int(),
  /** Meetings over with no outcome recorded yet (and no no-show on the floor). */
  unrecorded: z.number().int(),
  /** Meetings not over yet (meetings = the results + unrecorded + upcoming; cancelled ones are not counted). */
  upcoming: z.number().int(),
  interest: z.object({ none: z.number().int(), some: z.number().int(), strong: z.number().int() }),
  followUps: z.object({ sample: z.number().int(), quote: z.number().int(), site_visit: z.number().int(), next_meeting: z.number().int() }),
  /** Expected amounts summed per currency, as decimal strings ("USD" → "150000"). */
  amounts: z.record(z.string(), z.string()),
});
export type ResultRow = z.infer<typeof ResultRow>;

export const ResultsReport = z.object({
  /** null: every day of the fair. */
  day: IsoDay.nullable(),
  by: ResultGroup,
  total: ResultRow,
  rows: z.array(ResultRow),
});
export type ResultsReport = z.infer<typeof ResultsReport>;

/** A meeting that is over and waits for its outcome (the floor console's list). */
export const PendingOutcome = z.object({
  meetingId: z.string(),
  table: z.string(),
  start: z.string(),
  seller: z.string(),
  buyer: z.string(),
  country: z.string().nullable(),
  online: z.boolean(),
  /** The floor recorded a no-show: the side it points to, to confirm with one tap. */
  suggested: OutcomeResult.nullable(),
});
export type PendingOutcome = z.infer<typeof PendingOutcome>;

/** A meeting of today with its recorded outcome (the floor console's edit list). */
export const RecordedOutcome = PendingOutcome.omit({ suggested: true }).extend({ current: Outcome });
export type RecordedOutcome = z.infer<typeof RecordedOutcome>;

export const consultationsChannels = {
  'consultations.outcome.record': channel({
    doc: "Record a finished meeting's outcome (held / no-show / connection failed, interest, amount, follow-ups), or edit it with a reason within the edit window. Append-only.",
    input: OutcomeInput,
    output: OutcomeAnswer,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'consultations.outcome.get': channel({
    doc: "A meeting's current outcome and its version history (oldest first); null when none is recorded.",
    input: z.object({ meetingId: ShortText.min(1) }),
    output: z.object({ current: Outcome.nullable(), history: z.array(Outcome) }),
    roles: ['admin', 'floor'],
    write: false,
  }),
  'consultations.pending': channel({
    doc: "Today's meetings that are over without a recorded outcome, latest first (at most 200).",
    input: z.object({}),
    output: z.array(PendingOutcome),
    roles: ['admin', 'floor'],
    write: false,
  }),
  'consultations.results': channel({
    doc: 'Results per SME, per buyer or per country: meetings, held, no-shows, connection failures, interest, follow-ups, expected amounts.',
    input: z.object({ by: ResultGroup, day: IsoDay.nullable().default(null) }),
    output: ResultsReport,
    roles: ['admin', 'floor'],
    write: false,
  }),
  'consultations.export': channel({
    doc: 'Every consultation with its outcome, plus per-SME and per-buyer sheets (XLSX) — as a file (base64).',
    input: z.object({ format: ExportFormat, day: IsoDay.nullable().default(null) }),
    output: z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string(), rows: z.number().int() }),
    roles: ['admin', 'floor'],
    write: false,
  }),
  'consultations.recorded': channel({
    doc: "Today's meetings with a recorded outcome and its current version (to edit within the window), latest recorded first (at most 200).",
    input: z.object({}),
    output: z.array(RecordedOutcome),
    roles: ['admin', 'floor'],
    write: false,
  }),
};

export type ConsultationsEvent = { type: 'consultations.outcome'; meetingId: string; version: number };
