/**
 * Stamp rally, quiz station and gift desk.
 *
 * Staff scan a visitor's badge at a hall's stamp station (visitors never scan a
 * poster: that is how rallies get cheated); the quiz grants its stamp on the server
 * after grading; gift desks redeem gifts whose rule the visitor's stamps satisfy.
 * Stamps, redemptions and undos are append-only facts with client nonces; "one stamp
 * per point", "one gift per visitor (per period)" and "the last unit goes to exactly
 * one visitor" are settled by the database (unique keys, a guarded stock decrement).
 */
import { z } from 'zod';
import { channel } from './define';
import { ADMIN_ONLY, STAFF } from './roles';
import { IsoDay, IsoTime, Nonce, ScanCode, ShortText, VisitorSummary } from './common.schema';

/** Point ids are short slugs (hall-a, quiz, booth-kepco): they appear in rules and reports. */
const PointId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'point id: lower-case letters, digits, - and _');
const GiftId = PointId;

export const PointKind = z.enum(['hall', 'quiz', 'booth']);
export type PointKind = z.infer<typeof PointKind>;

export const RallyPoint = z.object({
  id: PointId,
  labelKo: ShortText.min(1),
  labelEn: ShortText.min(1),
  kind: PointKind,
  /** A closed point refuses new stamps (the hall is shut, the booth packed up). */
  open: z.boolean(),
  sort: z.number().int(),
});
export type RallyPoint = z.infer<typeof RallyPoint>;

/**
 * A gift's rule over stamps, as data: every id in `all`, and for each `anyOf` entry at
 * least `n` of its ids. `{ all: ['a','b','c'] }` = all three halls;
 * `{ all: ['quiz'], anyOf: [{ n: 2, of: ['a','b','c'] }] }` = any two halls + quiz.
 * A rule with no condition is met by every visitor, so setup saves one only when it says
 * so (`everyone: true`): an emptied rule is a mistake, never a gift for all.
 */
export const GiftRule = z
  .object({
    all: z.array(PointId).max(20).default([]),
    anyOf: z
      .array(z.object({ n: z.number().int().min(1).max(20), of: z.array(PointId).min(1).max(20) }))
      .max(5)
      .default([]),
    /** Deliberately no condition: every visitor qualifies. */
    everyone: z.literal(true).optional(),
  })
  .refine((r) => r.anyOf.every((a) => a.n <= a.of.length), { message: 'anyOf.n is larger than its list' });
export type GiftRule = z.infer<typeof GiftRule>;

/** What a rule still lacks: missing `all` ids, and per `anyOf` how many more of which. */
export const RuleShortfall = z.object({
  all: z.array(z.string()),
  anyOf: z.array(z.object({ need: z.number().int(), of: z.array(z.string()) })),
});
export type RuleShortfall = z.infer<typeof RuleShortfall>;

export const RallyGift = z.object({
  id: GiftId,
  labelKo: ShortText.min(1),
  labelEn: ShortText.min(1),
  rule: GiftRule,
  /** Units per event day ('day') or for the whole event ('event'). */
  stock: z.number().int().min(0).max(1_000_000),
  stockScope: z.enum(['day', 'event']),
  /** A visitor gets this gift once per event, or once per day. */
  perVisitor: z.enum(['event', 'day']),
  active: z.boolean(),
  sort: z.number().int(),
});
export type RallyGift = z.infer<typeof RallyGift>;

/**
 * A gift as a desk sees it: with today's remaining units, and whether that is low (at or
 * under the settings' lowStockAt — decided on the server, the same test as the console's
 * rally.stock.low warning).
 */
export const GiftWithStock = RallyGift.extend({ remaining: z.number().int(), low: z.boolean() });
export type GiftWithStock = z.infer<typeof GiftWithStock>;

const Bilingual = z.object({ ko: ShortText.min(1), en: ShortText.min(1) });
export const QuizQuestion = z.object({
  id: z.string().min(1).max(40),
  text: Bilingual,
  choices: z.array(Bilingual).min(2).max(6),
  /** Index into choices. Never sent to a quiz screen: grading happens on the station. */
  answer: z.number().int().min(0),
});
export type QuizQuestion = z.infer<typeof QuizQuestion>;
const QuizQuestionPublic = QuizQuestion.omit({ answer: true });
type QuizQuestionPublic = z.infer<typeof QuizQuestionPublic>;

export const RallySettings = z.object({
  /** A badge that was never checked in: stamp it anyway, or send the visitor to a desk. */
  notCheckedIn: z.enum(['allow', 'send_to_desk']),
  /** Correct answers needed to pass the quiz. */
  quizPass: z.number().int().min(1).max(20),
  /** Minutes during which a desk may undo a redemption. */
  undoMinutes: z.number().int().min(1).max(120),
  /** Warn the console when a gift's remaining units fall to this or below. */
  lowStockAt: z.number().int().min(0).max(100_000),
  /**
   * Graded quiz submissions a visitor may make per event day, counted across every quiz
   * station (after that, staff can still grant the stamp by scan).
   */
  quizAttemptsPerDay: z.number().int().min(1).max(20).default(3),
});
export type RallySettings = z.infer<typeof RallySettings>;

export const StampInfo = z.object({ at: IsoTime, stationName: z.string(), method: z.enum(['scan', 'quiz']) });
export type StampInfo = z.infer<typeof StampInfo>;

/** A visitor's rally card: every point, stamped or not. */
export const RallyProgress = z.object({
  points: z.array(z.object({ id: z.string(), labelKo: z.string(), labelEn: z.string(), kind: PointKind, stamp: StampInfo.nullable() })),
  hallsDone: z.number().int(),
  hallsTotal: z.number().int(),
  quizDone: z.boolean(),
  /** Gifts whose rule the stamps satisfy (not counting stock or earlier redemptions). */
  qualifiesFor: z.array(z.string()),
});
export type RallyProgress = z.infer<typeof RallyProgress>;

const Who = { visitor: VisitorSummary, progress: RallyProgress };

/** Outcomes of a badge scan where a visitor must be known and admitted first. */
const badgeRefusals = [
  z.object({ status: z.literal('unknown_code'), code: z.string() }),
  z.object({ status: z.literal('not_checked_in'), visitor: VisitorSummary }),
] as const;

export const StampOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('stamped'), pointId: z.string(), stamp: StampInfo, ...Who }),
  z.object({ status: z.literal('already_stamped'), pointId: z.string(), first: StampInfo, ...Who }),
  ...badgeRefusals,
  /** The station has no point yet (staff choose one on the stamp screen). */
  z.object({ status: z.literal('no_point') }),
  z.object({ status: z.literal('point_closed'), pointId: z.string() }),
]);
export type StampOutcome = z.infer<typeof StampOutcome>;


/** Today's quiz attempts are used up: the visitor is sent to staff (who can grant the stamp by scan). */
const NoAttemptsLeft = z.object({ status: z.literal('no_attempts_left'), limit: z.number().int() });

export const QuizOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('passed'), correct: z.number().int(), total: z.number().int(), need: z.number().int(), stamp: StampOutcome }),
  /** attemptsLeft: graded submissions the visitor may still make today. */
  z.object({ status: z.literal('failed'), correct: z.number().int(), total: z.number().int(), need: z.number().int(), attemptsLeft: z.number().int() }),
  NoAttemptsLeft,
  /** This station's point is not the quiz. */
  z.object({ status: z.literal('not_quiz_station') }),
  ...badgeRefusals,
]);
export type QuizOutcome = z.infer<typeof QuizOutcome>;

/** Before the first question: may this badge take the quiz now? */
export const QuizStartOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready'), visitor: VisitorSummary, attemptsLeft: z.number().int(), limit: z.number().int() }),
  z.object({ status: z.literal('quiz_done'), ...Who }),
  NoAttemptsLeft.extend({ visitor: VisitorSummary }),
  z.object({ status: z.literal('not_quiz_station') }),
  ...badgeRefusals,
]);
export type QuizStartOutcome = z.infer<typeof QuizStartOutcome>;

export const RedemptionInfo = z.object({ id: z.string(), giftId: z.string(), at: IsoTime, day: IsoDay, stationName: z.string() });
export type RedemptionInfo = z.infer<typeof RedemptionInfo>;

/** Why a gift can or cannot be handed to this visitor now. */
export const GiftStatus = z.discriminatedUnion('status', [
  z.object({ status: z.literal('eligible') }),
  z.object({ status: z.literal('missing'), shortfall: RuleShortfall }),
  z.object({ status: z.literal('already_redeemed'), redemption: RedemptionInfo }),
  z.object({ status: z.literal('out_of_stock') }),
]);
export type GiftStatus = z.infer<typeof GiftStatus>;

export const GiftCheck = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), ...Who, gifts: z.array(z.object({ gift: GiftWithStock, check: GiftStatus })) }),
  ...badgeRefusals,
]);
export type GiftCheck = z.infer<typeof GiftCheck>;

/**
 * A visitor's own view at a kiosk or stamp station: the stamp card and each gift's
 * status — the same answer the gift desk gets (remaining stock, received when and where).
 */
export const ProgressOutcome = GiftCheck;
export type ProgressOutcome = GiftCheck;

export const RedeemOutcome = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('redeemed'),
    redemption: RedemptionInfo,
    remaining: z.number().int(),
    /**
     * The receipt on this desk's printer: none (no printer, or it could not be queued — the
     * gift is handed out all the same), queued, or queued while the printer is off (it
     * prints when the printer is back). Absent on a repeated request.
     */
    receipt: z.enum(['none', 'queued', 'printer_offline']).optional(),
  }),
  z.object({ status: z.literal('already_redeemed'), redemption: RedemptionInfo }),
  z.object({ status: z.literal('missing'), shortfall: RuleShortfall }),
  z.object({ status: z.literal('out_of_stock') }),
  z.object({ status: z.literal('unknown_gift'), giftId: z.string() }),
  ...badgeRefusals,
]);
export type RedeemOutcome = z.infer<typeof RedeemOutcome>;

export const UndoOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('undone'), redemption: RedemptionInfo, remaining: z.number().int() }),
  z.object({ status: z.literal('already_undone'), at: IsoTime }),
  z.object({ status: z.literal('too_late'), minutes: z.number().int() }),
  z.object({ status: z.literal('not_found') }),
]);
export type UndoOutcome = z.infer<typeof UndoOutcome>;

export const RallyConfig = z.object({
  points: z.array(RallyPoint),
  gifts: z.array(GiftWithStock),
  quiz: z.array(QuizQuestionPublic),
  settings: RallySettings,
  /** The calling station's point, if it has one. */
  stationPoint: z.string().nullable(),
  /** Every stamp station's point (the admin screen assigns them). */
  assignments: z.array(z.object({ stationId: z.string(), pointId: z.string() })),
  today: IsoDay,
});
export type RallyConfig = z.infer<typeof RallyConfig>;

export const RallySetup = z.object({
  points: z.array(RallyPoint).max(50),
  gifts: z.array(RallyGift).max(50),
  quiz: z.array(QuizQuestion).max(20),
  settings: RallySettings,
});
export type RallySetup = z.infer<typeof RallySetup>;

export const RallyReport = z.object({
  stampsByPointHour: z.array(z.object({ pointId: z.string(), hour: z.string(), n: z.number().int() })),
  redemptionsByGiftDay: z.array(z.object({ giftId: z.string(), day: IsoDay, n: z.number().int() })),
  stock: z.array(z.object({ giftId: z.string(), period: z.string(), stock: z.number().int(), redeemed: z.number().int(), remaining: z.number().int() })),
});
export type RallyReport = z.infer<typeof RallyReport>;

const BADGE_ROLES = ['admin', 'stamp', 'gift'] as const;

export const rallyChannels = {
  'rally.config': channel({
    doc: 'Points, gifts with remaining stock today, quiz questions (without answers), settings, this station’s point. Seeds the sample setup on first use.',
    input: z.object({}),
    output: RallyConfig,
    roles: STAFF,
    write: false,
  }),
  'rally.setup.get': channel({
    doc: 'The full rally setup, quiz answers included, for the admin screen.',
    input: z.object({}),
    output: RallySetup,
    roles: ADMIN_ONLY,
    write: false,
  }),
  'rally.setup.save': channel({
    doc: 'Save points, gifts (a stock change moves remaining units by the difference), quiz questions and settings.',
    input: RallySetup,
    output: RallyConfig,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'rally.station.assign': channel({
    doc: 'Assign a stamp station its point (a stamp station may assign itself; admin any station).',
    input: z.object({ pointId: PointId, stationId: z.string().max(64).optional() }),
    output: z.object({ stationId: z.string(), pointId: z.string() }),
    roles: ['admin', 'stamp'],
    write: true,
  }),
  'rally.stamp.scan': channel({
    doc: 'Staff scan a badge: add this station’s point stamp once; answer with the visitor’s progress. Idempotent per nonce.',
    input: z.object({ code: ScanCode, nonce: Nonce }),
    output: StampOutcome,
    roles: ['admin', 'stamp'],
    write: true,
  }),
  'rally.progress': channel({
    doc: 'A visitor’s stamps and which gifts they can collect, by badge code (also for a kiosk: visitors look up their own progress).',
    input: z.object({ code: ScanCode }),
    output: ProgressOutcome,
    roles: [...BADGE_ROLES, 'kiosk'],
    write: false,
  }),
  'rally.quiz.start': channel({
    doc: 'At the quiz station, after the badge scan: ready (with attempts left today), quiz already done, or no attempts left today.',
    input: z.object({ code: ScanCode }),
    output: QuizStartOutcome,
    roles: ['admin', 'stamp'],
    write: false,
  }),
  'rally.quiz.submit': channel({
    doc: 'Grade a visitor’s quiz answers at the quiz station (one of today’s limited attempts, idempotent per nonce); passing grants the quiz stamp.',
    input: z.object({ code: ScanCode, nonce: Nonce, answers: z.array(z.number().int().min(0).max(9)).max(20) }),
    output: QuizOutcome,
    roles: ['admin', 'stamp'],
    write: true,
  }),
  'rally.gift.check': channel({
    doc: 'What this visitor may receive: each gift with eligible / missing stamps / already redeemed / out of stock.',
    input: z.object({ code: ScanCode }),
    output: GiftCheck,
    roles: ['admin', 'gift'],
    write: false,
  }),
  'rally.gift.redeem': channel({
    doc: 'Hand out one gift: exactly once per visitor (per period), never beyond stock; a receipt on this desk’s printer if it has one. Idempotent per nonce.',
    input: z.object({ code: ScanCode, giftId: GiftId, nonce: Nonce }),
    output: RedeemOutcome,
    roles: ['admin', 'gift'],
    write: true,
  }),
  'rally.gift.undo': channel({
    doc: 'Reverse a redemption within the undo window, with a reason (an appended reversal; stock comes back).',
    input: z.object({ redemptionId: z.string().max(64), reason: ShortText.trim().min(2), nonce: Nonce }),
    output: UndoOutcome,
    roles: ['admin', 'gift'],
    write: true,
  }),
  'rally.report': channel({
    doc: 'Stamps per point per hour, redemptions per gift per day, stock.',
    input: z.object({}),
    output: RallyReport,
    roles: ['admin', 'gift', 'floor'],
    write: false,
  }),
  'rally.report.csv': channel({
    doc: 'One report table as CSV text (UTF-8 with BOM, so Korean Excel opens it).',
    input: z.object({ table: z.enum(['stamps', 'redemptions', 'stock']) }),
    output: z.object({ fileName: z.string(), csv: z.string() }),
    roles: ['admin', 'gift', 'floor'],
    write: false,
  }),
};

export type RallyEvent =
  | { type: 'rally.stamped'; pointId: string; at: string }
  | { type: 'rally.redeemed'; giftId: string; remaining: number }
  | { type: 'rally.undone'; giftId: string; remaining: number }
  | { type: 'rally.stock.low'; giftId: string; labelKo: string; labelEn: string; remaining: number }
  | { type: 'rally.config.changed' };
