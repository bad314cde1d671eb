import { z } from 'zod';
import { channel } from './define';
import { IsoDay, Nonce, ScanCode } from './common.schema';

/** One meeting on a participant's schedule: where, when, with whom (organisations only). */
export const ItineraryItem = z.object({
  meetingId: z.string(),
  start: z.string(),
  end: z.string(),
  venue: z.string(),
  /** The other side's organisation and (buyers) country. */
  counterpart: z.string(),
  country: z.string().nullable(),
  online: z.boolean(),
  /** Online meetings: the buyer's zone (the buyer's own clock prints beside the time). */
  buyerTimeZone: z.string().nullable(),
  interpreter: z.string().nullable(),
});
export type ItineraryItem = z.infer<typeof ItineraryItem>;

/**
 * A participant's consultations of the day, found by their badge code: by the codes the
 * programme lists, else by organisation. No name, phone or e-mail: the kiosk shows it.
 */
export const Itinerary = z.object({
  day: IsoDay,
  side: z.enum(['seller', 'buyer']),
  organisation: z.string(),
  items: z.array(ItineraryItem),
});
export type Itinerary = z.infer<typeof Itinerary>;

export const ItineraryAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), itinerary: Itinerary }),
  /** A registered visitor with no consultation today. */
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('unknown_code') }),
]);
export type ItineraryAnswer = z.infer<typeof ItineraryAnswer>;

export const ItineraryPrintAnswer = z.discriminatedUnion('status', [
  /** Queued on this station's printer (printer_offline: it prints when the printer is back). */
  z.object({ status: z.enum(['queued', 'printer_offline']), jobId: z.string() }),
  z.object({ status: z.literal('no_printer') }),
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('unknown_code') }),
]);
export type ItineraryPrintAnswer = z.infer<typeof ItineraryPrintAnswer>;

/**
 * What a kiosk's confirm screen shows of a schedule: the visitor's own meetings only —
 * times, place, the other side's organisation. Whether an interpreter joins, not who
 * (staff names stay off public screens); no names, codes or contact details.
 */
export const PublicItineraryItem = ItineraryItem.omit({ meetingId: true, interpreter: true }).extend({ interpreted: z.boolean() });
export const PublicItinerary = z.object({ day: IsoDay, side: z.enum(['seller', 'buyer']), items: z.array(PublicItineraryItem) });
export type PublicItinerary = z.infer<typeof PublicItinerary>;

export const ItineraryPdfAnswer = z.discriminatedUnion('status', [
  /** An A4 page (PDF, fonts embedded) to print on an office printer. */
  z.object({ status: z.literal('found'), fileName: z.string(), mime: z.literal('application/pdf'), dataBase64: z.string() }),
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('unknown_code') }),
]);
export type ItineraryPdfAnswer = z.infer<typeof ItineraryPdfAnswer>;

export const itineraryChannels = {
  'itinerary.get': channel({
    doc: "A participant's consultations today (SME or buyer), by badge code: time, place, the other side, online meetings' buyer time.",
    input: z.object({ code: ScanCode }),
    output: ItineraryAnswer,
    roles: ['admin', 'desk', 'kiosk', 'floor'],
    write: false,
  }),
  'itinerary.print': channel({
    doc: "Print a participant's schedule as a slip on this station's thermal printer (after the badge). One slip per request nonce.",
    input: z.object({ nonce: Nonce, code: ScanCode }),
    output: ItineraryPrintAnswer,
    roles: ['admin', 'desk', 'kiosk'],
    write: true,
  }),
  'itinerary.pdf': channel({
    doc: "A participant's schedule as an A4 PDF (bundled fonts embedded: Hangul, Han, Latin with diacritics print on any office PC).",
    input: z.object({ code: ScanCode }),
    output: ItineraryPdfAnswer,
    roles: ['admin', 'desk', 'floor'],
    write: false,
  }),
};
