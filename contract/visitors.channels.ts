import { z } from 'zod';
import { channel } from './define';
import { hangulKeysToLatin, hasHangul } from './hangul-keys';
import { EMAIL_SHAPE } from './text-guard';
import { Category, CheckinInfo, Counters, Nonce, ShortText, VisitorSummary } from './common.schema';

const SEARCH_KINDS = ['name', 'initials', 'phone_last4', 'phone', 'code', 'email', 'text'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * Typed text as the code it would be: trimmed, lower case, and — for a scanner that typed
 * in Korean (한/영) mode, "ㅔㅔㄴ22-100001" — mapped back to the keys it pressed. Only
 * loose jamo are mapped here: text with whole syllables is a person typing a name
 * ("김2066"), not a scan. (The station's scan path maps syllables too: there, it is a scan.)
 */
export function codeShape(text: string): string {
  const t = text.trim();
  return (hasHangul(t) && !/[\uac00-\ud7a3]/.test(t) ? hangulKeysToLatin(t) : t).toLowerCase();
}

/**
 * Whether typed text has the shape of a registration code (PPS22-100001, W-7K3M9QX2,
 * EX0001), also when a scanner typed it in Korean mode. Shared by search (to pick the
 * query kind) and the desk (a scanner that typed into the search field, the override
 * reason or a walk-in field still checks the visitor in). A name never has the digits.
 */
export function looksLikeCode(text: string): boolean {
  const c = codeShape(text);
  return /^[a-z]{1,8}\d*-[a-z0-9-]+$/.test(c) || /^[a-z]{1,8}\d{3,}$/.test(c);
}

export const SearchHit = VisitorSummary.extend({ checkedInToday: z.boolean() });
export type SearchHit = z.infer<typeof SearchHit>;

/** The characters a typed phone number may have; the walk-in form checks it as you submit, the contract again. */
export const PHONE_CHARS = /^[0-9+\-() ]*$/;

export const WalkInInput = z.object({
  nonce: Nonce,
  nameKo: ShortText.trim().min(1),
  nameEn: ShortText.trim().optional(),
  organisation: ShortText.trim().optional(),
  title: ShortText.trim().optional(),
  phone: z.string().trim().max(30).regex(PHONE_CHARS, 'phone'),
  // Empty is "no e-mail"; anything else must look like an address (a walk-in typo is caught here).
  email: z.string().trim().max(200).refine((e) => e === '' || EMAIL_SHAPE.test(e), 'email').optional(),
  category: Category,
  consent: z.literal(true),
  /**
   * Staff saw the visitors with the same mobile number (visitors.walkIn.similar) and register
   * a new one anyway. Without it, a walk-in with the name and number of an existing visitor is
   * refused (conflict): the same person registered twice.
   */
  duplicateOk: z.boolean().optional(),
});
export type WalkInInput = z.infer<typeof WalkInInput>;

export const visitorsChannels = {
  'visitors.search': channel({
    doc: 'Search as you type: name, 초성 initials, given name, English name, organisation, e-mail, code, phone last 4.',
    input: z.object({ q: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }),
    output: z.object({ kind: z.enum(SEARCH_KINDS).nullable(), hits: z.array(SearchHit) }),
    roles: ['admin', 'desk'],
    write: false,
  }),
  'visitors.get': channel({
    doc: 'One visitor with their check-in history.',
    input: z.object({ code: ShortText }),
    output: z.object({ visitor: VisitorSummary, checkins: z.array(CheckinInfo) }),
    roles: ['admin', 'desk'],
    write: false,
  }),
  'visitors.walkIn.similar': channel({
    doc: 'Before a walk-in is registered: visitors (pre-registered or earlier walk-ins) with the same mobile number, so staff can check the existing one in instead of registering them twice.',
    input: z.object({ nameKo: z.string().max(100), phone: z.string().trim().max(30).regex(PHONE_CHARS, 'phone') }),
    output: z.object({ hits: z.array(SearchHit.extend({ sameName: z.boolean() })) }),
    roles: ['admin', 'desk'],
    write: false,
  }),
  'visitors.walkIn': channel({
    doc: 'Register a walk-in visitor and check them in, in one transaction.',
    input: WalkInInput,
    output: z.object({ visitor: VisitorSummary, checkin: CheckinInfo, counters: Counters }),
    roles: ['admin', 'desk'],
    write: true,
  }),
};
