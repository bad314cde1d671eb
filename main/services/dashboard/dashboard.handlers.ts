/** Handler of contract/dashboard.channels.ts. */
import type { Handlers } from '../../core/router';
import { dashboardSnapshot, openAlertsToday } from './dashboard.service';

export const dashboardHandlers: Pick<Handlers, 'dashboard.snapshot' | 'dashboard.alerts'> = {
  'dashboard.snapshot': async (ctx) =>
    dashboardSnapshot({
      db: ctx.db,
      now: ctx.clock.now(),
      printerOnline: (id) => ctx.runtime.printing.state(id)?.online ?? null,
    }),
  'dashboard.alerts': async (ctx) => ({ alerts: await openAlertsToday(ctx.db, ctx.clock.now()) }),
};
