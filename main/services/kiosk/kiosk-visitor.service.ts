/**
 * The visitor side of the kiosk: identify exactly one visitor, confirm (check in +
 * badge), register a walk-in. Every answer carries only that one visitor, masked,
 * behind a ticket — never a registration code the kiosk did not scan itself.
 */
import { randomUUID } from 'node:crypto';
import {
  AppFailure,
  assertNever,
  type ConfirmOutcome,
  type IdentifyOutcome,
  type JobCancelOutcome,
  type KioskAlertReason,
  type KioskPrint,
  type KioskVisitor,
  type ParsedInputOf,
  type VisitorSummary,
  type WalkInInput,
} from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { checkIn } from '../checkin/checkin.service';
import { checkinOnDay, findVisitorByScan } from '../visitors/visitor-lookup.service';
import { todayIn } from '../system/event.service';
import { visitorRowToSummary, type VisitorRow } from '../visitors/visitor.mapper';
import { registerWalkIn } from '../visitors/walk-in.service';
import { cancelOwnJob, printBadge } from './kiosk-print';
import { itineraryAtKiosk } from '../itinerary/itinerary.service';
import { codePrefix, nameMatches, NUMBER_PART, onlyOne, orgMatches, phoneKey, samePhone } from './kiosk-identify';
import { readKioskSettings } from './kiosk-settings.service';
import { validToday } from '../checkin/validity';
import { noConsentPolicyFor } from '../privacy/privacy-settings.service';

/**
 * A kiosk admits a no-consent visitor only when the policy is plain admit: admit_no_print
 * means no badge (the kiosk's whole job) and refuse means a person decides. The screen says
 * only "see the desk" — no name, no reason — and staff get the same neutral alert.
 */
async function sendToDesk(ctx: HandlerCtx, row: { consent: number }): Promise<boolean> {
  const policy = await noConsentPolicyFor(ctx.db, row);
  if (policy === null || policy === 'admit') return false;
  alertStaff(ctx, 'sent_to_staff');
  return true;
}

export function toKioskVisitor(v: VisitorSummary): KioskVisitor {
  return { nameKo: v.nameKo, nameEn: v.nameEn, organisation: v.organisation, category: v.category, phoneMasked: v.phoneMasked, emailMasked: v.emailMasked };
}

/** Staff are called over without naming anyone: the alert says which kiosk and what happened. */
export function alertStaff(ctx: HandlerCtx, reason: KioskAlertReason): void {
  ctx.emit({ type: 'kiosk.alert', id: randomUUID(), stationId: ctx.station.id, stationName: ctx.station.name, reason, at: ctx.clock.now().toISOString() });
}

type IdentifyInput = ParsedInputOf<'kiosk.identify'>;
type NotFound = Exclude<IdentifyOutcome['status'], 'found' | 'rate_limited'>;

/** Visitors with these last four phone digits (an index range; a few dozen at 100k). */
const byLast4 = (ctx: HandlerCtx, last4: string) => ctx.db.selectFrom('visitors').selectAll().where('phone_last4', '=', last4).limit(500).execute();

/**
 * "100002" for PPS22-100002: the number part under the event's own prefixes — those of
 * the first and the last pre-registered code (two index walks, no scan of the table).
 */
async function byNumberPart(ctx: HandlerCtx, digits: string): Promise<VisitorRow[]> {
  const ends = await Promise.all(
    (['asc', 'desc'] as const).map((dir) => ctx.db.selectFrom('visitors').select('code').where('walk_in', '=', 0).orderBy('code', dir).limit(1).executeTakeFirst()),
  );
  const codes = [...new Set(ends.map((r) => (r ? codePrefix(r.code) : null)).filter((p): p is string => !!p))].map((p) => `${p}${digits}`);
  return codes.length ? ctx.db.selectFrom('visitors').selectAll().where('code', 'in', codes).execute() : [];
}

async function findOne(ctx: HandlerCtx, input: IdentifyInput): Promise<VisitorRow | NotFound> {
  const today = await todayIn(ctx);
  const pick = (hits: VisitorRow[]) => onlyOne(hits, today) ?? 'not_found';
  switch (input.by) {
    case 'code': {
      const { code, row } = await findVisitorByScan(ctx.db, input.code);
      if (!code) return 'unreadable';
      if (row) return row;
      if (NUMBER_PART.test(code)) {
        const r = onlyOne(await byNumberPart(ctx, code), today);
        if (r) return r;
      }
      return 'unknown_code';
    }
    case 'mobile': {
      const key = phoneKey(input.phone);
      if (key.length < 7) return 'not_found';
      return pick((await byLast4(ctx, key.slice(-4))).filter((r) => samePhone(r, input.phone)));
    }
    case 'phone': {
      const hits = (await byLast4(ctx, input.last4)).filter((r) => nameMatches(r, input.initial));
      // Never guess between two people: more than one match asks for more, then the staff desk.
      return pick(input.org ? hits.filter((r) => orgMatches(r, input.org!)) : hits);
    }
    default:
      return assertNever(input);
  }
}

export async function identify(ctx: HandlerCtx, input: IdentifyInput): Promise<IdentifyOutcome> {
  const nowMs = ctx.clock.now().getTime();
  const kiosk = ctx.runtime.kiosk;
  const wait = kiosk.identifyWait(ctx.station.id, nowMs);
  if (wait > 0) {
    // Someone may be trying codes or phone numbers one after another: a person should look.
    alertStaff(ctx, 'too_many_tries');
    return { status: 'rate_limited', retryInSeconds: wait };
  }

  const found = await findOne(ctx, input);
  kiosk.recordLookup(ctx.station.id, nowMs, typeof found === 'string');
  if (typeof found === 'string') {
    // Phone + name fitting several people is answered by the kiosk itself (it asks for the
    // organisation or the whole number): staff are called only when even that is not enough.
    if (found === 'ambiguous' && !(input.by === 'phone' && !input.org)) alertStaff(ctx, 'ambiguous');
    return { status: found };
  }
  if (await sendToDesk(ctx, found)) return { status: 'see_desk' };
  const visitor = visitorRowToSummary(found);
  const today = await todayIn(ctx);
  const first = await checkinOnDay(ctx.db, found.code, today);
  const state = first ? 'already_checked_in' : (await validToday(ctx.db, visitor, today)) ? 'ready' : 'not_registered_today';
  if (state === 'not_registered_today') alertStaff(ctx, 'not_today');
  return {
    status: 'found',
    ticket: kiosk.issueTicket(ctx.station.id, found.code, nowMs),
    visitor: toKioskVisitor(visitor),
    state,
    ...(first ? { firstAt: first.at } : {}),
  };
}

/** Prints, and calls staff over when the badge cannot come out of this kiosk. */
async function printFor(ctx: HandlerCtx, code: string, opts: { nonce: string; reprintReason?: string }): Promise<KioskPrint> {
  const print = await printBadge(ctx, code, opts);
  if (print.status === 'no_printer' || print.status === 'printer_offline') alertStaff(ctx, 'print_failed');
  return print;
}

export function ticketCodeOrNull(ctx: HandlerCtx, ticket: string): string | null {
  return ctx.runtime.kiosk.ticketCode(ctx.station.id, ticket, ctx.clock.now().getTime());
}

/** Failures that the print queue raised as a printer alert (not a job failed by rule). */
const failedAtPrinter = (error: string | null) => error !== null && !['expired', 'station_restarted', 'cancelled'].includes(error);

/**
 * The screen gave up waiting for its badge (the printer did not take it, it took too
 * long, or the kiosk reset): a job still queued is cancelled — a badge coming out later
 * with nobody there would be anyone's to pick up — and staff are told the visitor is on
 * the way. Only this kiosk's own jobs.
 */
export async function cancelBadge(ctx: HandlerCtx, jobId: string): Promise<JobCancelOutcome> {
  const r = await cancelOwnJob(ctx, jobId);
  if (r.status === 'cancelled' && r.changed) alertStaff(ctx, 'badge_cancelled');
  // A job the printer itself could not print already raised the venue's printer alert (print
  // queue): a kiosk alert beside it would be the same failure twice. Only a job that failed by
  // rule (expired, the station restarted) calls staff from here.
  if (r.status === 'failed' && !failedAtPrinter(r.job.last_error)) alertStaff(ctx, 'print_failed');
  ctx.audit(jobId, { cancel: r.status });
  return { status: r.status };
}

export async function confirm(ctx: HandlerCtx, input: { ticket: string; nonce: string }): Promise<ConfirmOutcome> {
  const code = ticketCodeOrNull(ctx, input.ticket);
  if (!code) return { status: 'expired' };
  const { row } = await findVisitorByScan(ctx.db, code);
  if (row && (await sendToDesk(ctx, row))) return { status: 'see_desk' };
  const outcome = await checkIn(ctx, { code, nonce: input.nonce, method: 'kiosk' });
  switch (outcome.status) {
    case 'checked_in': {
      // Same nonce as the check-in: a repeated confirm returns the first job, never a second badge.
      const print = await printFor(ctx, code, { nonce: input.nonce });
      // The schedule by the ticket's code, server-side; its slip only behind a badge that is coming out.
      const itinerary = await itineraryAtKiosk(ctx, code, input.nonce, print.status === 'queued');
      return { status: 'checked_in', visitor: toKioskVisitor(outcome.visitor), print, ...(itinerary ? { itinerary } : {}) };
    }
    case 'already_checked_in':
      return { status: 'already_checked_in', visitor: toKioskVisitor(outcome.visitor), firstAt: outcome.first.at };
    case 'not_registered_today':
      alertStaff(ctx, 'sent_to_staff');
      return { status: 'not_registered_today', visitor: toKioskVisitor(outcome.visitor) };
    case 'unknown_code':
      return { status: 'expired' };
    case 'no_consent':
      // Only if the policy turned to refuse between the two queries above: same neutral answer.
      alertStaff(ctx, 'sent_to_staff');
      return { status: 'see_desk' };
    default:
      return assertNever(outcome);
  }
}

export async function kioskWalkIn(ctx: HandlerCtx, input: WalkInInput): Promise<{ visitor: KioskVisitor; print: KioskPrint; ticket: string }> {
  const settings = await readKioskSettings(ctx.db);
  if (!settings.walkInEnabled) throw new AppFailure('forbidden', 'walk-in registration is off at kiosks');
  if (!settings.walkInCategories.includes(input.category)) throw new AppFailure('invalid_input', 'category not offered at kiosks');
  const r = await registerWalkIn(ctx, input, 'kiosk');
  return {
    visitor: toKioskVisitor(r.visitor),
    print: await printFor(ctx, r.visitor.code, { nonce: input.nonce }),
    // Staff can reprint for a walk-in too, while they are still at the kiosk.
    ticket: ctx.runtime.kiosk.issueTicket(ctx.station.id, r.visitor.code, ctx.clock.now().getTime()),
  };
}
