/**
 * Itineraries: an SME's or buyer's consultations of the day, found by their badge code
 * (the codes the programme lists, else their organisation — the floor's own rule,
 * `badgeSide`), shown on screen and printed as a thermal slip after the badge. The slip
 * is a print job of its own kind (`itinerary`), rendered by the print queue through the
 * registry at print time from its nonce `itinerary:<day>:<code>:<request nonce>`, so an
 * offline printer prints the schedule as it stands when the printer is back.
 */
import type { Kysely } from 'kysely';
import { KIOSK_BADGE_EXPIRY_MS, localTime, type Itinerary, type PublicItinerary, type ItineraryAnswer, type ItineraryItem, type ItineraryPrintAnswer } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx } from '../../core/router';
import { wallClockIn } from '../../core/clock';
import { withSavepoint } from '../../../db/savepoint';
import { encodeBadge } from '../../printing/escpos.encode';
import { renderItinerary, type ItinerarySlip } from '../../printing/itinerary.render';
import { registerJobRenderer } from '../printing/job-renderers';
import { insertJob, jobEvent } from '../printing/print-jobs.service';
import { toKind } from '../printing/printers.service';
import { eventTimeZone, getEvent, todayIn } from '../system/event.service';
import { findVisitorByScan, type ReplicaReads } from '../visitors/visitor-lookup.service';
import { factsOfBooths, meetingBoothState } from '../booth/booth-facts';
import { badgeSide, cancelledMeetings, isOnline } from '../programme/floor.service';
import { ProgrammeDayCache, type ItemRow } from '../programme/programme-cache';
import { countryTimeZone } from '../programme/country-tz';

const PREFIX = 'itinerary:';

/**
 * The participant's meetings on `day`, or why there are none. `rows` is the day's
 * programme when the caller has it cached (a check-in); otherwise it is read fresh (a
 * print job runs later, and must print the schedule as it stands then). Cancelled
 * meetings are left off: the row stays in the programme, the fact says it will not happen.
 */
export async function itineraryFor(db: Kysely<Database>, rawCode: string, day: string, rows?: readonly ItemRow[], replica?: ReplicaReads): Promise<{ itinerary: Itinerary; name: string } | 'none' | 'unknown_code'> {
  const { code, row: v } = await findVisitorByScan(db, rawCode, replica);
  if (!code) return 'unknown_code';
  const all = rows ?? (await new ProgrammeDayCache(0).consultations(db, day));
  const hits = all.flatMap((r) => {
    const h = badgeSide(r, code, v?.org_norm ?? null);
    return h ? [{ r, ...h }] : [];
  });
  if (!v && hits.length === 0) return 'unknown_code';
  if (hits.length === 0) return 'none';
  // One person is one side: the side of their first meeting (by code before organisation).
  const side = (hits.find((h) => h.match === 'code') ?? hits[0]!).side;
  const sided = hits.filter((h) => h.side === side).map((h) => h.r);
  const cancelled = await cancelledMeetings(db, sided.map((r) => r.id));
  const mine = sided.filter((r) => !cancelled.has(r.id));
  if (mine.length === 0) return 'none';
  const facts = await factsOfBooths(db, mine.map((r) => r.venue));
  const items: ItineraryItem[] = mine.map((r) => {
    const online = isOnline(r);
    return {
      meetingId: r.id,
      start: r.starts_at,
      end: r.ends_at,
      venue: r.venue,
      counterpart: (side === 'seller' ? r.buyer : r.seller) ?? '',
      country: r.country,
      online,
      buyerTimeZone: online ? (r.buyer_tz ?? countryTimeZone(r.country)) : null,
      interpreter: meetingBoothState(facts, r, Date.parse(r.ends_at)).interpreter,
    };
  });
  const organisation = (side === 'seller' ? mine[0]!.seller : mine[0]!.buyer) ?? v?.organisation ?? '';
  return { itinerary: { day, side, organisation, items }, name: v?.name_ko || v?.name_en || '' };
}

export async function getItinerary(ctx: HandlerCtx, code: string): Promise<ItineraryAnswer> {
  const r = await itineraryFor(ctx.db, code, await todayIn(ctx));
  return typeof r === 'string' ? { status: r } : { status: 'found', itinerary: r.itinerary };
}

const hm = (iso: string, zone: string) => {
  const p = wallClockIn(zone, new Date(iso));
  return `${p.hour}:${p.minute}`;
};

/** The slip's lines: times in the fair's zone; an online meeting adds the buyer's own clock. */
export function slipOf(it: Itinerary, name: string, eventName: string, zone: string): ItinerarySlip {
  return {
    eventName,
    day: it.day.replace(/-/g, '.'),
    name,
    organisation: it.organisation,
    side: it.side,
    lines: it.items.map((i) => {
      const local = i.buyerTimeZone ? localTime(i.start, i.buyerTimeZone) : null;
      // The programme's country is the buyer's: it tells an SME who they meet, but on a
      // buyer's own slip it is their own country — there the counterpart (the SME) stands alone.
      const country = it.side === 'seller' ? i.country : null;
      const note = [
        i.online ? `화상 Video${country ? ` · ${country}` : ''}${local ? ` · 현지 local ${local.time}${local.dayOffset ? (local.dayOffset > 0 ? ' (+1)' : ' (-1)') : ''}` : ''}` : (country ?? ''),
        i.interpreter ? `통역 Interpreter ${i.interpreter}` : '',
      ].filter(Boolean);
      return { time: `${hm(i.start, zone)}–${hm(i.end, zone)}`, venue: i.venue, counterpart: i.counterpart, note: note.join(' · ') };
    }),
  };
}

/** The slip for a print job's nonce, or null when it names nobody with meetings. */
export async function slipForJob(db: Kysely<Database>, jobNonce: string): Promise<ItinerarySlip | null> {
  if (!jobNonce.startsWith(PREFIX)) return null;
  const [day, code] = jobNonce.slice(PREFIX.length).split(':');
  if (!day || !code) return null;
  const r = await itineraryFor(db, code, day);
  if (typeof r === 'string') return null;
  const [ev, zone] = await Promise.all([getEvent(db), eventTimeZone(db)]);
  return slipOf(r.itinerary, r.name, ev.name.ko, zone);
}

/** The slip's job nonce: `itinerary:<day>:<code>:<request>` (slipForJob reads day and code back). */
const slipNonce = (day: string, code: string, request: string) => `${PREFIX}${day}:${code}:${request}`;

/**
 * Queues one schedule slip on `printer` (a repeated nonce: the job already queued). The
 * print queue takes jobs in the order they were written, so a slip queued after a badge
 * prints after it.
 */
async function queueSlip(ctx: HandlerCtx, printer: { id: string; name: string }, code: string, nonce: string, items: number, expiresInMs?: number) {
  const at = ctx.clock.now();
  const expiresAt = expiresInMs ? new Date(at.getTime() + expiresInMs).toISOString() : null;
  const inserted = await insertJob(ctx.db, { kind: 'itinerary', visitorCode: code, firstOf: null, printerId: printer.id, printerName: printer.name, stationId: ctx.station.id, stationName: ctx.station.name, reason: null, nonce, expiresAt }, at.toISOString());
  if (inserted) {
    ctx.audit(code, { itinerary: items });
    ctx.emit(jobEvent(inserted, 'queued'));
  }
  return inserted ?? (await ctx.db.selectFrom('print_jobs').selectAll().where('nonce', '=', nonce).executeTakeFirstOrThrow());
}

/** A slip after a check-in's badge: under a savepoint, so it never fails the check-in it follows. */
function slipAfterBadge(ctx: HandlerCtx, printer: { id: string; name: string }, code: string, nonce: string, items: number, expiresInMs?: number): Promise<string | undefined> {
  return withSavepoint(
    ctx.db,
    'itinerary_slip',
    async () => (await queueSlip(ctx, printer, code, nonce, items, expiresInMs)).id,
    (e) => {
      ctx.log.warn('itinerary slip not queued', { error: String((e as Error)?.message ?? e) });
      return undefined;
    },
  );
}

export async function printItinerary(ctx: HandlerCtx, input: { nonce: string; code: string }): Promise<ItineraryPrintAnswer> {
  const day = await todayIn(ctx);
  const r = await itineraryFor(ctx.db, input.code, day);
  if (typeof r === 'string') return { status: r };
  const { printer } = await ctx.runtime.printing.stationSetting(ctx.db);
  if (!printer) return { status: 'no_printer' };
  const code = (await findVisitorByScan(ctx.db, input.code)).code!;
  // A repeated request (same nonce): the slip already queued, not a second one.
  const job = await queueSlip(ctx, printer, code, slipNonce(day, code, input.nonce), r.itinerary.items.length);
  const live = ctx.runtime.printing.state(printer.id);
  return { status: live && !live.online ? 'printer_offline' : 'queued', jobId: job.id };
}

/**
 * The desk's check-in: an SME or buyer with meetings today gets their schedule on the
 * card and, when the station prints on check-in, one slip queued right after the badge —
 * its nonce is the check-in's, so a retried check-in finds the same slip. A problem with
 * the slip never fails the check-in (savepoint, like the badge).
 */
export async function itineraryAtCheckin(ctx: HandlerCtx, code: string, checkinNonce: string, print: boolean): Promise<{ itinerary?: Itinerary; itinerarySlipJobId?: string }> {
  const day = await todayIn(ctx);
  // The programme room's cache: a check-in must not re-read the day's programme each time.
  // The visitor from the replica when it is current: only their organisation is read here.
  const r = await itineraryFor(ctx.db, code, day, await ctx.runtime.programme.consultations(ctx.db, day), ctx.runtime.replicaReads);
  if (typeof r === 'string') return {};
  if (!print) return { itinerary: r.itinerary };
  const { printer, autoPrint } = await ctx.runtime.printing.stationSetting(ctx.db);
  if (!printer || !autoPrint) return { itinerary: r.itinerary };
  const jobId = await slipAfterBadge(ctx, printer, code, slipNonce(day, code, `checkin:${checkinNonce}`), r.itinerary.items.length);
  return { itinerary: r.itinerary, ...(jobId ? { itinerarySlipJobId: jobId } : {}) };
}

/** What a public screen may show of a schedule (see PublicItinerary). */
export const publicItinerary = (it: Itinerary): PublicItinerary => ({
  day: it.day,
  side: it.side,
  items: it.items.map(({ meetingId: _id, interpreter, ...i }) => ({ ...i, interpreted: !!interpreter })),
});

/**
 * The kiosk's confirm: the schedule of the visitor its ticket named (the code never
 * leaves the server), and the slip after the badge when the badge is coming out — with
 * the badge's expiry, so a slip never prints later for nobody.
 */
export async function itineraryAtKiosk(ctx: HandlerCtx, code: string, confirmNonce: string, badgeQueued: boolean): Promise<PublicItinerary | undefined> {
  const day = await todayIn(ctx);
  // The visitor from the replica when it is current: only their organisation is read here.
  const r = await itineraryFor(ctx.db, code, day, await ctx.runtime.programme.consultations(ctx.db, day), ctx.runtime.replicaReads);
  if (typeof r === 'string') return undefined;
  if (badgeQueued) {
    const { printer } = await ctx.runtime.printing.stationSetting(ctx.db);
    if (printer) await slipAfterBadge(ctx, printer, code, slipNonce(day, code, `kiosk:${confirmNonce}`), r.itinerary.items.length, KIOSK_BADGE_EXPIRY_MS);
  }
  return publicItinerary(r.itinerary);
}

// The schedule slip is a print job of its own kind: the print queue renders it through this.
registerJobRenderer('itinerary', async (db, job, printer, stock) => {
  const slip = await slipForJob(db, job.nonce);
  if (!slip) throw new Error('no meetings for this itinerary');
  return encodeBadge(toKind(printer.kind), renderItinerary(slip, stock));
});
