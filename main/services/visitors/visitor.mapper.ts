import type { Selectable } from 'kysely';
import { CATEGORY_ID, type Category, type CheckinInfo, type VisitorSummary } from '../../../contract/index';
import type { CheckinsTable, VisitorsTable } from '../../../db/schema';
import { maskEmail, maskPhone } from './mask';

export type VisitorRow = Selectable<VisitorsTable>;

/** The stored id as it is (the event's categories are data); only a malformed value reads as 'visitor'. */
export function toCategory(s: string): Category {
  return CATEGORY_ID.test(s) ? s : 'visitor';
}

export function splitDays(s: string): string[] {
  return s ? s.split(';').filter(Boolean) : [];
}

/** Row → what a screen may see: phone and e-mail masked here, once, for every channel. */
export function visitorRowToSummary(r: VisitorRow): VisitorSummary {
  return {
    code: r.code,
    nameKo: r.name_ko,
    nameEn: r.name_en,
    organisation: r.organisation,
    title: r.title,
    category: toCategory(r.category),
    phoneMasked: maskPhone(r.phone),
    emailMasked: maskEmail(r.email),
    country: r.country,
    registeredDays: splitDays(r.registered_days),
    walkIn: r.walk_in === 1,
    ...(r.consent === 0 ? { noConsent: true as const } : {}),
  };
}

export function checkinRowToInfo(r: Pick<Selectable<CheckinsTable>, 'at' | 'day' | 'station_name' | 'method'>): CheckinInfo {
  return { at: r.at, day: r.day, stationName: r.station_name, method: r.method as CheckinInfo['method'] };
}
