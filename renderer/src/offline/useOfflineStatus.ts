import { useEffect, useState } from 'react';
import type { OfflineStatus } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';

/** How often the banner re-reads ages (offline since, oldest waiting, replica age). */
const TICK_MS = 1000;

/** This station's replica and outbox, as the station says (pushed on change, re-read every second for ages). */
export function useOfflineStatus(): OfflineStatus | null {
  const [status, setStatus] = useState<OfflineStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const read = async () => {
      const r = await call('offline.status', {});
      if (alive && r.ok) setStatus(r.value);
    };
    void read();
    const h = setInterval(read, TICK_MS);
    return () => {
      alive = false;
      clearInterval(h);
    };
  }, []);
  usePushEvents((ev) => {
    if (ev.type === 'offline.status') setStatus(ev.status);
  });
  return status;
}

/** "12 s", "3 min", "1 h" — how long ago, in the screen's language. */
export function ageKey(ms: number): { key: 'offline.age.s' | 'offline.age.min' | 'offline.age.h'; n: number } {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return { key: 'offline.age.s', n: s };
  if (s < 3600) return { key: 'offline.age.min', n: Math.floor(s / 60) };
  return { key: 'offline.age.h', n: Math.floor(s / 3600) };
}
