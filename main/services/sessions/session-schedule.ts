/**
 * A session's schedule after the floor manager's append-only facts, folded in the order
 * they were recorded: a delay moves start and end, an extension moves the end, a cancel
 * (undone by a reinstate) takes it off the board's "next", a move changes the room.
 * Pure: the board, the doors and the sign-ups all read the same schedule.
 */
import type { SessionSchedule } from '../../../contract/index';

export interface SessionFact {
  type: string;
  minutes: number | null;
  room: string | null;
  at: string;
}

const MIN = 60_000;

export function foldSchedule(planned: { start: string; end: string; room: string }, facts: readonly SessionFact[]): SessionSchedule {
  let start = Date.parse(planned.start);
  let end = Date.parse(planned.end);
  let room = planned.room;
  let delayMin = 0;
  let extendMin = 0;
  let cancelled = false;
  for (const f of [...facts].sort((a, b) => a.at.localeCompare(b.at))) {
    const m = f.minutes ?? 0;
    if (f.type === 'delay') {
      start += m * MIN;
      end += m * MIN;
      delayMin += m;
    } else if (f.type === 'extend') {
      end += m * MIN;
      extendMin += m;
    } else if (f.type === 'cancel') cancelled = true;
    else if (f.type === 'reinstate') cancelled = false;
    else if (f.type === 'move' && f.room) room = f.room;
  }
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), room, delayMin, extendMin, cancelled, moved: room !== planned.room };
}
