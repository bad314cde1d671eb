import { z } from 'zod';
import { channel } from './define';
import { IsoDay } from './common.schema';
import { KIOSK_ALERTS } from './kiosk.channels';

const N = z.number().int();

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
  /** Kiosk alerts of today that no console has taken yet (taken once for every console), newest first. */
  alerts: z.array(z.object({ id: z.string(), stationId: z.string(), stationName: z.string(), reason: z.enum(KIOSK_ALERTS), at: z.string() })),
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
};
