/**
 * The renderer's one way to talk to its station, over whichever shell it runs in:
 * Electron (window.fairdesk from the preload, IPC) or a browser (HTTP + SSE). Both
 * reach the same router; screens never know which.
 */
import type { Channel, InputOf, OutputOf, PushEvent, Result } from '@contract/index';

export interface FairdeskBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  onEvent(cb: (ev: PushEvent) => void): () => void;
}

declare global {
  interface Window {
    fairdesk?: FairdeskBridge;
  }
}

type Listener = (ev: PushEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let bridgeUnsub: (() => void) | null = null;

export const transport = (): 'electron' | 'http' => (window.fairdesk ? 'electron' : 'http');

export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  if (window.fairdesk) return (await window.fairdesk.invoke(channel, input)) as Result<OutputOf<C>>;
  try {
    const res = await fetch(`api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    const body = (await res.json()) as Result<OutputOf<C>>;
    if (!body.ok && CUT_OFF.has(body.error.code)) markCutOff(body.error.code);
    return body;
  } catch {
    return { ok: false, error: { code: 'station_unreachable', message: 'station server not reachable' } };
  }
}

/**
 * Answers that mean the station will not let this browser in again (issue 11: an admin
 * revoked the device or retired the station). EventSource would retry for ever and the
 * page would say "reconnecting"; instead the stream is closed for good and the screens
 * hear `station.status` with the code as its reason (App shows a lasting KO/EN screen).
 */
const CUT_OFF = new Set(['device_revoked', 'station_retired']);
let cutOff: string | null = null;
/**
 * EventSource retries a dropped stream by itself, but gives up for good on an answer that
 * is not a stream (a busy or briefly database-less station answers 503): the page would
 * say "reconnecting" for ever and hear nothing. Then it is opened again after this pause.
 */
const REOPEN_MS = 3_000;
let reopen: ReturnType<typeof setTimeout> | null = null;

function markCutOff(code: string) {
  if (cutOff !== null) return;
  cutOff = code;
  source?.close();
  emit({ type: 'station.status', online: false, reason: code });
}

function emit(ev: PushEvent) {
  for (const l of listeners) l(ev);
}

function connect() {
  if (window.fairdesk) {
    bridgeUnsub = window.fairdesk.onEvent(emit);
    return;
  }
  if (cutOff !== null) return;
  source = new EventSource('api/events');
  source.onmessage = (m) => {
    try {
      emit(JSON.parse(m.data) as PushEvent);
    } catch {
      /* ignore malformed frame */
    }
  };
  // EventSource reconnects by itself; screens are told so they can refetch state.
  // EventSource does not show why a stream failed: one ordinary call finds out whether
  // the station is down (reconnect) or refuses this device (cut off, see markCutOff).
  const es = source;
  source.onerror = () => {
    if (cutOff !== null) return;
    emit({ type: 'station.status', online: false, reason: 'link' });
    void call('system.status', {});
    if (es.readyState === EventSource.CLOSED && reopen === null) {
      reopen = setTimeout(() => {
        reopen = null;
        // Still the stream this page listens on (not cut off, not unsubscribed meanwhile).
        if (source === es && cutOff === null) connect();
      }, REOPEN_MS);
    }
  };
  source.onopen = () => emit({ type: 'station.status', online: true });
}

/** Subscribe to push events; returns the unsubscribe function. */
export function subscribe(fn: Listener): () => void {
  if (listeners.size === 0 && !source && !bridgeUnsub) connect();
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0) {
      if (reopen !== null) clearTimeout(reopen);
      reopen = null;
      source?.close();
      source = null;
      bridgeUnsub?.();
      bridgeUnsub = null;
    }
  };
}

/**
 * A client nonce per user action, so a retried request is recognised as the same one.
 * 128 random bits as hex from getRandomValues, not randomUUID: a LAN station opened as
 * http://<address>/ is not a secure context, and there randomUUID does not exist.
 */
export function nonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
