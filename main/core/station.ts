/**
 * The station core: opens the database, migrates, registers the station, builds the
 * router and the bus. Plain Node — never imports electron — so the Electron shell,
 * the browser station server, the CLI, tests and the bench all run this same code.
 */
import { contract, type Channel, type OutputOf, type Result } from '../../contract/index';
import fs from 'node:fs';
import { migrateToLatest, openDatabase, type DbHandle, type OpenOptions } from '../../db/connect';
import { dialectFor } from '../../db/dialect';
import { EventBus } from './bus';
import { parseInstant, RehearsalClock, systemClock, type Clock } from './clock';
import { identityFile, loadIdentity, type StationConfig } from './config';
import { handlers, runtimeSlots } from './handlers';
import { createLogger, type Logger } from './logger';
import { createRouter, type Caller, type Router, type StationIdentity } from './router';
import { buildFeatureRuntimes, type Runtime } from './runtime';
import { ensureEvent, eventTimeZone, forgetEventZone } from '../services/system/event.service';
import { ensureRallySetup } from '../services/rally/rally-config.service';
import { applyRehearsal, joinRehearsal, readRehearsal } from '../services/programme/floor-settings.service';
import { HEARTBEAT_MS, heartbeat, registerStation } from '../services/system/station.service';
import { attachVenueBridge } from '../venue/venue-link';
import { attachOffline } from '../venue/offline-link';
import { replicaFile } from '../services/offline/replica.service';
import { followStationChanges, loadStationAccess, StationAccess } from '../services/stations/station-access';
import { recordKioskAlerts } from '../services/kiosk/kiosk-alerts.service';
import { publicWhere } from '../services/stations/setup-code';

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
  /** Venue mode: keep a local replica and answer from it when the venue database is gone (station processes turn it on; the CLI, tests and bench open a router without one). */
  offline?: boolean;
}

/** A station's background workers; `openStation` starts none of them, `createStation` all that apply. */
export interface StationWorkers {
  /** This station's print queue: fails its own interrupted jobs, then prints what it queued. */
  printing?: boolean;
  /** The stations list's "last seen". */
  heartbeat?: boolean;
  /** Venue mode: events cross stations through PostgreSQL (publishes this router's events to the others). */
  venue?: boolean;
  /** Venue mode: a local replica and outbox answer when the venue database cannot (issue 13). */
  offline?: boolean;
}

/**
 * The station process: a router on its database plus every worker (print queue,
 * heartbeat, venue bridge). Only a process that IS the station (Electron, serve) calls
 * this; the CLI, the bench and tests call `openStation` and start only what they need.
 */
export async function createStation(cfg: StationConfig, opts: StationOptions = {}): Promise<Station> {
  const station = await openStation(cfg, opts);
  try {
    await startWorkers(station, { printing: true, heartbeat: opts.heartbeat !== false, venue: true, offline: opts.offline === true });
  } catch (e) {
    await station.close().catch(() => undefined);
    throw e;
  }
  return station;
}

/** Per open station: its database target (the venue bridge needs the URL) and what closes its workers. */
const workerState = new WeakMap<Station, { cfg: StationConfig; closers: Array<() => Promise<void>>; whenBack?: Array<() => Promise<void>> | null }>();

/**
 * A router on a database: migrated, the event row ensured, the identity loaded (and
 * registered unless `register: false`), the bus and the runtime built — and no worker
 * running. Acting through it never touches another process's print jobs.
 */
export async function openStation(cfg: StationConfig, opts: StationOptions = {}): Promise<Station> {
  const log = opts.log ?? createLogger('station');
  // The station's own clock is always settable, so the floor console can move every
  // station to a rehearsal time at runtime; a clock injected by a test stays the test's.
  const settable = opts.clock ? null : new RehearsalClock(cfg.clockAt ?? systemClock.now());
  const clock = opts.clock ?? settable!;
  const dbOpts = {
    onSlowQuery: (ms: number, sql: string) => log.child('db').warn('slow query', { ms: Math.round(ms), sql }),
    onConnectionError: (e: Error) => log.child('db').warn('database connection lost', { error: e.message }),
  };
  // Venue mode with a replica: a station (re)started while the venue server is down
  // opens anyway and answers from its replica (issue 13); its start-up writes wait for the server.
  const offlineStart = await openOrDefer(cfg, opts, dbOpts);
  const handle = offlineStart.handle;
  try {
    const identity = opts.identity ?? loadIdentity(cfg);
    const access = new StationAccess(identity, opts.identity ? null : identityFile(cfg), publicWhere(cfg.db, identity.name));
    const onlineStart = async () => {
      await migrateToLatest(handle.db);
      // A rehearsal time set from a console outlives restarts; an explicit --clock joins (or starts) the shared rehearsal.
      if (settable && !cfg.clockAt) applyRehearsal(settable, await readRehearsal(handle.db));
      const now = clock.now().toISOString();
      await ensureEvent(handle.db, now);
      // `--clock 2026-05-20T09:30` is a wall-clock time at the fair: read it in the event's zone;
      // it joins (or starts) the rehearsal every station sharing this database follows.
      if (settable && cfg.clockAt) await joinRehearsal(handle.db, settable, parseInstant(cfg.clockAt, await eventTimeZone(handle.db)));
      // Started offline, the station keeps the role its station.json gave it until the database can speak.
      await loadStationAccess(handle.db, access, cfg.role !== undefined || opts.identity !== undefined);
      if (opts.register !== false) await registerStation(handle.db, identity, VERSION, now);
    };
    if (!offlineStart.deferred) await onlineStart();

    const bus = new EventBus();
    const runtime: Runtime = {
      version: VERSION,
      dbKind: handle.kind,
      dbOnline: true,
      paperPrinter: null,
      // Each feature's slot (staged imports, caches, the print queue …), built by the feature.
      ...buildFeatureRuntimes(runtimeSlots, { db: handle.db, clock, log, bus, stationId: identity.id, dataDir: cfg.dataDir }),
      access,
    };
    // The rally's sample setup is there before the first request (once per database; races are settled by the insert).
    if (!offlineStart.deferred) await ensureRallySetup(handle.db, runtime);
    bus.subscribe((ev) => {
      // Only the venue link delivers station.status in the core (screens ask system.status).
      if (ev.type === 'station.status') runtime.dbOnline = ev.online;
    });
    bus.subscribe((ev) => {
      if (ev.type === 'floor.clock' && settable) applyRehearsal(settable, ev.rehearsal);
      if (ev.type === 'event.changed' || (ev.type === 'station.status' && ev.online)) forgetEventZone(runtime);
    });
    followStationChanges(handle.db, bus, access);
    recordKioskAlerts(handle.db, bus, log.child('alerts'));
    const router = createRouter({ db: handle.db, ops: handle.ops, clock, log: log.child('router'), bus, runtime, handlers, isUnavailable: handle.ops.isUnavailable });
    const caller: Caller = { station: identity };
    const station: Station = {
      identity,
      caller,
      router,
      bus,
      clock,
      handle,
      runtime,
      log,
      // Through station.router: the offline worker may wrap it after opening.
      invoke: (channel, input) => station.router.invoke(caller, channel, input),
      close: async () => {
        // Workers stop first (last started, first stopped), then the database closes.
        const closers = workerState.get(station)?.closers.splice(0) ?? [];
        for (const close of closers.reverse()) await close().catch(() => undefined);
        await handle.close();
      },
    };
    workerState.set(station, { cfg, closers: [] });
    if (offlineStart.deferred) {
      log.warn('venue database unreachable at start: answering from the replica until it is back');
      // The start-up writes (migrations, event row, station list, rally setup) and the
      // workers that need the server run once the link is back, in that order.
      const state = workerState.get(station)!;
      state.whenBack = [onlineStart, () => ensureRallySetup(handle.db, runtime)];
      let running = false;
      const unsubscribe = bus.subscribe((ev) => {
        if (running || !state.whenBack || ev.type !== 'station.status' || !ev.online) return;
        running = true;
        void (async () => {
          while (state.whenBack?.length) {
            await state.whenBack[0]!();
            state.whenBack.shift();
          }
          state.whenBack = null;
          unsubscribe();
          log.info('venue database back: start-up finished');
        })()
          .catch((e) => log.warn('start-up writes failed; retried when the link is back', { error: String((e as Error)?.message ?? e).slice(0, 200) }))
          .finally(() => {
            running = false;
          });
      });
      state.closers.push(async () => unsubscribe());
    }
    return station;
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Opens the station's database; a venue station that keeps a replica (and has one from an
 * earlier run) opens without the server when it is unreachable — `deferred` — and works
 * from its replica. A wrong password or database still fails at start with its message.
 */
async function openOrDefer(cfg: StationConfig, opts: StationOptions, dbOpts: OpenOptions): Promise<{ handle: DbHandle; deferred: boolean }> {
  try {
    return { handle: await openDatabase(cfg.db, dbOpts), deferred: false };
  } catch (e) {
    if (!opts.offline || cfg.db.kind !== 'postgres' || !dialectFor('postgres').isUnavailable((e as Error).cause ?? e)) throw e;
    const id = opts.identity?.id ?? loadIdentity(cfg).id;
    if (!fs.existsSync(replicaFile(cfg.dataDir, id))) throw e;
    return { handle: await openDatabase(cfg.db, { ...dbOpts, deferConnect: true }), deferred: true };
  }
}

/** Starts the named workers on an open station; `station.close()` stops them. */
export async function startWorkers(station: Station, which: StationWorkers): Promise<void> {
  const { cfg, closers } = workerState.get(station)!;
  const db = cfg.db;
  // Venue mode: events cross stations through PostgreSQL, and the link's state is shown.
  if (which.venue && db.kind === 'postgres') closers.push(await attachVenueBridge(db.url, station.bus, station.log.child('venue')));
  // Venue mode: a local replica answers when the venue database cannot (issue 13); it wraps the router.
  if (which.offline && db.kind === 'postgres') {
    const { handle, bus, clock, log, identity, runtime } = station;
    const offline = await attachOffline({ dataDir: cfg.dataDir, url: db.url, pg: handle.db, pgOps: handle.ops, bus, clock, log: log.child('offline'), station: identity, handlers, runtime });
    station.router = offline.wrap(station.router);
    closers.push(() => offline.close());
  }
  if (which.printing) {
    // Started offline: the print queue lives in the venue database, so it starts when that is back.
    const state = workerState.get(station)!;
    if (state.whenBack) state.whenBack.push(() => station.runtime.printing.start());
    else await station.runtime.printing.start();
    closers.push(() => station.runtime.printing.stop());
  }
  if (which.heartbeat) {
    const { handle, identity, clock, log } = station;
    const timer = setInterval(() => {
      heartbeat(handle.db, identity.id, clock.now().toISOString()).catch((e) =>
        log.warn('heartbeat failed', { error: String((e as Error)?.message ?? e) }),
      );
    }, HEARTBEAT_MS);
    timer.unref();
    closers.push(async () => clearInterval(timer));
  }
}

/** The channel list as GET /api/channels shows it. */
export function channelList() {
  return Object.entries(contract).map(([name, def]) => ({ name, roles: def.roles, write: def.write, doc: def.doc }));
}
