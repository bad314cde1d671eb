import type { Kysely } from 'kysely';
import type { EventInfo } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { isoDayIn, type Clock } from '../../core/clock';

/** The fair the samples come from; a venue changes it in the console (event.update). */
export const DEFAULT_EVENT: EventInfo = {
  name: '2022 공공조달박람회',
  nameEn: 'Korea Public Procurement Expo 2022',
  days: ['2022-04-13', '2022-04-14', '2022-04-15'],
  halls: ['3홀', '4홀', '5홀'],
  timezone: 'Asia/Seoul',
};

export async function ensureEvent(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .insertInto('event_config')
    .values({
      id: 'event',
      name: DEFAULT_EVENT.name,
      name_en: DEFAULT_EVENT.nameEn,
      days: JSON.stringify(DEFAULT_EVENT.days),
      halls: JSON.stringify(DEFAULT_EVENT.halls),
      timezone: DEFAULT_EVENT.timezone,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function getEvent(db: Kysely<Database>): Promise<EventInfo> {
  const r = await db.selectFrom('event_config').selectAll().where('id', '=', 'event').executeTakeFirst();
  if (!r) return DEFAULT_EVENT;
  return { name: r.name, nameEn: r.name_en, days: JSON.parse(r.days), halls: JSON.parse(r.halls), timezone: r.timezone };
}

export async function updateEvent(db: Kysely<Database>, ev: Omit<EventInfo, 'timezone'>, now: string): Promise<EventInfo> {
  await db
    .updateTable('event_config')
    .set({ name: ev.name, name_en: ev.nameEn, days: JSON.stringify([...ev.days].sort()), halls: JSON.stringify(ev.halls), updated_at: now })
    .where('id', '=', 'event')
    .execute();
  return getEvent(db);
}

/** The event's time zone is fixed (Asia/Seoul) for a Korean venue; read once per station. */
export const EVENT_TZ = DEFAULT_EVENT.timezone;
export const todayIn = (clock: Clock) => isoDayIn(EVENT_TZ, clock.now());
