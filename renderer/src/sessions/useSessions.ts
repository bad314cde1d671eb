/**
 * Today's sessions for the door and the console: fetched once, refetched when a session
 * changes anywhere, and patched at once from the door's occupancy events (numbers only),
 * so a count moves on every screen as soon as a door records a scan.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppError, SessionView } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';

export function useSessions() {
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const reload = useCallback(async () => {
    const r = await call('sessions.list', {});
    if (r.ok) {
      setSessions(r.value.sessions);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  usePushEvents((ev) => {
    if (ev.type === 'sessions.occupancy') {
      setSessions((list) => list?.map((s) => (s.id === ev.sessionId ? { ...s, occupancy: ev.occupancy, full: ev.full } : s)) ?? list);
    } else if (ev.type === 'sessions.changed' || ev.type === 'programme.changed' || ev.type === 'floor.clock') void reload();
  });
  return { sessions, error, reload, setSessions };
}

/** "만석 / Full" against capacity, or just the head count. */
export const seatsText = (s: Pick<SessionView, 'occupancy' | 'details'>) => (s.details.capacity === null ? `${s.occupancy}` : `${s.occupancy} / ${s.details.capacity}`);
