/**
 * What the hall board shows of the sessions: those running now with their fill against
 * capacity ("만석 / Full"), the next ones (a cancelled session is never "next"; it is
 * listed once as cancelled), mode, stream link for a QR, and a tour's meeting point.
 */
import type { BoardSessionCard, SessionBoard } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { todayIn } from '../system/event.service';
import { countsOf, isFull, sessionsOfDay, type LoadedSession } from './sessions.service';

/** How many upcoming sessions the board lists. */
const NEXT_SHOWN = 6;

export async function sessionBoard(ctx: HandlerCtx): Promise<SessionBoard> {
  const now = ctx.clock.now();
  const t = now.getTime();
  const all = await sessionsOfDay(ctx.db, (await todayIn(ctx)));
  const live = all.filter((s) => !s.schedule.cancelled && Date.parse(s.schedule.start) <= t && t < Date.parse(s.schedule.end));
  const next = all
    .filter((s) => !s.schedule.cancelled && Date.parse(s.schedule.start) > t)
    .sort((a, b) => a.schedule.start.localeCompare(b.schedule.start))
    .slice(0, NEXT_SHOWN);
  const counts = await countsOf(ctx.db, [...live, ...next].map((s) => s.row.id));
  const card = (s: LoadedSession, isLive: boolean): BoardSessionCard => {
    const occupancy = counts.get(s.row.id)?.occupancy ?? 0;
    return {
      id: s.row.id,
      kind: s.row.kind,
      title: s.row.title,
      room: s.schedule.room,
      start: s.schedule.start,
      end: s.schedule.end,
      delayMin: s.schedule.delayMin,
      moved: s.schedule.moved,
      mode: s.details.mode,
      languages: s.details.languages,
      // Only online and hybrid sessions put their link on the board.
      streamUrl: s.details.mode === 'offline' ? null : s.details.streamUrl,
      meetingPoint: s.details.meetingPoint,
      capacity: s.details.capacity,
      occupancy,
      full: isFull(s.details, occupancy),
      live: isLive,
    };
  };
  return {
    now: now.toISOString(),
    live: live.map((s) => card(s, true)),
    next: next.map((s) => card(s, false)),
    cancelled: all.filter((s) => s.schedule.cancelled && Date.parse(s.schedule.end) > t).map((s) => ({ id: s.row.id, title: s.row.title, start: s.schedule.start })),
  };
}
