import { z } from 'zod';
import { channel } from './define';
import { ADMIN_ONLY, ANY_ROLE, ROLES } from './roles';
import { IsoDay, ShortText } from './common.schema';

export const EventInfo = z.object({
  name: z.string(),
  nameEn: z.string(),
  days: z.array(IsoDay),
  halls: z.array(z.string()),
  timezone: z.string(),
});
export type EventInfo = z.infer<typeof EventInfo>;

export const StationInfo = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  version: z.string(),
  lastSeenAt: z.string(),
  online: z.boolean(),
});
export type StationInfo = z.infer<typeof StationInfo>;

export const systemChannels = {
  'system.hello': channel({
    doc: 'Who am I (station, role), the event, today in the event time zone, database kind.',
    input: z.object({}),
    output: z.object({
      station: StationInfo,
      event: EventInfo,
      today: IsoDay,
      now: z.string(),
      db: z.enum(['sqlite', 'postgres']),
      version: z.string(),
    }),
    roles: ANY_ROLE,
    write: false,
  }),
  'system.status': channel({
    doc: "This station's link to its database, answered without asking the database (so it answers while the venue database is down): screens read it on load to show the offline banner at once.",
    input: z.object({}),
    output: z.object({ db: z.enum(['sqlite', 'postgres']), dbOnline: z.boolean() }),
    roles: ANY_ROLE,
    write: false,
  }),
  'system.stations': channel({
    doc: 'Stations known to this database, with heartbeat.',
    input: z.object({}),
    output: z.array(StationInfo),
    roles: ['admin', 'desk', 'floor'],
    write: false,
  }),
  'event.update': channel({
    doc: 'Set the event name, days and halls.',
    input: z.object({
      name: ShortText.min(1),
      nameEn: ShortText.min(1),
      days: z.array(IsoDay).min(1).max(14),
      halls: z.array(ShortText.min(1)).max(20),
    }),
    output: EventInfo,
    roles: ADMIN_ONLY,
    write: true,
  }),
};
