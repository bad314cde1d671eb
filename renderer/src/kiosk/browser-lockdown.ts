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
    document.addEventListener('pointerdown', fullscreen, opts);
    document.addEventListener('contextmenu', prevent, opts);
    document.addEventListener('selectstart', prevent, opts);
    document.addEventListener('dragstart', prevent, opts);
    document.addEventListener('gesturestart', prevent, opts);
    document.addEventListener('touchmove', pinch, opts);
    document.addEventListener('wheel', wheel, opts);
    document.addEventListener('keydown', keys, opts);
    window.addEventListener('popstate', popstate);
    return () => {
      document.removeEventListener('pointerdown', fullscreen, opts);
      document.removeEventListener('contextmenu', prevent, opts);
      document.removeEventListener('selectstart', prevent, opts);
      document.removeEventListener('dragstart', prevent, opts);
      document.removeEventListener('gesturestart', prevent, opts);
      document.removeEventListener('touchmove', pinch, opts);
      document.removeEventListener('wheel', wheel, opts);
      document.removeEventListener('keydown', keys, opts);
      window.removeEventListener('popstate', popstate);
    };
  }, []);
}
