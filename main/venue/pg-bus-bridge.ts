/**
 * Venue mode: carries push events between stations through PostgreSQL LISTEN/NOTIFY.
 * A check-in on desk A is published on A's bus; this bridge NOTIFYs it, and every other
 * station's bridge (LISTENing on its own connection) delivers it to its local bus, so
 * B's screens see it as if it had happened on B. The same event types cross; ephemeral
 * and station-local ones (import progress, link status) do not.
 *
 * - Echoes are skipped by origin: each bridge instance has its own id (two processes
 *   started from a copied data dir would share a station id, but never a bridge id).
 * - NOTIFY payloads are capped at 8000 bytes: events are packed into JSON arrays under
 *   that, and a single event too large for one is split into base64 chunks that the
 *   receivers reassemble (no table to write, no extra round trip).
 * - The LISTEN connection is also the link monitor: when it drops (server stopped,
 *   network gone) the station reports itself offline, reconnects with backoff,
 *   LISTENs again and reports itself online. Events committed while the link is down
 *   are held (bounded) and sent on reconnect; events other stations sent meanwhile are
 *   missed, so screens refetch on "online again" (App.tsx / CountersBar do).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PushEvent, PushEventType } from '../../contract/index';
import type { BusBridge, EventBus } from '../core/bus';
import type { Logger } from '../core/logger';
import { pgClientConfig } from '../../db/postgres';

export const VENUE_CHANNEL = 'fairdesk_events';
/** Below PostgreSQL's 8000-byte NOTIFY limit, with room for the envelope. */
const MAX_PAYLOAD = 7_500;
const CHUNK_BYTES = 5_000;
/** Events waiting for the link; beyond this the oldest are dropped (screens refetch on reconnect). */
const MAX_HELD = 2_000;
const PING_MS = 5_000;
const RECONNECT_MAX_MS = 5_000;
const CHUNK_TTL_MS = 30_000;

/** Events that stay on the station that produced them. */
const LOCAL_ONLY = new Set<PushEventType>(['import.progress', 'station.status', 'offline.status']);

type Envelope = { o: string; e: PushEvent[] } | { o: string; c: string; i: number; n: number; d: string };

export interface PgBusBridge extends BusBridge {
  readonly online: boolean;
}

export interface PgBusBridgeOptions {
  url: string;
  bus: EventBus;
  log: Logger;
  /** The link to the venue server was lost (false) or is back (true). */
  onStatus?: (online: boolean) => void;
  channel?: string;
}

/** Packs events into NOTIFY payloads that each fit under the limit. */
export function packEvents(origin: string, events: PushEvent[]): string[] {
  const out: string[] = [];
  let batch: PushEvent[] = [];
  const envelope = (e: PushEvent[]) => JSON.stringify({ o: origin, e } satisfies Envelope);
  for (const ev of events) {
    const alone = envelope([ev]);
    if (Buffer.byteLength(alone) > MAX_PAYLOAD) {
      if (batch.length) out.push(envelope(batch));
      batch = [];
      const bytes = Buffer.from(JSON.stringify(ev));
      const n = Math.ceil(bytes.length / CHUNK_BYTES);
      const c = randomUUID();
      for (let i = 0; i < n; i++) {
        const d = bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES).toString('base64');
        out.push(JSON.stringify({ o: origin, c, i, n, d } satisfies Envelope));
      }
      continue;
    }
    if (batch.length && Buffer.byteLength(envelope([...batch, ev])) > MAX_PAYLOAD) {
      out.push(envelope(batch));
      batch = [];
    }
    batch.push(ev);
  }
  if (batch.length) out.push(envelope(batch));
  return out;
}

/** Reassembles what packEvents produced on another station; returns the events now complete. */
export class EventUnpacker {
  private chunks = new Map<string, { parts: (string | undefined)[]; got: number; at: number }>();

  constructor(private readonly origin: string) {}

  accept(payload: string, now = Date.now()): PushEvent[] {
    let env: Envelope;
    try {
      env = JSON.parse(payload) as Envelope;
    } catch {
      return [];
    }
    if (!env || env.o === this.origin) return [];
    if ('e' in env) return Array.isArray(env.e) ? env.e : [];
    for (const [id, c] of this.chunks) if (now - c.at > CHUNK_TTL_MS) this.chunks.delete(id);
    let entry = this.chunks.get(env.c);
    if (!entry) this.chunks.set(env.c, (entry = { parts: new Array(env.n), got: 0, at: now }));
    if (entry.parts[env.i] === undefined) {
      entry.parts[env.i] = env.d;
      entry.got++;
    }
    if (entry.got < env.n) return [];
    this.chunks.delete(env.c);
    try {
      const json = Buffer.concat(entry.parts.map((p) => Buffer.from(p ?? '', 'base64'))).toString('utf8');
      return [JSON.parse(json) as PushEvent];
    } catch {
      return [];
    }
  }
}


export async function startPgBusBridge(opts: PgBusBridgeOptions): Promise<PgBusBridge> {
  const { url, bus, log } = opts;
  const channel = opts.channel ?? VENUE_CHANNEL;
  const origin = randomUUID();
  const unpacker = new EventUnpacker(origin);
  let client: pg.Client | null = null;
  let online = false;
  let closed = false;
  let reconnecting: Promise<void> | null = null;
  let held: PushEvent[] = [];
  let flushScheduled = false;
  let pingTimer: NodeJS.Timeout | null = null;
  // The reconnect back-off: unref'd, and cut short by close() — a close that waited on an
  // unref'd timer would leave nothing keeping the process alive (it would just exit).
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(() => {
        wake = null;
        r();
      }, ms).unref();
      wake = () => {
        clearTimeout(t);
        wake = null;
        r();
      };
    });
  // One query at a time on the LISTEN connection (sends and pings share it).
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const p = chain.then(f, f);
    chain = p.catch(() => undefined);
    return p;
  };

  const setOnline = (v: boolean) => {
    if (online === v) return;
    online = v;
    if (v) log.info('venue link up');
    else log.warn('venue link down');
    opts.onStatus?.(v);
  };

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== channel || !msg.payload) return;
    for (const ev of unpacker.accept(msg.payload)) bus.deliver(ev);
  };

  /** Forget a connection that failed; start reconnecting unless we are closing. */
  const lost = (c: pg.Client, why: string) => {
    if (client !== c) return;
    client = null;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (closed) return;
    log.warn('venue link lost', { why: why.slice(0, 200) });
    setOnline(false);
    void reconnect();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client(pgClientConfig(url));
    // Until `client = c`, errors surface through connect()/query() rejecting.
    c.on('error', (e) => lost(c, String(e?.message ?? e)));
    c.on('end', () => lost(c, 'connection ended'));
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (e) {
      c.removeAllListeners();
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
      throw e;
    }
    c.on('notification', onNotification);
    client = c;
    setOnline(true);
    scheduleFlush();
  };

  const reconnect = (): Promise<void> => {
    reconnecting ??= (async () => {
      let delay = 250;
      while (!closed && !client) {
        try {
          await connect();
        } catch {
          await sleep(delay);
          delay = Math.min(delay * 2, RECONNECT_MAX_MS);
        }
      }
    })().finally(() => {
      reconnecting = null;
    });
    return reconnecting;
  };

  const flush = async () => {
    flushScheduled = false;
    const c = client;
    if (!c || held.length === 0) return;
    const events = held;
    held = [];
    const payloads = packEvents(origin, events);
    try {
      // One statement for the lot: one round trip however many events a burst produced.
      const calls = payloads.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ');
      await exclusive(() => c.query(`SELECT ${calls}`, [channel, ...payloads]));
    } catch (e) {
      // The link dropped mid-send: keep them for the reconnect (at worst a screen sees one twice).
      held = events.concat(held).slice(-MAX_HELD);
      log.warn('venue notify failed', { error: String((e as Error)?.message ?? e).slice(0, 200) });
    }
  };

  function scheduleFlush() {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => void flush());
  }

  // A silently dead network never errors the idle LISTEN connection; a ping does.
  const ping = async () => {
    const c = client;
    if (!c) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('ping timeout')), PING_MS);
    });
    try {
      await Promise.race([exclusive(() => c.query('SELECT 1')), timeout]);
    } catch (e) {
      lost(c, String((e as Error)?.message ?? e));
    } finally {
      clearTimeout(timer);
    }
  };

  try {
    await connect();
  } catch (e) {
    // The pool just connected, so this is a blip: report offline and keep trying.
    log.warn('venue link not up yet', { error: String((e as Error)?.message ?? e).slice(0, 200) });
    void reconnect();
  }
  pingTimer = setInterval(() => void ping(), PING_MS);
  pingTimer.unref();

  return {
    get online() {
      return online;
    },
    send(ev) {
      if (LOCAL_ONLY.has(ev.type)) return;
      held.push(ev);
      if (held.length > MAX_HELD) held = held.slice(-MAX_HELD);
      scheduleFlush();
    },
    async close() {
      closed = true;
      wake?.();
      if (pingTimer) clearInterval(pingTimer);
      if (client) await flush();
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
      await reconnecting?.catch(() => undefined);
    },
  };
}
