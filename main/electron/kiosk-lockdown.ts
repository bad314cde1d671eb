/**
 * Kiosk lockdown for the Electron shell. window.ts already opens a kiosk full screen,
 * in kiosk mode, without menu or devtools; this adds what keeps a visitor inside:
 * shortcuts that close, reload or inspect the app are swallowed before the page sees
 * them, the window refuses to close, and pinch-zoom is off. (Permissions — only the camera,
 * video only, from our own origin — are window.ts's, for every role.)
 *
 * Staff leave kiosk mode through the PIN-protected staff panel: the core publishes
 * `kiosk.exit` for this station and the lockdown lets go.
 *
 * Only Electron *types* are imported, so the shortcut rules are testable under Node.
 */
import type { BrowserWindow, Input } from 'electron';
import type { Station } from '../core/station';

type Keys = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>;

const PLAIN_BLOCKED = new Set(['F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome']);
/** With Ctrl (Cmd on macOS): close, quit, reload, new window/tab, print, find, open, save, zoom, view source. */
const MOD_BLOCKED = new Set(['w', 'q', 'r', 'n', 't', 'p', 'f', 'g', 'o', 's', 'u', 'l', 'h', 'j', '+', '-', '=', '0', 'tab', 'pageup', 'pagedown', 'f4']);
/** With Ctrl+Shift (Cmd+Alt on macOS): devtools, inspect, console. */
const DEVTOOLS = new Set(['i', 'j', 'c', 'k']);

/** True for a key press that would leave, reload, zoom or inspect the kiosk. */
export function isEscapeShortcut(input: Keys): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (PLAIN_BLOCKED.has(input.key)) return true;
  if (input.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright' || key === 'home')) return true;
  if (mod && (input.shift || input.alt) && DEVTOOLS.has(key)) return true;
  if (mod && MOD_BLOCKED.has(key)) return true;
  // A lone Alt would focus the (hidden) menu bar on Windows/Linux.
  if (key === 'alt' && !mod && !input.shift) return true;
  return false;
}

export interface LockdownOptions {
  /** The app's own origin (app://fairdesk). Permissions for it are set in window.ts (web-policy.ts). */
  origin: string;
}

/** Locks the kiosk window; returns a function that releases it (also called on kiosk.exit). */
export function lockDownKiosk(win: BrowserWindow, station: Station, opts: LockdownOptions): () => void {
  let locked = true;
  const wc = win.webContents;

  const onInput = (e: Electron.Event, input: Input) => {
    if (locked && isEscapeShortcut(input)) e.preventDefault();
  };
  // Alt+F4 and the OS close button reach the window, not the page.
  const onClose = (e: Electron.Event) => {
    if (locked) e.preventDefault();
  };
  wc.on('before-input-event', onInput);
  win.on('close', onClose);
  // Windows shutting down or logging off must not be held up by a locked kiosk.
  const onSessionEnd = () => release();
  win.on('session-end', onSessionEnd);
  win.setAlwaysOnTop(true, 'screen-saver');
  void wc.setVisualZoomLevelLimits(1, 1);

  // The camera rule (video only, our origin, media type required) is window.ts's, set on
  // every window's session through web-policy.ts.
  const release = () => {
    if (!locked) return;
    locked = false;
    station.log.info('kiosk lockdown released by staff');
    if (!win.isDestroyed()) {
      win.setAlwaysOnTop(false);
      win.setKiosk(false);
      win.setFullScreen(false);
    }
  };
  const unsubscribe = station.bus.subscribe((ev) => {
    if (ev.type === 'kiosk.exit' && ev.stationId === station.identity.id) release();
  });
  return () => {
    unsubscribe();
    release();
    if (!win.isDestroyed()) {
      wc.off('before-input-event', onInput);
      win.off('close', onClose);
      win.off('session-end', onSessionEnd);
    }
  };
}
