import type { Handlers } from '../../core/router';
import { todayIn } from '../system/event.service';
import { itineraryPdf } from './itinerary.pdf';
import { getItinerary, printItinerary } from './itinerary.service';

export const itineraryHandlers = {
  'itinerary.get': (ctx, input) => getItinerary(ctx, input.code),
  'itinerary.print': (ctx, input) => printItinerary(ctx, input),
  'itinerary.pdf': async (ctx, input) => itineraryPdf(ctx.db, input.code, await todayIn(ctx)),
} satisfies Partial<Handlers>;
