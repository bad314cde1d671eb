import { useCallback, useEffect, useRef } from 'react';
import type { PushEvent } from '@contract/index';
import { subscribe } from './api/client';

/** Subscribe a component to push events for its lifetime. */
export function usePushEvents(fn: (ev: PushEvent) => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => subscribe((ev) => ref.current(ev)), []);
}

/**
 * One request in flight at a time: a double tap or a scanner's double Enter must not send a second request (or run a
 * second preview/import) while the first is still out. Calls made meanwhile are dropped and resolve to undefined;
 * otherwise `guard(fn)` resolves to fn's result. The server's nonces make a repeat harmless; this keeps the screen
 * from racing itself. `guard` is stable across renders.
 */
export function useBusyGuard(): <T>(fn: () => Promise<T>) => Promise<T | undefined> {
  const busy = useRef(false);
  return useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    if (busy.current) return undefined;
    busy.current = true;
    try {
      return await fn();
    } finally {
      busy.current = false;
    }
  }, []);
}
