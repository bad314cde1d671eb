import { z } from 'zod';
import { channel } from './define';
import { ANY_ROLE, ROLES } from './roles';
import { IsoDay } from './common.schema';
import { EventInfo } from './event.channels';


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
};
