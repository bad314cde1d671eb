/**
 * Browser kiosk fallback (the Electron shell locks down in main/electron/kiosk-lockdown.ts):
 * full screen on the first touch, no context menu, no text selection, no pinch or
 * ctrl-zoom, and no way back through history to a previous visitor.
 */
import { useEffect, useRef } from 'react';

const BLOCKED_KEYS = new Set(['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward']);

export function useBrowserLockdown(onBack: () => void): void {
  const back = useRef(onBack);
  back.current = onBack;
  useEffect(() => {
    const opts = { capture: true, passive: false } as const;
    const prevent = (e: Event) => e.preventDefault();
    const fullscreen = () => {
      if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(() => undefined);
      }
    };
    const pinch = (e: TouchEvent) => {
      if (e.touches.length > 1) e.preventDefault();
    };
    const wheel = (e: WheelEvent) => {
      if (e.ctrlKey) e.preventDefault();
    };
    const keys = (e: KeyboardEvent) => {
      const zoom = (e.ctrlKey || e.metaKey) && ['+', '-', '=', '0'].includes(e.key);
      const nav = e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight');
      if (zoom || nav || BLOCKED_KEYS.has(e.key)) e.preventDefault();
    };
    // One entry of our own on top: "back" lands on it and starts over instead of leaving.
    history.pushState({ kiosk: true }, '', location.href);
    const popstate = () => {
      history.pushState({ kiosk: true }, '', location.href);
      back.current();
    };
    // One table for adding and removing, so the two lists cannot drift apart.
    const listeners: [string, (e: never) => void][] = [
      ['pointerdown', fullscreen],
      ['contextmenu', prevent],
      ['selectstart', prevent],
      ['dragstart', prevent],
      ['gesturestart', prevent],
      ['touchmove', pinch],
      ['wheel', wheel],
      ['keydown', keys],
    ];
    for (const [type, fn] of listeners) document.addEventListener(type, fn as EventListener, opts);
    window.addEventListener('popstate', popstate);
    return () => {
      for (const [type, fn] of listeners) document.removeEventListener(type, fn as EventListener, opts);
      window.removeEventListener('popstate', popstate);
    };
  }, []);
}
