import type { Handlers } from '../../core/router';
import { getEvent, todayIn } from './event.service';
import { listStations } from './station.service';

export const systemHandlers = {
  'system.hello': async (ctx) => {
    const now = ctx.clock.now();
    const [event, row] = await Promise.all([
      getEvent(ctx.db),
      ctx.db.selectFrom('stations').selectAll().where('id', '=', ctx.station.id).executeTakeFirst(),
    ]);
    return {
      station: {
        id: ctx.station.id,
        name: ctx.station.name,
        role: ctx.station.role,
        version: ctx.runtime.version,
        lastSeenAt: row?.last_seen_at ?? now.toISOString(),
        online: true,
      },
      event,
      today: await todayIn(ctx),
      now: now.toISOString(),
      db: ctx.runtime.dbKind,
      version: ctx.runtime.version,
    };
  },
  // Never touches the database: it must answer while the venue database is down.
  'system.status': async (ctx) => ({ db: ctx.runtime.dbKind, dbOnline: ctx.runtime.dbOnline }),
  'system.stations': async (ctx) => listStations(ctx.db, ctx.clock.now()),
} satisfies Partial<Handlers>;
