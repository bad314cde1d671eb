/**
 * The floor's state as the console and the board see it: fetched whole from the
 * station (it is small — 36 tables), refetched on every push event that can change it,
 * after a dropped link or a station restart, and at the next phase boundary. Screens
 * tick their countdowns locally from the server clock: `serverNow()` is the local clock
 * plus the offset measured at the last fetch, so every board moves in step.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, BoardMeeting, FloorState } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { eventZone } from '../setup/event-zone';

/** Even without events, refetch this often (a rehearsal clock set elsewhere, a missed frame). */
const SAFETY_REFETCH_MS = 30_000;

export interface FloorStateHandle {
  state: FloorState | null;
  error: AppError | null;
  /** The server's "now" (rehearsal time when set), ticking locally. */
  serverNow(): number;
  refetch(): void;
}

/** The earliest instant after `now` at which some table's phase or now/next changes by itself. */
function nextBoundary(s: FloorState, now: number): number | null {
  let next: number | null = null;
  const consider = (iso: string | null | undefined) => {
    if (!iso) return;
    const t = Date.parse(iso);
    if (t > now && (next === null || t < next)) next = t;
  };
  for (const t of s.tables) {
    consider(t.now?.phaseEndsAt);
    consider(t.now?.end);
    consider(t.now?.start);
    consider(t.next?.start);
    // "late" starts a minute after the planned start.
    if (t.now?.start) consider(new Date(Date.parse(t.now.start) + 60_000).toISOString());
  }
  for (const r of s.rooms) {
    consider(r.now?.end);
    consider(r.next?.start);
  }
  consider(s.roundSlot);
  return next;
}

/** The state with meetings replaced where a table shows them (now or next). */
function patchMeetings(s: FloorState, meetings: BoardMeeting[]): FloorState {
  const byId = new Map(meetings.map((m) => [m.id, m]));
  let hit = false;
  const tables = s.tables.map((t) => {
    const now = t.now && byId.get(t.now.id);
    const next = t.next && byId.get(t.next.id);
    if (!now && !next) return t;
    hit = true;
    return { ...t, now: now ?? t.now, next: next ?? t.next };
  });
  return hit ? { ...s, tables } : s;
}

export function useFloorState(): FloorStateHandle {
  const [state, setState] = useState<FloorState | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const offset = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);

  const fetchState = useCallback(async () => {
    // One request at a time; a burst of events while it runs costs one more fetch.
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        const sent = Date.now();
        const r = await call('floor.state', {});
        const received = Date.now();
        if (!alive.current) return;
        if (r.ok) {
          // The answer was made about halfway through the round trip.
          offset.current = Date.parse(r.value.now) - (sent + received) / 2;
          performance.mark('floor.data');
          setState(r.value);
          setError(null);
        } else setError(r.error);
      } while (again.current && alive.current);
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    void fetchState();
    const h = setInterval(() => void fetchState(), SAFETY_REFETCH_MS);
    return () => {
      alive.current = false;
      clearInterval(h);
    };
  }, [fetchState]);

  // Phases move by time alone (pitch → Q&A, late, overrun): refetch at the next boundary.
  useEffect(() => {
    if (!state) return;
    const now = Date.now() + offset.current;
    const at = nextBoundary(state, now);
    if (at === null) return;
    const h = setTimeout(() => void fetchState(), Math.min(at - now + 150, SAFETY_REFETCH_MS));
    return () => clearTimeout(h);
  }, [state, fetchState]);

  usePushEvents((ev) => {
    switch (ev.type) {
      case 'floor.changed':
        // Show the changed meetings at once; the refetch then settles now/next.
        if (ev.meetings.length) setState((s) => s && patchMeetings(s, ev.meetings));
        void fetchState();
        break;
      case 'programme.changed':
      case 'floor.clock':
      case 'floor.config':
        void fetchState();
        break;
      case 'station.status':
        // Back after a dropped link or a station restart: rebuild from the database.
        if (ev.online) void fetchState();
        break;
      default:
        break;
    }
  });

  return { state, error, serverNow: useCallback(() => Date.now() + offset.current, []), refetch: fetchState };
}

/** Re-renders the caller every `ms` while mounted (countdowns); the interval is always cleared. */
export function useTick(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const h = setInterval(() => setN((x) => (x + 1) % 1_000_000), ms);
    return () => clearInterval(h);
  }, [ms]);
  return n;
}

/**
 * Whole minutes of a span, rounded up: "4 min left" while 3:01–4:00 remain. A countdown
 * is never written mm:ss — from across a hall "10:28" beside a 10:00 clock reads as a
 * time of day, not as minutes left.
 */
export function minutesOf(ms: number): number {
  return Math.max(0, Math.ceil(Math.abs(ms) / 60_000));
}

/** A running meeting past the end of its Q&A (its time is up; the next round or staff end it). */
export function timeIsUp(m: { phase: string; qaEndsAt: string | null }, now: number): boolean {
  return (m.phase === 'pitch' || m.phase === 'qa') && m.qaEndsAt !== null && now > Date.parse(m.qaEndsAt);
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
/** HH:MM (or HH:MM:SS) of an instant in a time zone (by default the fair's). */
export function clockText(ms: number, timeZone = eventZone(), seconds = false): string {
  const key = `${timeZone}|${seconds}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hour12: false });
    fmtCache.set(key, f);
  }
  return f.format(ms);
}

/** What the countdown of a meeting shows at `now`: remaining time and progress of its phase. */
export function countdown(m: { phaseStartedAt: string | null; phaseEndsAt: string | null; qaEndsAt: string | null }, now: number) {
  if (!m.phaseStartedAt || !m.phaseEndsAt) return null;
  let start = Date.parse(m.phaseStartedAt);
  let end = Date.parse(m.phaseEndsAt);
  // Between refetches the pitch may have run out locally: carry on into the Q&A.
  if (now >= end && m.qaEndsAt && Date.parse(m.qaEndsAt) > end) {
    start = end;
    end = Date.parse(m.qaEndsAt);
  }
  const total = Math.max(1, end - start);
  return { remaining: end - now, fraction: Math.min(1, Math.max(0, (now - start) / total)) };
}
