/**
 * The one owner of `event_config`: reads and writes the fair (name, venue, days,
 * hours, halls, time zone, categories, walk-in validity). What a change may do and
 * whether it is allowed is decided in services/setup/event-setup.service.ts.
 */
import type { Kysely } from 'kysely';
import {
  DEFAULT_CATEGORIES,
  DEFAULT_TIME_ZONE,
  type CategorySetup,
  type EventInfo,
  type Hall,
  type OpeningHours,
  type WalkInValidity,
} from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { isoDayIn, type Clock } from '../../core/clock';

/**
 * A brand-new database holds this placeholder: no days, no halls, a name that asks to
 * be set. With no days the import accepts any day and the console says "not an event
 * day" until the organiser sets the fair (screen 행사 설정 or `cli event set`).
 */
export const PLACEHOLDER_EVENT: EventInfo = {
  name: { ko: '행사 설정 필요', en: 'Event not set up' },
  venue: { ko: '', en: '' },
  days: [],
  hours: {},
  timeZone: DEFAULT_TIME_ZONE,
  halls: [],
  categories: [...DEFAULT_CATEGORIES],
  walkInValidity: 'today',
  configured: false,
};

interface StoredSetup {
  venue?: { ko: string; en: string };
  hours?: Record<string, OpeningHours>;
  categories?: CategorySetup[];
  walkInValidity?: WalkInValidity;
  configured?: boolean;
}

/**
 * The event's categories after a change: given ones replace the current ones by id,
 * ids the event does not have yet are added after them (in the order given), removed
 * ids go. Whether the removal is allowed is the setup service's question.
 */
export function applyCategories(current: readonly CategorySetup[], given: readonly CategorySetup[], remove: readonly string[] = []): CategorySetup[] {
  const byId = new Map(given.map((c) => [c.id, c]));
  const gone = new Set(remove);
  const have = new Set(current.map((c) => c.id));
  const kept = current.filter((c) => !gone.has(c.id)).map((c) => byId.get(c.id) ?? c);
  const added = [...byId.values()].filter((c) => !have.has(c.id) && !gone.has(c.id));
  return [...kept, ...added];
}

/** The stored list as saved (the organiser's set); a database never saved holds the defaults. */
function storedCategories(stored: CategorySetup[] | undefined): CategorySetup[] {
  const list = Array.isArray(stored) ? stored.filter((c) => c && typeof c === 'object' && typeof c.id === 'string') : [];
  return list.length ? list : [...DEFAULT_CATEGORIES];
}

export async function ensureEvent(db: Kysely<Database>, now: string): Promise<void> {
  const p = PLACEHOLDER_EVENT;
  await db
    .insertInto('event_config')
    .values({
      id: 'event',
      name: p.name.ko,
      name_en: p.name.en,
      days: JSON.stringify(p.days),
      halls: JSON.stringify(p.halls),
      timezone: p.timeZone,
      setup: JSON.stringify({ configured: false } satisfies StoredSetup),
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function getEvent(db: Kysely<Database>): Promise<EventInfo> {
  const r = await db.selectFrom('event_config').selectAll().where('id', '=', 'event').executeTakeFirst();
  if (!r) return PLACEHOLDER_EVENT;
  const setup = parseJson<StoredSetup>(r.setup, {});
  return {
    name: { ko: r.name, en: r.name_en },
    venue: setup.venue ?? { ko: '', en: '' },
    days: parseJson<string[]>(r.days, []),
    hours: setup.hours ?? {},
    timeZone: r.timezone || DEFAULT_TIME_ZONE,
    halls: parseJson<Hall[]>(r.halls, []).filter((h) => h && typeof h === 'object'),
    categories: storedCategories(setup.categories),
    walkInValidity: setup.walkInValidity ?? 'today',
    configured: setup.configured ?? true,
  };
}

/** Writes the whole event (the caller validated it and owns the transaction). */
export async function writeEvent(db: Kysely<Database>, ev: Omit<EventInfo, 'configured'>, now: string): Promise<void> {
  const setup: StoredSetup = { venue: ev.venue, hours: ev.hours, categories: ev.categories, walkInValidity: ev.walkInValidity, configured: true };
  const values = {
    name: ev.name.ko,
    name_en: ev.name.en,
    days: JSON.stringify(ev.days),
    halls: JSON.stringify(ev.halls),
    timezone: ev.timeZone,
    setup: JSON.stringify(setup),
    updated_at: now,
  };
  await db
    .insertInto('event_config')
    .values({ id: 'event', ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

function parseJson<T>(s: string | null | undefined, fallback: T): T {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** The event's time zone, read from the database each time (another station may change it). */
export async function eventTimeZone(db: Kysely<Database>): Promise<string> {
  const r = await db.selectFrom('event_config').select('timezone').where('id', '=', 'event').executeTakeFirst();
  return r?.timezone || DEFAULT_TIME_ZONE;
}

/**
 * The zone each station last read, so a check-in costs no extra round trip (desks race
 * for pooled connections on a venue database). Forgotten on `event.changed` — which
 * reaches every station through the venue link — and when the link comes back.
 */
const zoneByStation = new WeakMap<object, string>();
export function forgetEventZone(runtime: object): void {
  zoneByStation.delete(runtime);
}

/** Today's date in the event's time zone. */
export async function todayIn(ctx: { db: Kysely<Database>; clock: Clock; runtime?: object }): Promise<string> {
  let zone = ctx.runtime ? zoneByStation.get(ctx.runtime) : undefined;
  if (!zone) {
    zone = await eventTimeZone(ctx.db);
    if (ctx.runtime) zoneByStation.set(ctx.runtime, zone);
  }
  return isoDayIn(zone, ctx.clock.now());
}
