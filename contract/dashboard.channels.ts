import { z } from 'zod';
import { channel } from './define';
import { IsoDay } from './common.schema';
import { KIOSK_ALERTS, KIOSK_ALERT_ROLES } from './kiosk.channels';
import { PrintFailure } from './printing.channels';

const N = z.number().int();

/**
 * One open alert of the venue: a kiosk calling for staff, or a printer (gone offline, or a
 * job it could not print: `jobId`). One store, one ack (kiosk.alert.ack) for both kinds.
 * Station and printer names only: no visitor.
 */
export const OpenAlert = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kiosk'), id: z.string(), stationId: z.string(), stationName: z.string(), reason: z.enum(KIOSK_ALERTS), at: z.string() }),
  z.object({ kind: z.literal('printer'), id: z.string(), stationId: z.string(), stationName: z.string(), printerName: z.string(), reason: PrintFailure, jobId: z.string().nullable(), at: z.string() }),
]);
export type OpenAlert = z.infer<typeof OpenAlert>;

/** Everything the organiser's live dashboard shows, computed in one call (aggregates only: no personal data, so the board role may have it). */
export const DashboardSnapshot = z.object({
  now: z.string(),
  today: IsoDay,
  days: z.array(IsoDay),
  /** Check-ins per event day and local hour ("09"). */
  arrivalsByHour: z.array(z.object({ day: IsoDay, hour: z.string(), n: N })),
  /** Today's check-ins per station (entrance). */
  arrivalsByStation: z.array(z.object({ stationId: z.string(), name: z.string(), n: N })),
  /** Today: registered for today vs arrived, per category. */
  categories: z.array(z.object({ category: z.string(), registered: N, arrived: N })),
  /** Today's check-ins by how they came in (scan, search, walk_in, kiosk, override …): all day and the last 15 minutes. */
  throughput: z.array(z.object({ method: z.string(), today: N, last15: N })),
  printers: z.array(z.object({ id: z.string(), name: z.string(), enabled: z.boolean(), online: z.boolean().nullable(), queued: N, failed: N, printedToday: N })),
  gifts: z.array(z.object({ id: z.string(), labelKo: z.string(), labelEn: z.string(), remaining: N, lastHour: N, emptyAt: z.string().nullable() })),
  stamps: z.array(z.object({ pointId: z.string(), labelKo: z.string(), labelEn: z.string(), n: N })),
  consultations: z.object({ total: N, running: N, late: N, noShow: N, done: N }),
  stations: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), online: z.boolean(), lastSeenAt: z.string() })),
  /**
   * Rooms' occupancy: per room, the session running now (or else its next one today), with
   * the door's tally (people inside = ins − outs), its capacity and whether it is full.
   */
  rooms: z.array(
    z.object({
      sessionId: z.string(),
      title: z.string(),
      room: z.string(),
      start: z.string(),
      end: z.string(),
      state: z.enum(['running', 'next']),
      inside: N,
      admitted: N,
      capacity: N.nullable(),
      full: z.boolean(),
    }),
  ),
  /** Kiosk and printer alerts of today that no console has taken yet (taken once for every console), newest first. */
  alerts: z.array(OpenAlert),
});
export type DashboardSnapshot = z.infer<typeof DashboardSnapshot>;

export const dashboardChannels = {
  'dashboard.snapshot': channel({
    doc: 'The live dashboard in one call: arrivals, categories, throughput, printers, gift stock forecast, stamps, consultations, stations, rooms\' occupancy, open kiosk alerts.',
    input: z.object({}),
    output: DashboardSnapshot,
    roles: ['admin', 'board'],
    write: false,
  }),
  'dashboard.alerts': channel({
    doc: 'The open alerts (kiosk and printer) of today, newest first: what a console opened after they were raised shows before any event arrives.',
    input: z.object({}),
    output: z.object({ alerts: z.array(OpenAlert) }),
    roles: KIOSK_ALERT_ROLES,
    write: false,
  }),
};
