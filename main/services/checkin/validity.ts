/**
 * The one answer to "may this visitor come in today?" — desk, kiosk and every other
 * check-in path ask it here. Registered for today: yes. Otherwise, on a fair day, a
 * category valid every day (exhibitor, staff, press, VIP by default) is in, and so is
 * a walk-in from an earlier day when walk-ins are valid for the rest of the fair.
 */
import type { Kysely } from 'kysely';
import type { EventInfo, VisitorSummary } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { getEvent } from '../system/event.service';

type Pass = Pick<VisitorSummary, 'category' | 'registeredDays' | 'walkIn'>;
type Rules = Pick<EventInfo, 'days' | 'categories' | 'walkInValidity'>;

export function validOn(visitor: Pass, day: string, event: Rules): boolean {
  if (visitor.registeredDays.includes(day)) return true;
  if (!event.days.includes(day)) return false;
  if (event.categories.find((c) => c.id === visitor.category)?.validity === 'every_day') return true;
  return visitor.walkIn && event.walkInValidity === 'rest_of_fair' && visitor.registeredDays.some((d) => d < day);
}

/**
 * `validOn` with the event read from the database (the caller's transaction) — only when
 * the visitor is not registered for today: the common case costs no extra round trip,
 * which matters when desks race for pooled connections on a busy venue database.
 */
export async function validToday(db: Kysely<Database>, visitor: Pass, today: string): Promise<boolean> {
  return visitor.registeredDays.includes(today) || validOn(visitor, today, await getEvent(db));
}
