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
  const url = str('db') ?? process.env.FAIRDESK_DB;
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
