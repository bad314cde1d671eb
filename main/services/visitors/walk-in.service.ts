/**
 * Walk-in registration: creates the visitor and their check-in in one transaction, so
 * a walk-in is never registered without being checked in (or the other way round).
 */
import { randomBytes } from 'node:crypto';
import type { CheckinInfo, Counters, SearchHit, VisitorSummary, WalkInInput } from '../../../contract/index';
import { AppFailure } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { checkIn, type CheckinMethod } from '../checkin/checkin.service';
import { getEvent, todayIn } from '../system/event.service';
import { phoneKey } from './mask';
import { compact } from './search-keys';
import { upsertVisitors } from './visitor-write.service';
import { visitorRowToSummary } from './visitor.mapper';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud at a desk

/** Walk-in codes are random, so two stations can never mint the same one. */
export function newWalkInCode(): string {
  const bytes = randomBytes(8);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `W-${s}`;
}

/** Same person, as a desk would judge it: the name without spaces or case. */
const sameName = (a: string, b: string) => compact(a) === compact(b);

/**
 * Visitors with this mobile number (pre-registered or walked in before), the ones with the
 * same name first: the desk offers them before registering someone twice. The number is
 * compared as digits, +82 10… = 010…; an index range on its last four digits.
 */
export async function similarVisitors(ctx: HandlerCtx, nameKo: string, phone: string): Promise<(SearchHit & { sameName: boolean })[]> {
  const key = phoneKey(phone);
  if (key.length < 7) return [];
  const rows = (await ctx.db.selectFrom('visitors').selectAll().where('phone_last4', '=', key.slice(-4)).limit(500).execute()).filter((r) => phoneKey(r.phone) === key);
  if (rows.length === 0) return [];
  const today = (await todayIn(ctx));
  const checked = new Set(
    (await ctx.db.selectFrom('checkins').select('visitor_code').where('day', '=', today).where('visitor_code', 'in', rows.map((r) => r.code)).execute()).map((c) => c.visitor_code),
  );
  return rows
    .map((r) => ({ ...visitorRowToSummary(r), checkedInToday: checked.has(r.code), sameName: sameName(r.name_ko, nameKo) || (!!r.name_en && sameName(r.name_en, nameKo)) }))
    .sort((a, b) => Number(b.sameName) - Number(a.sameName))
    .slice(0, 10);
}

export async function registerWalkIn(
  ctx: HandlerCtx,
  input: WalkInInput,
  method: Extract<CheckinMethod, 'walk_in' | 'kiosk'> = 'walk_in',
  /** The code a walk-in registered offline already carries on its badge (outbox replay). */
  presetCode?: string,
): Promise<{ visitor: VisitorSummary; checkin: CheckinInfo; counters: Counters }> {
  // A retried request (double tap, network retry) returns the first registration.
  const prior = await ctx.db.selectFrom('checkins').select('visitor_code').where('nonce', '=', input.nonce).executeTakeFirst();
  const code = prior?.visitor_code ?? presetCode ?? newWalkInCode();
  if (!prior && !input.duplicateOk && input.phone) {
    const twin = (await similarVisitors(ctx, input.nameKo, input.phone)).find((h) => h.sameName);
    if (twin) throw new AppFailure('conflict', 'a visitor with this name and mobile number is already registered');
  }
  // A category the organiser has (a replayed offline walk-in keeps the one it was registered with).
  if (!prior && !presetCode && !(await getEvent(ctx.db)).categories.some((c) => c.id === input.category)) {
    throw new AppFailure('invalid_input', `없는 참관객 구분입니다 / no such visitor category: ${input.category}`);
  }
  if (!prior) {
    await upsertVisitors(
      ctx.db,
      ctx.ops,
      [
        {
          code,
          nameKo: input.nameKo,
          nameEn: input.nameEn || null,
          organisation: input.organisation || null,
          title: input.title || null,
          category: input.category,
          phone: input.phone || null,
          email: input.email || null,
          country: null,
          registeredDays: [await todayIn(ctx)],
          consent: input.consent,
          walkIn: true,
        },
      ],
      ctx.clock.now().toISOString(),
    );
    ctx.runtime.registeredCount.invalidate();
  }
  const outcome = await checkIn(ctx, { code, nonce: input.nonce, method });
  if (outcome.status !== 'checked_in') throw new AppFailure('conflict', `walk-in check-in ended as ${outcome.status}`);
  const row = await ctx.db.selectFrom('visitors').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  ctx.audit(code, { walkIn: true, category: input.category });
  ctx.emit({ type: 'visitors.changed', inserted: prior ? 0 : 1, updated: 0 });
  return { visitor: visitorRowToSummary(row), checkin: outcome.checkin, counters: outcome.counters };
}
