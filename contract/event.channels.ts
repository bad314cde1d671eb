/**
 * The fair as data: one event per database (name, venue, days, opening hours, halls,
 * time zone, visitor categories, walk-in validity). Nothing about a particular fair
 * lives in code; a fresh database holds a placeholder the organiser must set.
 */
import { z } from 'zod';
import { channel } from './define';
import { ADMIN_ONLY, ANY_ROLE } from './roles';
import { CATEGORIES, Category, IsoDay, ShortText } from './common.schema';

const Label = ShortText.trim();
/** A KO/EN pair; both sides are required where a screen shows them. */
export const Bilingual = z.object({ ko: Label.min(1), en: Label.min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

/** Hall ids are short slugs: rally points and reports name them (`a`, `hall-3`, `b-east`). */
const HallId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'hall id: a-z 0-9 _ - (up to 32)');
export const Hall = z.object({ id: HallId, ko: Label.min(1), en: Label.min(1) });
export type Hall = z.infer<typeof Hall>;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const OpeningHours = z.object({ open: ClockTime, close: ClockTime });
export type OpeningHours = z.infer<typeof OpeningHours>;

/** Valid only on the days a visitor registered for, or on every day of the fair. */
const CategoryValidity = z.enum(['registered_days', 'every_day']);
type CategoryValidity = z.infer<typeof CategoryValidity>;
export const CategorySetup = z.object({
  id: Category,
  ko: Label.min(1),
  en: Label.min(1),
  /** Badge band colour, #rrggbb. */
  band: z.string().regex(/^#[0-9a-fA-F]{6}$/, '#rrggbb'),
  validity: CategoryValidity,
});
export type CategorySetup = z.infer<typeof CategorySetup>;

/** A walk-in's pass: the day they registered, or that day and every later fair day. */
export const WalkInValidity = z.enum(['today', 'rest_of_fair']);
export type WalkInValidity = z.infer<typeof WalkInValidity>;

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/** More than this is a typing accident, not a fair (every screen lists them all). */
export const MAX_CATEGORIES = 40;

/**
 * The categories a new fair starts from (exhibitor, press, VIP, staff: every day). The
 * organiser adds and removes categories; these are only the starting set.
 */
export const DEFAULT_CATEGORIES: readonly CategorySetup[] = [
  { id: 'visitor', ko: '일반참관객', en: 'Visitor', band: '#1f6feb', validity: 'registered_days' },
  { id: 'public_buyer', ko: '공공기관 구매담당', en: 'Public buyer', band: '#1a7f37', validity: 'registered_days' },
  { id: 'corporate_buyer', ko: '대기업 구매담당', en: 'Corporate buyer', band: '#0a7b83', validity: 'registered_days' },
  { id: 'foreign_buyer', ko: '해외바이어', en: 'Foreign buyer', band: '#8250df', validity: 'registered_days' },
  { id: 'exhibitor', ko: '출품기업', en: 'Exhibitor', band: '#bc4c00', validity: 'every_day' },
  { id: 'press', ko: '프레스', en: 'Press', band: '#6e7781', validity: 'every_day' },
  { id: 'vip', ko: 'VIP', en: 'VIP', band: '#9a6700', validity: 'every_day' },
  { id: 'staff', ko: '운영요원', en: 'Staff', band: '#cf222e', validity: 'every_day' },
];
// The list must name every category exactly once (checked when the module loads).
if (DEFAULT_CATEGORIES.map((c) => c.id).join() !== CATEGORIES.join()) throw new Error('DEFAULT_CATEGORIES out of step with CATEGORIES');

/**
 * What `event.set` takes, the CLI's `--file` holds and `event show` prints. Days are
 * checked by the service (not here) so "empty" and "out of order" get their own
 * KO/EN message instead of a schema error.
 */
export const EventInput = z.object({
  name: Bilingual,
  venue: z.object({ ko: Label, en: Label }).default({ ko: '', en: '' }),
  days: z.array(IsoDay).max(60),
  /** Opening hours per day; a day without an entry has none set. */
  hours: z.record(IsoDay, OpeningHours).default({}),
  timeZone: z.string().min(1).max(64).default(DEFAULT_TIME_ZONE),
  halls: z.array(Hall).max(40).default([]),
  /**
   * Categories given here replace the current ones by id; an id the event does not have
   * yet is added (after the current ones, in the order given); the rest keep theirs.
   */
  categories: z.array(CategorySetup).max(MAX_CATEGORIES).default([]),
  /** Category ids to remove; refused (category_in_use) while a visitor has one. */
  removeCategories: z.array(Category).max(MAX_CATEGORIES).default([]),
  walkInValidity: WalkInValidity.default('today'),
});
export type EventInput = z.input<typeof EventInput>;

/** The stored event: always a label, colour and validity for every category. */
export const EventInfo = z.object({
  name: z.object({ ko: z.string(), en: z.string() }),
  venue: z.object({ ko: z.string(), en: z.string() }),
  days: z.array(IsoDay),
  hours: z.record(IsoDay, OpeningHours),
  timeZone: z.string(),
  halls: z.array(Hall),
  categories: z.array(CategorySetup),
  walkInValidity: WalkInValidity,
  /** false until an organiser has saved the event once (a fresh database holds a placeholder). */
  configured: z.boolean(),
});
export type EventInfo = z.infer<typeof EventInfo>;

/** Why an event cannot be saved (closed list; the renderer and CLI show KO/EN for each). */
export const EventProblem = z.object({
  reason: z.enum(['days_empty', 'days_out_of_order', 'day_invalid', 'unknown_time_zone', 'hall_in_use', 'duplicate_hall', 'hours_outside_days', 'hours_order', 'category_in_use', 'duplicate_category', 'no_categories', 'unknown_category']),
  /** The value at fault (a day, a zone, a hall id) — never personal data. */
  subject: z.string(),
  ko: z.string(),
  en: z.string(),
});
export type EventProblem = z.infer<typeof EventProblem>;

/** "What this change does", shown before saving. */
export const EventPreview = z.object({
  addedDays: z.array(IsoDay),
  removedDays: z.array(IsoDay),
  /** Visitors registered for at least one day that is no longer a fair day. */
  visitorsOutside: z.number().int(),
  /** Programme rows (consultations, sessions) on a day that is no longer a fair day. */
  programmeOutside: z.number().int(),
  removedHalls: z.array(z.string()),
  /** Rally points that stand on a hall this change removes (saving is refused while they do). */
  rallyPointsOnRemovedHalls: z.array(z.object({ id: z.string(), ko: z.string(), en: z.string() })),
  timeZoneChanged: z.boolean(),
  /** Category ids this change adds. */
  addedCategories: z.array(z.string()),
  /** Categories this change removes, with how many visitors hold each (saving is refused while any do). */
  removedCategories: z.array(z.object({ id: z.string(), ko: z.string(), en: z.string(), visitors: z.number().int() })),
  problems: z.array(EventProblem),
});
export type EventPreview = z.infer<typeof EventPreview>;

export type EventEvent = { type: 'event.changed' };

export const eventChannels = {
  'event.get': channel({
    doc: 'The fair: name, venue, days, hours, halls, time zone, categories, walk-in validity.',
    input: z.object({}),
    output: EventInfo,
    roles: ANY_ROLE,
    write: false,
  }),
  'event.preview': channel({
    doc: 'What saving this event would do (visitors/programme outside the days, rally points on removed halls) and why it cannot be saved, if so. Writes nothing.',
    input: EventInput,
    output: EventPreview,
    roles: ADMIN_ONLY,
    write: false,
  }),
  'event.set': channel({
    doc: 'Save the event in one transaction; refused (invalid_event, KO/EN) when a problem stands.',
    input: EventInput,
    output: EventInfo,
    roles: ADMIN_ONLY,
    write: true,
  }),
};
