/**
 * The station core: opens the database, migrates, registers the station, builds the
 * router and the bus. Plain Node — never imports electron — so the Electron shell,
 * the browser station server, the CLI, tests and the bench all run this same code.
 */
import { contract, type Channel, type OutputOf, type Result } from '../../contract/index';
import { migrateToLatest, openDatabase, type DbHandle } from '../../db/connect';
import { EventBus } from './bus';
import { parseInstant, RehearsalClock, systemClock, type Clock } from './clock';
import { loadIdentity, type StationConfig } from './config';
import { handlers } from './handlers';
import { createLogger, type Logger } from './logger';
import { createRouter, type Caller, type Router, type StationIdentity } from './router';
import type { Runtime } from './runtime';
import { ImportStaging } from '../services/import/import-staging';
import { RegisteredCountCache } from '../services/checkin/counters.service';
import { KioskRuntime } from '../services/kiosk/kiosk-runtime';
import { PrintQueue } from '../printing/print-queue';
import { ensureEvent, eventTimeZone, forgetEventZone } from '../services/system/event.service';
import { applyRehearsal, readRehearsal } from '../services/programme/floor-settings.service';
import { ProgrammeDayCache } from '../services/programme/programme-cache';
import { HEARTBEAT_MS, heartbeat, registerStation } from '../services/system/station.service';
import { attachVenueBridge } from '../venue/venue-link';

export const VERSION = '0.1.0';

export interface Station {
  identity: StationIdentity;
  caller: Caller;
  router: Router;
  bus: EventBus;
  clock: Clock;
  handle: DbHandle;
  runtime: Runtime;
  log: Logger;
  /** Typed in-process call as this station. */
  invoke<C extends Channel>(channel: C, input: unknown): Promise<Result<OutputOf<C>>>;
  close(): Promise<void>;
}

export interface StationOptions {
  clock?: Clock;
  log?: Logger;
  /** Override the stored identity (tests run several stations from one data dir). */
  identity?: StationIdentity;
  heartbeat?: boolean;
  /** false: do not (re)register in the stations list (the CLI acts for a station, it is not one). */
  register?: boolean;
}

export async function createStation(cfg: StationConfig, opts: StationOptions = {}): Promise<Station> {
  const log = opts.log ?? createLogger('station');
  // The station's own clock is always settable, so the floor console can move every
  // station to a rehearsal time at runtime; a clock injected by a test stays the test's.
  const settable = opts.clock ? null : new RehearsalClock(cfg.clockAt ?? systemClock.now());
  const clock = opts.clock ?? settable!;
  const handle = await openDatabase(cfg.db, {
    onSlowQuery: (ms, sql) => log.child('db').warn('slow query', { ms: Math.round(ms), sql }),
    onConnectionError: (e) => log.child('db').warn('database connection lost', { error: e.message }),
  });
  let closeBridge = async () => {};
  try {
    await migrateToLatest(handle.db);
    // A rehearsal time set from a console outlives restarts; an explicit --clock wins.
    if (settable && !cfg.clockAt) applyRehearsal(settable, await readRehearsal(handle.db));
    const now = clock.now().toISOString();
    await ensureEvent(handle.db, now);
    // `--clock 2026-05-20T09:30` is a wall-clock time at the fair: read it in the event's zone.
    if (settable && cfg.clockAt) settable.set(parseInstant(cfg.clockAt, await eventTimeZone(handle.db)));
    const identity = opts.identity ?? loadIdentity(cfg);
    if (opts.register !== false) await registerStation(handle.db, identity, VERSION, now);

    const bus = new EventBus();
    const runtime: Runtime = {
      version: VERSION,
      dbKind: handle.kind,
      imports: new ImportStaging(),
      registeredCount: new RegisteredCountCache(),
      kiosk: new KioskRuntime(),
      printing: new PrintQueue({ db: handle.db, clock, log: log.child('printing'), bus, stationId: identity.id }),
      programme: new ProgrammeDayCache(),
      dbOnline: true,
      paperPrinter: null,
    };
    // Another station's import or walk-in changes "registered for today".
    bus.subscribe((ev) => {
      if (ev.type === 'visitors.changed') runtime.registeredCount.invalidate();
      // Only the venue link delivers station.status in the core (screens ask system.status).
      if (ev.type === 'station.status') runtime.dbOnline = ev.online;
    });
    bus.subscribe((ev) => {
      if (ev.type === 'floor.clock' && settable) applyRehearsal(settable, ev.rehearsal);
      // An import here or elsewhere, or a link back after events may have been missed.
      if (ev.type === 'programme.changed' || (ev.type === 'station.status' && ev.online)) runtime.programme.invalidate();
      if (ev.type === 'event.changed' || (ev.type === 'station.status' && ev.online)) forgetEventZone(runtime);
    });
    const router = createRouter({ db: handle.db, ops: handle.ops, clock, log: log.child('router'), bus, runtime, handlers, isUnavailable: handle.ops.isUnavailable });
    const caller: Caller = { station: identity };
    // Venue mode: events cross stations through PostgreSQL, and the link's state is shown.
    if (cfg.db.kind === 'postgres') closeBridge = await attachVenueBridge(cfg.db.url, bus, log.child('venue'));
    await runtime.printing.start();

    let timer: NodeJS.Timeout | null = null;
    if (opts.heartbeat !== false) {
      timer = setInterval(() => {
        heartbeat(handle.db, identity.id, clock.now().toISOString()).catch((e) =>
          log.warn('heartbeat failed', { error: String((e as Error)?.message ?? e) }),
        );
      }, HEARTBEAT_MS);
      timer.unref();
    }

    return {
      identity,
      caller,
      router,
      bus,
      clock,
      handle,
      runtime,
      log,
      invoke: (channel, input) => router.invoke(caller, channel, input),
      close: async () => {
        if (timer) clearInterval(timer);
        await runtime.printing.stop();
        await closeBridge();
        await handle.close();
      },
    };
  } catch (e) {
    await closeBridge().catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw e;
  }
}

/** The channel list as GET /api/channels shows it. */
export function channelList() {
  return Object.entries(contract).map(([name, def]) => ({ name, roles: def.roles, write: def.write, doc: def.doc }));
}
