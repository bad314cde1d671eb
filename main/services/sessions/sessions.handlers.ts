import type { Handlers } from '../../core/router';
import { todayIn } from '../system/event.service';
import { attendanceOf } from './attendance.service';
import { certificatesOf, exportAttendance } from './attendance.export';
import { doorScan } from './door.service';
import { normalizeScannedCode } from '../checkin/scan-code';
import { actOnSession, saveDetails } from './session-admin.service';
import { sessionBoard } from './session-board.service';
import { readDoorSettings, writeDoorSettings } from './session-settings.service';
import { mustFindSession, sessionsOfDay, viewsOf } from './sessions.service';
import { cancelSignup, signUp, signupsOf } from './signup.service';
import { importSignups } from './signup-import';
import { printTicket } from './session-ticket.service';
import { exportSignupSheet, signupSheetOf } from './signup-sheet.service';

async function sheetOf(ctx: Parameters<Handlers['sessions.list']>[0], id: string) {
  return signupSheetOf(ctx.db, await mustFindSession(ctx.db, id), ctx.clock.now().getTime(), (await readDoorSettings(ctx.db)).noShowMin);
}

async function viewOf(ctx: Parameters<Handlers['sessions.list']>[0], id: string) {
  const s = await mustFindSession(ctx.db, id);
  const [view] = await viewsOf(ctx.db, [s], ctx.clock.now().getTime(), (await readDoorSettings(ctx.db)).noShowMin);
  return view!;
}

export const sessionsHandlers = {
  'sessions.list': async (ctx, input) => {
    const day = input.day ?? (await todayIn(ctx));
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
  'sessions.signups.import': (ctx, input) => importSignups(ctx, input),
  'sessions.signup.cancel': (ctx, input) => cancelSignup(ctx, input),
  'sessions.signups.of': (ctx, input) => signupsOf(ctx, input.code),
  'sessions.ticket.print': (ctx, input) => printTicket(ctx, input),
  'sessions.act': async (ctx, input) => {
    await actOnSession(ctx, input);
    return viewOf(ctx, input.sessionId);
  },
  'sessions.attendance': async (ctx, input) => attendanceOf(ctx.db, await mustFindSession(ctx.db, input.sessionId), ctx.clock.now().getTime()),
  'sessions.attendance.export': async (ctx, input) => {
    // One institution: every training-like session of the day that counts attendance.
    const list = input.sessionId
      ? [await mustFindSession(ctx.db, input.sessionId)]
      : (await sessionsOfDay(ctx.db, (await todayIn(ctx)))).filter((s) => s.details.minAttendancePct !== null);
    return exportAttendance(ctx.db, list, ctx.clock.now().getTime(), input.format, input.organisation);
  },
  'sessions.certificates': async (ctx, input) =>
    certificatesOf(ctx.db, await mustFindSession(ctx.db, input.sessionId), ctx.clock.now().getTime(), {
      ...(input.code !== undefined ? { code: normalizeScannedCode(input.code) ?? input.code.slice(0, 40) } : {}),
      ...(input.organisation !== undefined ? { organisation: input.organisation } : {}),
    }),
  'sessions.board': (ctx) => sessionBoard(ctx),
  'sessions.signups.sheet': (ctx, input) => sheetOf(ctx, input.sessionId),
  'sessions.signups.sheet.export': async (ctx, input) => exportSignupSheet(ctx.db, await sheetOf(ctx, input.sessionId), input.format),
} satisfies Partial<Handlers>;
