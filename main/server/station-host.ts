/**
 * The process that hosts a browser station (`npm run serve`): the station, its HTTP
 * server, and what the stations feature may ask of it (the SetupLink): its LAN address
 * for set-up codes, the venue database for stations joining over the LAN, and moving
 * this station onto the venue database when a set-up code says so.
 *
 * *Why an in-process switch, not a self-restart:* the server keeps its port and its LAN
 * token, so the page that typed the code simply reloads and comes back as the new role
 * (a restarted `serve` on `--port 0` would come back elsewhere, and a supervisor would
 * have to learn the new URL). The new station is opened completely — migrations,
 * registration, replica and outbox, print queue — before anything is swapped; only then
 * does the server serve it and the old SQLite station close. The Electron shell
 * relaunches instead, because its window and IPC are built for one station object.
 */
import http from 'node:http';
import os from 'node:os';
import { AppFailure } from '../../contract/index';
import { saveJoinedVenue, type StationConfig } from '../core/config';
import type { Logger } from '../core/logger';
import { createStation, type Station } from '../core/station';
import type { SetupLink } from '../services/stations/venue-join.service';
import { createStationServer, swapServedStation, type ServerOptions } from './http-server';
import { isLoopback } from './security';
import { venueUrlFor } from './setup-redeem.route';

export interface HostOptions extends Omit<ServerOptions, 'station'> {
  log: Logger;
  /** Venue mode keeps a replica and an outbox (as `createStation`'s option). */
  offline: boolean;
}

export interface StationHost {
  server: http.Server;
  /** The station served now (another object after a set-up code moved it onto the venue database). */
  station(): Station;
  /** Listens; resolves with the port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/** The address other machines reach a server bound to `host` at: an unspecified bind picks this machine's first LAN IPv4. */
export function reachableAddress(host: string, port: number): string {
  let name = host;
  if (host === '0.0.0.0' || host === '::' || host === '') {
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    name = lan?.address ?? '127.0.0.1';
  } else if (isLoopback(host)) name = '127.0.0.1';
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

/** A pg error's first line, with any URL taken out (it could carry the password). */
function safeReason(e: unknown): string {
  return String((e as Error)?.message ?? e)
    .split('\n')[0]!
    .replace(/postgres(ql)?:\/\/\S+/g, 'postgres://…')
    .slice(0, 160);
}

/**
 * Saves what the set-up code gave (station.json, venue.json) and opens the station on the
 * venue database with `open`; when that fails, both files are put back as they were and
 * the refusal is `setup_venue_unreachable` (KO/EN on the set-up screen).
 */
export async function openOnVenue(
  cfg: StationConfig,
  joined: Parameters<SetupLink['joinVenue']>[0],
  open: (cfg: StationConfig) => Promise<Station>,
  log: Logger,
): Promise<{ station: Station; cfg: StationConfig }> {
  // The code's role and name, not the flags this fresh station was started with.
  const nextCfg: StationConfig = Object.freeze({ ...cfg, db: { kind: 'postgres' as const, url: joined.url }, role: undefined, stationName: undefined });
  const restore = saveJoinedVenue(cfg.dataDir, { ...joined, at: new Date().toISOString() });
  try {
    return { station: await open(nextCfg), cfg: nextCfg };
  } catch (e) {
    restore();
    log.warn('venue database cannot be opened from this station: set-up not saved', { error: safeReason(e) });
    throw new AppFailure('setup_venue_unreachable', `the venue database the admin station named cannot be opened from here (${safeReason(e)})`);
  }
}

export async function hostStation(cfg: StationConfig, opts: HostOptions): Promise<StationHost> {
  const { log, offline } = opts;
  let current = { station: await createStation(cfg, { log, offline }), cfg };
  let reachableAt: string | null = null;
  let joining = false;
  const server = createStationServer({ ...opts, station: current.station, dataDir: cfg.dataDir });

  const linkFor = (stationCfg: StationConfig): SetupLink => ({
    get reachableAt() {
      return reachableAt;
    },
    venueDbFor: (arrived) => (stationCfg.db.kind === 'postgres' ? venueUrlFor(stationCfg.db.url, stationCfg.dbForStations, arrived) : null),
    joinVenue,
  });

  async function joinVenue(joined: Parameters<SetupLink['joinVenue']>[0]): Promise<void> {
    if (joining) throw new AppFailure('conflict', 'this station is already being set up');
    joining = true;
    try {
      const { station: next, cfg: nextCfg } = await openOnVenue(current.cfg, joined, (c) => createStation(c, { log, offline }), log);
      next.runtime.setupLink = linkFor(nextCfg);
      const old = current.station;
      current = { station: next, cfg: nextCfg };
      swapServedStation(server, next);
      log.info('moved onto the venue database', { station: next.identity.name, role: next.identity.role });
      // The call that asked for this still returns through the old router (no database
      // work left in it); close the old station after that turn of the event loop.
      setImmediate(() => void old.close().catch((e) => log.warn('closing the station before the switch failed', { error: safeReason(e) })));
    } finally {
      joining = false;
    }
  }

  current.station.runtime.setupLink = linkFor(cfg);
  return {
    server,
    station: () => current.station,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          server.off('error', reject);
          const addr = server.address();
          const port = typeof addr === 'object' && addr ? addr.port : opts.port;
          reachableAt = reachableAddress(opts.host, port);
          resolve(port);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await current.station.close();
    },
  };
}
