import type { Handlers } from '../../core/router';
import { boothView, listBooths, markConnection, recordTechCheck, setInterpreter } from './booth.service';

export const boothHandlers = {
  'booth.list': (ctx) => listBooths(ctx),
  'booth.view': (ctx, input) => boothView(ctx, input.booth),
  'booth.connection.mark': (ctx, input) => markConnection(ctx, input),
  'booth.techcheck.record': (ctx, input) => recordTechCheck(ctx, input),
  'booth.interpreter.set': (ctx, input) => setInterpreter(ctx, input),
} satisfies Partial<Handlers>;
