/**
 * Check-in: append-only and idempotent. One row per visitor per event day, enforced by
 * a unique constraint (so racing desks — or stations on one PostgreSQL — settle in the
 * database); a repeated nonce returns the first result (pretix perform_checkin).
 */
import { randomUUID } from 'node:crypto';
import type { CheckinInfo, CheckinOutcome } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { todayIn } from '../system/event.service';
import { bumpCheckedIn, readCounters } from './counters.service';
import { validToday } from './validity';
import { checkinOnDay, findVisitorByScan } from '../visitors/visitor-lookup.service';
import { checkinRowToInfo, visitorRowToSummary } from '../visitors/visitor.mapper';
import { noConsentPolicyFor } from '../privacy/privacy-settings.service';

export type CheckinMethod = CheckinInfo['method'];

export interface CheckinRequest {
  code: string;
  nonce: string;
  method: CheckinMethod;
  /** Set for an override: check in even though the visitor did not register for today. */
  reason?: string;
}

export async function checkIn(ctx: HandlerCtx, req: CheckinRequest): Promise<CheckinOutcome> {
  const { db } = ctx;
  const { code, row: visitorRow } = await findVisitorByScan(db, req.code);
  // Show what was scanned, bounded (a 10k-character paste is not echoed back whole).
  if (!code) return { status: 'unknown_code', code: req.code.slice(0, 40) };
  if (!visitorRow) return { status: 'unknown_code', code };
  const visitor = visitorRowToSummary(visitorRow);

  const now = ctx.clock.now();
  const today = await todayIn(ctx);
  const policy = await noConsentPolicyFor(db, visitorRow);
  // admit_no_print: in, but no badge with their name comes out by itself (staff may still print one).
  const withheld = policy === 'admit_no_print' ? { badgeWithheld: true as const } : {};
  // One round trip for both questions: was this request (nonce) already answered, and
  // is the visitor already in today?
  const prior = await db
    .selectFrom('checkins')
    .selectAll()
    .where((eb) => eb.or([eb('nonce', '=', req.nonce), eb.and([eb('visitor_code', '=', code), eb('day', '=', today)])]))
    .execute();
  const byNonce = prior.find((r) => r.nonce === req.nonce);
  if (byNonce && byNonce.visitor_code === code) {
    // A retry of a request that already succeeded: same answer, nothing new written.
    const counters = await readCounters(db, ctx.runtime.registeredCount, byNonce.day, now.getTime());
    return { status: 'checked_in', visitor, checkin: checkinRowToInfo(byNonce), counters, ...withheld };
  }
  const first = prior.find((r) => r.visitor_code === code && r.day === today);
  if (first) return { status: 'already_checked_in', visitor, first: checkinRowToInfo(first) };

  // refuse: the desk decides, and says why in an override (audited with the reason).
  if (policy === 'refuse' && req.reason === undefined) return { status: 'no_consent', visitor };

  if (req.reason === undefined && !(await validToday(db, visitor, today))) {
    return { status: 'not_registered_today', visitor, today };
  }

  const row = {
    id: randomUUID(),
    visitor_code: code,
    day: today,
    station_id: ctx.station.id,
    station_name: ctx.station.name,
    method: req.reason !== undefined ? 'override' : req.method,
    // A nonce reused for another visitor is a client bug; give it a fresh identity
    // rather than let it block this check-in.
    nonce: byNonce ? `${req.nonce}:${randomUUID()}` : req.nonce,
    reason: req.reason ?? null,
    at: now.toISOString(),
  };
  const inserted = await db.insertInto('checkins').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Lost a race: the database kept the other request's row. If that row carries our
    // nonce it was our own retry arriving at another station, and it succeeded.
    const winner = await checkinOnDay(db, code, today);
    if (!winner) throw new Error('check-in neither inserted nor found');
    if (winner.nonce !== req.nonce) return { status: 'already_checked_in', visitor, first: checkinRowToInfo(winner) };
    const counters = await readCounters(db, ctx.runtime.registeredCount, winner.day, now.getTime());
    return { status: 'checked_in', visitor, checkin: checkinRowToInfo(winner), counters, ...withheld };
  }

  await bumpCheckedIn(db, today, ctx.station.id);
  const checkin = checkinRowToInfo(row);
  const counters = await readCounters(db, ctx.runtime.registeredCount, today, now.getTime());
  ctx.audit(code, { method: row.method, day: today, ...(req.reason ? { reason: req.reason } : {}), ...(policy ? { noConsent: policy } : {}) });
  ctx.emit({ type: 'checkin.recorded', code, checkin, counters });
  return { status: 'checked_in', visitor, checkin, counters, ...withheld };
}
