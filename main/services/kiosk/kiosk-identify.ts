/**
 * How a kiosk tells one visitor from 100,000 without a code in hand. Phone last 4 +
 * name initial is ambiguous for most Korean registrants at that size (김/이/박 share
 * ㄱ/ㅇ/ㅂ), so there are stronger paths, all pure rules shared by the service and by
 * the bench that measures them (bench/sections/kiosk-identify.bench.ts):
 *  - the full mobile number (+82 10… and 010… are the same number; "+90 …" as typed);
 *  - phone last 4 + surname (a whole syllable, 김 — not only its 초성) + a part of the
 *    organisation;
 *  - the number part of a registration code alone ("100002" → PPS22-100002).
 * Several candidates left and exactly one registered for today: that one (the person at
 * today's kiosk is today's registrant). Never a guess beyond that.
 */
import { chosung, orgNorm } from '../visitors/search-keys';
import { phoneKey } from '../visitors/mask';

export interface Candidate {
  name_ko: string;
  name_en: string | null;
  organisation: string | null;
  phone: string | null;
  registered_days: string;
}

/** First letter of a name as a visitor would say it: 초성 for Hangul (김 → ㄱ), else the upper-case letter. */
export function nameInitial(name: string | null | undefined): string | null {
  const first = Array.from((name ?? '').normalize('NFC').trim())[0];
  if (!first) return null;
  return /[\uac00-\ud7a3]/.test(first) ? chosung(first) : first.toUpperCase();
}

const SYLLABLES = /^[\uac00-\ud7a3]+$/;

/**
 * What the visitor typed for their name: whole syllables are the surname (김, 남궁) and
 * must start the Korean name; a single 초성 or letter is an initial of either name.
 */
export function nameMatches(c: Candidate, typed: string): boolean {
  const t = typed.normalize('NFC').trim();
  if (!t) return false;
  if (SYLLABLES.test(t)) return c.name_ko.normalize('NFC').trim().startsWith(t);
  const i = nameInitial(t);
  return i !== null && (nameInitial(c.name_ko) === i || nameInitial(c.name_en) === i);
}

/** A part of the organisation as a visitor types it: (주)/주식회사 and spaces do not matter. */
export function orgMatches(c: Candidate, typed: string): boolean {
  const want = orgNorm(typed);
  const have = orgNorm(c.organisation);
  return !!want && !!have && have.includes(want);
}

export { phoneKey };

export const samePhone = (c: Candidate, typed: string): boolean => {
  const want = phoneKey(typed);
  return want.length >= 7 && phoneKey(c.phone) === want;
};

/** A registration code's number part typed alone: digits only, a few of them. */
export const NUMBER_PART = /^\d{3,12}$/;

/** The prefix of a code before its trailing number (PPS22-100002 → PPS22-), or null when it has none. */
export function codePrefix(code: string): string | null {
  const m = /^(.*\D)\d+$/.exec(code);
  return m ? m[1]! : null;
}

/**
 * The one candidate left, if exactly one: among several, the single one registered for
 * `today` (the others are registrants of other days); else null (send to staff).
 */
export function onlyOne<T extends Candidate>(hits: T[], today: string): T | 'ambiguous' | null {
  if (hits.length === 0) return null;
  if (hits.length === 1) return hits[0]!;
  const todays = hits.filter((h) => h.registered_days.split(';').includes(today));
  return todays.length === 1 ? todays[0]! : 'ambiguous';
}
