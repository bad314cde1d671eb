/**
 * What the waiting-area screen says, pure (tested under Node): the next round's calls
 * ("table N — company"), when to sound the call (a minute before that round), and the
 * SMEs late for a slot that has begun, for the floor manager. Reads the floor state the
 * board reads; structural types so this file imports nothing.
 */
export interface WaitingMeeting {
  id: string;
  table: string;
  start: string;
  seller: string;
  buyer: string;
  phase: string;
  arrivedSeller: boolean;
}
export interface WaitingTable {
  name: string;
  now: WaitingMeeting | null;
  next: WaitingMeeting | null;
}

export interface WaitingView {
  /** The next round's start (epoch ms), null when nothing is left today. */
  slot: number | null;
  calls: { table: string; seller: string; buyer: string }[];
  /** When the call tone sounds: a minute before the round. */
  toneAt: number | null;
  late: { table: string; seller: string; minutes: number }[];
}

export const CALL_LEAD_MS = 60_000;
const open = (m: WaitingMeeting | null): m is WaitingMeeting => !!m && (m.phase === 'scheduled' || m.phase === 'waiting');

export function waitingView(tables: readonly WaitingTable[], now: number): WaitingView {
  const upcoming = tables.flatMap((t) => [t.now, t.next].filter(open).filter((m) => Date.parse(m.start) > now).slice(0, 1));
  const slot = upcoming.length ? Math.min(...upcoming.map((m) => Date.parse(m.start))) : null;
  const calls = upcoming.filter((m) => Date.parse(m.start) === slot).map((m) => ({ table: m.table, seller: m.seller, buyer: m.buyer }));
  const late = tables
    .map((t) => t.now)
    .filter(open)
    .filter((m) => !m.arrivedSeller && Date.parse(m.start) <= now)
    .map((m) => ({ table: m.table, seller: m.seller, minutes: Math.floor((now - Date.parse(m.start)) / 60_000) }));
  return { slot, calls, toneAt: slot === null ? null : slot - CALL_LEAD_MS, late };
}
