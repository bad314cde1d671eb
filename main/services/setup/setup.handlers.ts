import type { Handlers } from '../../core/router';
import { getEvent } from '../system/event.service';
import { previewEvent, saveEvent } from './event-setup.service';

export const setupHandlers = {
  'event.get': async (ctx) => getEvent(ctx.db),
  'event.preview': async (ctx, input) => previewEvent(ctx.db, input),
  'event.set': async (ctx, input) => {
    const { event, preview } = await saveEvent(ctx.db, input, ctx.clock.now().toISOString());
    ctx.audit('event', { days: event.days, halls: event.halls.map((h) => h.id), timeZone: event.timeZone, removedDays: preview.removedDays, categories: event.categories.map((c) => c.id), removedCategories: preview.removedCategories.map((c) => c.id) });
    // Every station re-reads the event (days, halls, time zone) and its screens follow.
    ctx.emit({ type: 'event.changed' });
    return event;
  },
} satisfies Partial<Handlers>;
