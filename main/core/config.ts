/**
 * Station configuration: one frozen object from flags and environment, with defaults
 * (`--data DIR`, Electron's userData in the desktop shell).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ROLES, SETUP_ROLE, type Role } from '../../contract/index';
import type { DbTarget } from '../../db/connect';

export interface StationConfig {
  readonly dataDir: string;
  readonly db: DbTarget;
  readonly stationName?: string;
  readonly role?: Role;
  /** Rehearsal clock start (e.g. 2026-05-20T09:30, wall-clock time at the fair); absent = real time. */
  readonly clockAt?: string;
  /**
   * An admin station: the venue database as stations joining from a set-up code must reach it
   * (`--db-for-stations URL`); absent: `--db`, with a loopback host replaced by the address the
   * joining station reached this one at.
   */
  readonly dbForStations?: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

/** Minimal `--flag value` / `--flag=value` / `--switch` parser (no dependency needed). */
export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags[a.slice(2)] = argv[++i]!;
      else flags[a.slice(2)] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

export function defaultDataDir(): string {
  return process.env.FAIRDESK_DATA || path.join(os.homedir(), '.fairdesk');
}

export class ConfigError extends Error {}

export function stationConfigFrom(flags: Record<string, string | true>): StationConfig {
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const dataDir = path.resolve(str('data') ?? defaultDataDir());
  // A station set up from a code keeps its venue database in its data folder (venue.json):
  // it starts there again with no --db; a --db or FAIRDESK_DB given still wins.
  const url = str('db') ?? process.env.FAIRDESK_DB ?? readVenueDb(dataDir);
  let db: DbTarget;
  if (url && /^postgres(ql)?:\/\//.test(url)) db = { kind: 'postgres', url };
  else if (url) throw new ConfigError(`--db must be a postgres:// URL (got "${url.slice(0, 40)}")`);
  else db = { kind: 'sqlite', file: path.join(dataDir, 'fairdesk.sqlite') };
  const role = str('role');
  if (role && !(ROLES as readonly string[]).includes(role)) throw new ConfigError(`--role must be one of ${ROLES.join(', ')}`);
  return Object.freeze({
    dataDir,
    db,
    stationName: str('name') ?? str('station'),
    role: role as Role | undefined,
    clockAt: str('clock') ?? process.env.FAIRDESK_CLOCK,
    dbForStations: str('db-for-stations') ?? process.env.FAIRDESK_DB_FOR_STATIONS,
  });
}

export interface StoredIdentity {
  id: string;
  name: string;
  role: Role;
}

export function identityFile(cfg: StationConfig): string {
  return path.join(cfg.dataDir, 'station.json');
}

/**
 * The station's identity lives in its data dir, so it survives restarts (and venue mode).
 * A fresh folder without --role is `setup`: it waits for a set-up code or the organiser's
 * explicit first-run step (issue 11) — never admin by default.
 */
export function loadIdentity(cfg: StationConfig): StoredIdentity {
  const file = identityFile(cfg);
  let stored: Partial<StoredIdentity> = {};
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // First start on this machine.
  }
  const id = typeof stored.id === 'string' && stored.id ? stored.id : randomUUID();
  const name = cfg.stationName ?? stored.name ?? `${os.hostname().slice(0, 20)}`;
  const role = cfg.role ?? (stored.role && (ROLES as readonly string[]).includes(stored.role) ? stored.role : SETUP_ROLE);
  const identity = { id, name, role };
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(identity, null, 2));
  return identity;
}

/** <data dir>/venue.json: the venue database a set-up code moved this station onto (with its password: mode 0600). */
export function venueFile(dataDir: string): string {
  return path.join(dataDir, 'venue.json');
}

/** The venue database URL this data folder joined, or undefined (a station on its own SQLite). */
export function readVenueDb(dataDir: string): string | undefined {
  let stored: { db?: unknown };
  try {
    stored = JSON.parse(fs.readFileSync(venueFile(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  return typeof stored.db === 'string' && /^postgres(ql)?:\/\//.test(stored.db) ? stored.db : undefined;
}

/** Replaces a file whole (a temp file renamed over it), readable only by this user when `secret`. */
export function writeWhole(file: string, text: string, secret: boolean): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: secret ? 0o600 : 0o644 });
  if (secret) fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/**
 * Saves what a set-up code gave this station — its identity (station.json) and the venue
 * database (venue.json, 0600) — and returns what puts both back as they were, for a switch
 * that then fails: nothing is left half-saved.
 */
export function saveJoinedVenue(dataDir: string, joined: { url: string; identity: StoredIdentity; admin: string; at: string }): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const files = [path.join(dataDir, 'station.json'), venueFile(dataDir)];
  const before = files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null));
  try {
    writeWhole(files[1]!, JSON.stringify({ db: joined.url, admin: joined.admin, joinedAt: joined.at }, null, 2), true);
    writeWhole(files[0]!, JSON.stringify(joined.identity, null, 2), false);
  } catch (e) {
    restore();
    throw e;
  }
  function restore(): void {
    files.forEach((f, i) => {
      const was = before[i];
      if (was === null || was === undefined) fs.rmSync(f, { force: true });
      else writeWhole(f, was.toString('utf8'), f === files[1]);
    });
  }
  return restore;
}
