/**
 * A visitor's stamp card at a kiosk (rally.progress from the kiosk role). A kiosk stands
 * in a public hall, so the same answer the gift desk gets would let anyone walk the
 * registration codes and read names, organisations and phone digits off it. Here the
 * lookup spends the kiosk's identify budget (the same sliding windows as kiosk.identify,
 * so the two paths cannot be alternated to double it), and the visitor comes back with
 * a masked name and nothing else personal: enough for its owner to recognise the card.
 */
import { randomUUID } from 'node:crypto';
import { AppFailure, maskName, type GiftCheck, type VisitorSummary } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { checkGifts } from '../rally/gift.service';

/** What a public screen may show of a visitor: the masked name, category and the code they scanned. */
export function publicVisitor(v: VisitorSummary): VisitorSummary {
  return {
    code: v.code,
    nameKo: maskName(v.nameKo),
    nameEn: v.nameEn === null ? null : maskName(v.nameEn),
    organisation: null,
    title: null,
    category: v.category,
    phoneMasked: null,
    emailMasked: null,
    country: null,
    registeredDays: [],
    walkIn: v.walkIn,
  };
}

export async function kioskProgress(ctx: HandlerCtx, input: { code: string }): Promise<GiftCheck> {
  const nowMs = ctx.clock.now().getTime();
  const kiosk = ctx.runtime.kiosk;
  const wait = kiosk.identifyWait(ctx.station.id, nowMs);
  if (wait > 0) {
    // Published now: the refusal below rolls back queued events, and a person should look.
    ctx.emitNow({ type: 'kiosk.alert', id: randomUUID(), stationId: ctx.station.id, stationName: ctx.station.name, reason: 'sent_to_staff', at: ctx.clock.now().toISOString() });
    throw new AppFailure('rate_limited', `too many lookups at this kiosk; try again in ${wait} s`, { retryInSeconds: wait });
  }
  const r = await checkGifts(ctx, input);
  kiosk.recordLookup(ctx.station.id, nowMs, r.status === 'unknown_code');
  return 'visitor' in r ? { ...r, visitor: publicVisitor(r.visitor) } : r;
}
