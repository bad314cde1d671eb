import { z } from 'zod';

/**
 * The visitor categories (구분) a fresh event starts with. The set itself is the
 * organiser's (event setup adds and removes categories); code never assumes a
 * visitor's category is one of these — it reads the event's list.
 */
export const CATEGORIES = [
  'visitor',
  'public_buyer',
  'corporate_buyer',
  'foreign_buyer',
  'exhibitor',
  'press',
  'vip',
  'staff',
] as const;
/** A category id: a short slug the organiser chooses (`visitor`, `buyer_delegation`). */
export const CATEGORY_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const Category = z.string().regex(CATEGORY_ID, 'category id: a-z 0-9 _ - (up to 32)');
export type Category = z.infer<typeof Category>;

/** Every free-text input is bounded so a 10,000-character paste is rejected, not stored. */
export const ShortText = z.string().max(200);
export const Nonce = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'nonce must be url-safe');
/** A scanned or typed registration code. Validated loosely here; the service decides if it exists. */
export const ScanCode = z.string().min(1).max(200);
/** ISO calendar day in the event's time zone, e.g. 2026-05-20. */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const IsoTime = z.string();

/**
 * What a screen may show about a visitor. Phone and e-mail only ever leave the core
 * masked, so no screen — desk or kiosk — can leak them.
 */
export const VisitorSummary = z.object({
  code: z.string(),
  nameKo: z.string(),
  nameEn: z.string().nullable(),
  organisation: z.string().nullable(),
  title: z.string().nullable(),
  category: Category,
  phoneMasked: z.string().nullable(),
  emailMasked: z.string().nullable(),
  country: z.string().nullable(),
  registeredDays: z.array(IsoDay),
  walkIn: z.boolean(),
  /**
   * Present (true) only for a visitor imported with 개인정보동의 = N: the desk shows it
   * plainly. Staff screens only — a kiosk gets KioskVisitor, which never carries it.
   */
  noConsent: z.literal(true).optional(),
});
export type VisitorSummary = z.infer<typeof VisitorSummary>;

export const CheckinInfo = z.object({
  at: IsoTime,
  day: IsoDay,
  stationName: z.string(),
  method: z.enum(['scan', 'search', 'walk_in', 'kiosk', 'override']),
});
export type CheckinInfo = z.infer<typeof CheckinInfo>;

export const Counters = z.object({ day: IsoDay, checkedIn: z.number().int(), registered: z.number().int() });
export type Counters = z.infer<typeof Counters>;

export const Empty = z.object({}).strict();
