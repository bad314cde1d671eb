import { useEffect, useRef } from 'react';
import type { PushEvent } from '@contract/index';
import { subscribe } from './api/client';

/** Subscribe a component to push events for its lifetime. */
export function usePushEvents(fn: (ev: PushEvent) => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => subscribe((ev) => ref.current(ev)), []);
}
