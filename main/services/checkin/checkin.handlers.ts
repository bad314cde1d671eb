import type { Handlers } from '../../core/router';
import { todayIn } from '../system/event.service';
import { checkIn } from './checkin.service';
import { readCounters } from './counters.service';

export const checkinHandlers = {
  'checkin.scan': async (ctx, input) => checkIn(ctx, { code: input.code, nonce: input.nonce, method: input.method }),
  'checkin.override': async (ctx, input) => checkIn(ctx, { code: input.code, nonce: input.nonce, method: 'scan', reason: input.reason }),
  'checkin.counters': async (ctx) => readCounters(ctx.db, ctx.runtime.registeredCount, todayIn(ctx.clock), ctx.clock.now().getTime()),
} satisfies Partial<Handlers>;
