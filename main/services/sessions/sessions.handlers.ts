import type { Handlers } from '../../core/router';
import { todayIn } from '../system/event.service';
import { doorScan } from './door.service';
import { actOnSession, saveDetails } from './session-admin.service';
import { sessionBoard } from './session-board.service';
import { readDoorSettings, writeDoorSettings } from './session-settings.service';
import { mustFindSession, sessionsOfDay, viewsOf } from './sessions.service';
import { cancelSignup, signUp, signupsOf } from './signup.service';

async function viewOf(ctx: Parameters<Handlers['sessions.list']>[0], id: string) {
  const s = await mustFindSession(ctx.db, id);
  const [view] = await viewsOf(ctx.db, [s], ctx.clock.now().getTime(), (await readDoorSettings(ctx.db)).noShowMin);
  return view!;
}

export const sessionsHandlers = {
  'sessions.list': async (ctx, input) => {
    const day = input.day ?? todayIn(ctx.clock);
    const now = ctx.clock.now();
    const sessions = await viewsOf(ctx.db, await sessionsOfDay(ctx.db, day), now.getTime(), (await readDoorSettings(ctx.db)).noShowMin);
    return { now: now.toISOString(), day, sessions };
  },
  'sessions.details.save': async (ctx, input) => {
    await saveDetails(ctx, input.sessionId, input.details);
    return viewOf(ctx, input.sessionId);
  },
  'sessions.door.scan': (ctx, input) => doorScan(ctx, input),
  'sessions.door.settings.get': (ctx) => readDoorSettings(ctx.db),
  'sessions.door.settings.set': async (ctx, input) => {
    await writeDoorSettings(ctx.db, input, ctx.clock.now().toISOString());
    ctx.audit('door_settings', input);
    return input;
  },
  'sessions.signup': (ctx, input) => signUp(ctx, input),
  'sessions.signup.cancel': (ctx, input) => cancelSignup(ctx, input),
  'sessions.signups.of': (ctx, input) => signupsOf(ctx, input.code),
  'sessions.act': async (ctx, input) => {
    await actOnSession(ctx, input);
    return viewOf(ctx, input.sessionId);
  },
  'sessions.board': (ctx) => sessionBoard(ctx),
} satisfies Partial<Handlers>;
