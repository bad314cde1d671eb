/**
 * Search keys: every way staff type a visitor is turned into a prefix-searchable key
 * at write time, so search at read time is one index range scan (fast on 100k rows,
 * and the same SQL on SQLite and PostgreSQL).
 *
 *  김은희  → 김은희, 은희 (given name), ㄱㅇㅎ, ㅇㅎ (초성)
 *  Piotr Kowalski → piotrkowalski, piotr, kowalski
 *  e-mail → as typed (lower case); codes and phones are searched on their own columns
 *  organisation → every suffix, so "토지주택" finds 한국토지주택공사 (kept per organisation)
 */
import { codeShape, looksLikeCode, type SearchKind } from '../../../contract/index';
import { getChoseong } from 'es-hangul';
import { phoneDigits } from './mask';

const HANGUL_SYLLABLE = /^[\uAC00-\uD7A3]+$/;
const HAS_HANGUL = /[\uAC00-\uD7A3\u3131-\u318E]/;
const COMPAT_CONSONANTS = /^[\u3131-\u314E]+$/;
const MAX_KEY = 60;

/** NFC, lower case, no whitespace at all: how keys and queries are compared. */
export function compact(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, '');
}

/**
 * 초성 of each Hangul syllable; other characters are kept as they are.
 *
 * es-hangul's getChoseong is given the runs of syllables only. On syllables it gives our
 * stored keys exactly (all 11,172 checked), but on anything else it does not keep the
 * character: without keepNonHangul it drops Latin, digits and lone vowels ("ㅔㅔㄴ22" →
 * "ㄴ"); with it, it still returns accented Latin decomposed (NFD "é" for NFC "é") and
 * turns conjoining jamo (U+1100…) into compatibility jamo or nothing. Keys already stored
 * were made keeping those characters, so they never reach it.
 */
export function chosung(s: string): string {
  return s.replace(/[\uAC00-\uD7A3]+/g, (run) => getChoseong(run));
}

/** Organisation folded for grouping and search: legal-form markers and spaces removed. */
export function orgNorm(org: string | null | undefined): string | null {
  if (!org) return null;
  const n = compact(org.replace(/\(주\)|㈜|주식회사|\(재\)|\(사\)|재단법인|사단법인/g, '')).replace(/["'(),.]/g, '');
  return n || null;
}

export function orgKeys(norm: string): string[] {
  const chars = Array.from(norm).slice(0, MAX_KEY);
  const keys = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) keys.add(chars.slice(i).join(''));
  if (chars.length === 1) keys.add(chars[0]!);
  return [...keys];
}

export interface KeySource {
  code: string;
  nameKo: string;
  nameEn: string | null;
  email: string | null;
  phone: string | null;
}

function nameKeys(name: string, keys: Set<string>): void {
  const c = compact(name);
  if (!c) return;
  keys.add(c);
  if (HANGUL_SYLLABLE.test(c)) {
    const chars = Array.from(c);
    keys.add(chosung(c));
    if (chars.length >= 2) {
      const given = chars.slice(1).join('');
      keys.add(given);
    }
    // Two-syllable surnames (남궁, 선우 …): the given name starts at the third syllable.
    if (chars.length >= 4) keys.add(chars.slice(2).join(''));
  } else {
    for (const w of name.normalize('NFC').toLowerCase().split(/[\s,.\-]+/)) if (w) keys.add(w);
  }
}

export function visitorKeys(v: KeySource): string[] {
  const keys = new Set<string>();
  nameKeys(v.nameKo, keys);
  if (v.nameEn) nameKeys(v.nameEn, keys);
  if (v.email) keys.add(v.email.trim().toLowerCase());
  // Codes are searched on the visitors' primary key and phones through phone_last4:
  // keeping them out of this table saves ~2 rows per visitor on every import.
  return [...keys].filter((k) => k.length > 0).map((k) => (k.length > MAX_KEY ? k.slice(0, MAX_KEY) : k));
}

export interface ClassifiedQuery {
  kind: SearchKind | null;
  /** The compacted query the keys are compared against. */
  key: string;
}

export function classifyQuery(raw: string): ClassifiedQuery {
  // eslint-disable-next-line no-control-regex
  const key = compact(raw.replace(/[\u0000-\u001f\u007f]/g, '')).slice(0, MAX_KEY);
  if (!key) return { kind: null, key };
  if (/^\d{4}$/.test(key)) return { kind: 'phone_last4', key };
  // A whole (or the tail of a) phone number, typed with or without dashes.
  if (/^\+?[\d\-()]+$/.test(key) && phoneDigits(key).length >= 5) return { kind: 'phone', key: phoneDigits(key) };
  if (COMPAT_CONSONANTS.test(key)) return { kind: 'initials', key };
  if (key.includes('@')) return { kind: 'email', key };
  // A code typed in Korean mode (ㅔㅔㄴ22-…) is looked up as the code it is.
  if (looksLikeCode(key)) return { kind: 'code', key: codeShape(key) };
  if (HAS_HANGUL.test(key)) return { kind: 'name', key };
  return { kind: 'text', key };
}
