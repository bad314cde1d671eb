/**
 * Itineraries: an SME's or buyer's consultations of the day, found by their badge code
 * (the codes the programme lists, else their organisation — the floor's own rule,
 * `badgeSide`), shown on screen and printed as a thermal slip after the badge. The slip
 * is a print job of its own kind (`itinerary`), rendered by the print queue through the
 * registry at print time from its nonce `itinerary:<day>:<code>:<request nonce>`, so an
 * offline printer prints the schedule as it stands when the printer is back.
 */
import type { Kysely } from 'kysely';
import { localTime, type Itinerary, type ItineraryAnswer, type ItineraryItem, type ItineraryPrintAnswer } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx } from '../../core/router';
import { wallClockIn } from '../../core/clock';
import { encodeBadge } from '../../printing/escpos.encode';
import { renderItinerary, type ItinerarySlip } from '../../printing/itinerary.render';
import { registerJobRenderer } from '../printing/job-renderers';
import { insertJob, jobEvent } from '../printing/print-jobs.service';
import { toKind } from '../printing/printers.service';
import { eventTimeZone, getEvent, todayIn } from '../system/event.service';
import { findVisitorByScan } from '../visitors/visitor-lookup.service';
import { factsOfBooths, meetingBoothState } from '../booth/booth-facts';
import { badgeSide, isOnline } from '../programme/floor.service';
import { ProgrammeDayCache } from '../programme/programme-cache';
import { countryTimeZone } from '../programme/country-tz';

const PREFIX = 'itinerary:';

/** The participant's meetings on `day`, or null when the code names nobody with meetings. */
export async function itineraryFor(db: Kysely<Database>, rawCode: string, day: string): Promise<{ itinerary: Itinerary; name: string } | 'none' | 'unknown_code'> {
  const { code, row: v } = await findVisitorByScan(db, rawCode);
  if (!code) return 'unknown_code';
  // A fresh read through the programme room's reader (no cache: a print job runs later).
  const rows = await new ProgrammeDayCache(0).consultations(db, day);
  const hits = rows.flatMap((r) => {
    const h = badgeSide(r, code, v?.org_norm ?? null);
    return h ? [{ r, ...h }] : [];
  });
  if (!v && hits.length === 0) return 'unknown_code';
  if (hits.length === 0) return 'none';
  // One person is one side: the side of their first meeting (by code before organisation).
  const side = (hits.find((h) => h.match === 'code') ?? hits[0]!).side;
  const mine = hits.filter((h) => h.side === side).map((h) => h.r);
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
      const note = [
        i.online ? `화상 Video${i.country ? ` · ${i.country}` : ''}${local ? ` · 현지 local ${local.time}${local.dayOffset ? (local.dayOffset > 0 ? ' (+1)' : ' (-1)') : ''}` : ''}` : it.side === 'buyer' || !i.country ? '' : i.country,
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

export async function printItinerary(ctx: HandlerCtx, input: { nonce: string; code: string }): Promise<ItineraryPrintAnswer> {
  const day = await todayIn(ctx);
  const r = await itineraryFor(ctx.db, input.code, day);
  if (typeof r === 'string') return { status: r };
  const { printer } = await ctx.runtime.printing.stationSetting(ctx.db);
  if (!printer) return { status: 'no_printer' };
  const code = (await findVisitorByScan(ctx.db, input.code)).code!;
  const nonce = `${PREFIX}${day}:${code}:${input.nonce}`;
  const at = ctx.clock.now().toISOString();
  const inserted = await insertJob(ctx.db, { kind: 'itinerary', visitorCode: code, firstOf: null, printerId: printer.id, printerName: printer.name, stationId: ctx.station.id, stationName: ctx.station.name, reason: null, nonce }, at);
  if (inserted) {
    ctx.audit(code, { itinerary: r.itinerary.items.length });
    ctx.emit(jobEvent(inserted, 'queued'));
  }
  // A repeated request (same nonce): the slip already queued, not a second one.
  const job = inserted ?? (await ctx.db.selectFrom('print_jobs').selectAll().where('nonce', '=', nonce).executeTakeFirstOrThrow());
  const live = ctx.runtime.printing.state(printer.id);
  return { status: live && !live.online ? 'printer_offline' : 'queued', jobId: job.id };
}

// The schedule slip is a print job of its own kind: the print queue renders it through this.
registerJobRenderer('itinerary', async (db, job, printer, stock) => {
  const slip = await slipForJob(db, job.nonce);
  if (!slip) throw new Error('no meetings for this itinerary');
  return encodeBadge(toKind(printer.kind), renderItinerary(slip, stock));
});
