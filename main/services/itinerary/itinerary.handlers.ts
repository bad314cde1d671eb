import type { Handlers } from '../../core/router';
import { getItinerary, printItinerary } from './itinerary.service';

export const itineraryHandlers = {
  'itinerary.get': (ctx, input) => getItinerary(ctx, input.code),
  'itinerary.print': (ctx, input) => printItinerary(ctx, input),
} satisfies Partial<Handlers>;
