/**
 * Check-in: append-only and idempotent. One row per visitor per event day, enforced by
 * a unique constraint (so racing desks — or stations on one PostgreSQL — settle in the
 * database); a repeated nonce returns the first result (pretix perform_checkin).
 *
 * On a venue station with a replica (issue 13), the visitor and the "already in?" read
 * come from the replica while it is current, so the venue transaction holds only the
 * insert, the count and the audit. The database still decides:
 * - a check-in the replica has not seen yet (another desk's, a second ago) makes the
 *   insert a no-op on the unique keys, and the winner is read from the database;
 * - the insert carries the version of the visitor row it was decided on (row_hash and
 *   updated_at): a visitor changed in the last second (refused, days moved, purged)
 *   inserts nothing, and the scan is decided again from the database alone;
 * - a code the replica does not have yet is looked up in the database;
 * - a refusal (not registered today, no consent) is asked again of the database alone, so
 *   a visitor let in a second ago is never turned away by a stale row.
 * An "already in" found in the replica is a committed fact of the database (check-ins
 * are never deleted, one per visitor and day), so it is the database's answer too.
 */
import { randomUUID } from 'node:crypto';
import type { CheckinInfo, CheckinOutcome } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { todayIn } from '../system/event.service';
import { readCounters } from './counters.service';
import { validToday } from './validity';
import { checkinOnDay, findVisitorByScan, type ReplicaReads } from '../visitors/visitor-lookup.service';
import { checkinRowToInfo, visitorRowToSummary } from '../visitors/visitor.mapper';
import { noConsentPolicyFor } from '../privacy/privacy-settings.service';

export type CheckinMethod = CheckinInfo['method'];

const CHECKIN_COLUMNS = ['id', 'visitor_code', 'day', 'station_id', 'station_name', 'method', 'nonce', 'reason', 'at'] as const;

export interface CheckinRequest {
  code: string;
  nonce: string;
  method: CheckinMethod;
  /** Set for an override: check in even though the visitor did not register for today. */
  reason?: string;
}

/** `replica`: where the reads may come from (the station's replica by default; null: the database alone). */
export async function checkIn(ctx: HandlerCtx, req: CheckinRequest, replica: ReplicaReads | null = ctx.runtime.replicaReads ?? null): Promise<CheckinOutcome> {
  const { db } = ctx;
  const { code, row: visitorRow, fromReplica } = await findVisitorByScan(db, req.code, replica);
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
  const localPrior = replica?.checkins(req.nonce, code, today);
  const prior =
    localPrior ??
    (await db
      .selectFrom('checkins')
      .selectAll()
      .where((eb) => eb.or([eb('nonce', '=', req.nonce), eb.and([eb('visitor_code', '=', code), eb('day', '=', today)])]))
      .execute());
  const byNonce = prior.find((r) => r.nonce === req.nonce);
  if (byNonce && byNonce.visitor_code === code) {
    // A retry of a request that already succeeded: same answer, nothing new written.
    const counters = await readCounters(db, ctx.runtime.registeredCount, byNonce.day, now.getTime());
    return { status: 'checked_in', visitor, checkin: checkinRowToInfo(byNonce), counters, ...withheld };
  }
  const first = prior.find((r) => r.visitor_code === code && r.day === today);
  if (first) return { status: 'already_checked_in', visitor, first: checkinRowToInfo(first) };

  // refuse: the desk decides, and says why in an override (audited with the reason).
  // A refusal decided on the replica's row is asked again of the database alone: the row
  // may be a second behind a change that lets the visitor in (consent given, today added).
  // Refusals are a few scans in a hundred, so this costs the venue next to nothing.
  if (policy === 'refuse' && req.reason === undefined) return fromReplica ? checkIn(ctx, req, null) : { status: 'no_consent', visitor };

  if (req.reason === undefined && !(await validToday(db, visitor, today))) {
    return fromReplica ? checkIn(ctx, req, null) : { status: 'not_registered_today', visitor, today };
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
  const inserted = fromReplica
    ? // Only if the venue's visitor row is still the one the rules above were applied to.
      await db
        .insertInto('checkins')
        .columns(CHECKIN_COLUMNS)
        .expression(
          db
            .selectFrom('visitors')
            .select((eb) => CHECKIN_COLUMNS.map((c) => eb.val(row[c]).as(c)))
            .where('code', '=', code)
            .where('row_hash', '=', visitorRow.row_hash)
            .where('updated_at', '=', visitorRow.updated_at),
        )
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
    : await db.insertInto('checkins').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Lost a race: the database kept the other request's row. If that row carries our
    // nonce it was our own retry arriving at another station, and it succeeded.
    const winner = await checkinOnDay(db, code, today);
    // Nothing inserted and no winner: the replica was behind (the visitor changed, or the
    // nonce is taken by another visitor's check-in): decide again from the database alone.
    if (!winner && (fromReplica || localPrior)) return checkIn(ctx, req, null);
    if (!winner) throw new Error('check-in neither inserted nor found');
    if (winner.nonce !== req.nonce) return { status: 'already_checked_in', visitor, first: checkinRowToInfo(winner) };
    const counters = await readCounters(db, ctx.runtime.registeredCount, winner.day, now.getTime());
    return { status: 'checked_in', visitor, checkin: checkinRowToInfo(winner), counters, ...withheld };
  }

  const checkin = checkinRowToInfo(row);
  const counters = await readCounters(db, ctx.runtime.registeredCount, today, now.getTime());
  ctx.audit(code, { method: row.method, day: today, ...(req.reason ? { reason: req.reason } : {}), ...(policy ? { noConsent: policy } : {}) });
  ctx.emit({ type: 'checkin.recorded', code, checkin, counters });
  return { status: 'checked_in', visitor, checkin, counters, ...withheld };
}
