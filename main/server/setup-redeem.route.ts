/**
 * POST /setup/redeem — the admin station's one unauthenticated door (issue 11): a fresh
 * station on the LAN has no token yet, only the set-up code staff typed into it. The door
 * does one thing, `stations.code.take` through the router (its transaction, its audit
 * row, the one-winner update), and adds where the venue database is. It must not become
 * a guessing oracle: every refusal counts against the caller's address, and after
 * `maxFailures` in `windowMs` that address is refused before any code is looked at.
 * (≈ 37 bits per code and 5 tries per 15 minutes per address: guessing is hopeless.)
 * Host and Origin checks stay as for every request; only the token is not asked.
 */
import { err, ok, type Result } from '../../contract/index';
import type { Station } from '../core/station';
import { isLoopback } from './security';

export interface SetupTriesOptions {
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at most (a flood of spoofed sources cannot grow memory without bound). */
  maxAddresses: number;
}

export const SETUP_TRIES: SetupTriesOptions = { maxFailures: 5, windowMs: 15 * 60_000, maxAddresses: 10_000 };

/**
 * Failures per remote address within a window. Real elapsed time (performance.now), not
 * the station's clock: a rehearsal clock moved by the floor must not open the door.
 */
export class SetupTries {
  private readonly failures = new Map<string, { count: number; since: number }>();
  constructor(
    private readonly opts: SetupTriesOptions = SETUP_TRIES,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Milliseconds this address must still wait, or 0 when it may try. */
  waitFor(addr: string): number {
    const f = this.failures.get(addr);
    if (!f) return 0;
    const left = f.since + this.opts.windowMs - this.now();
    if (left <= 0) {
      this.failures.delete(addr);
      return 0;
    }
    return f.count >= this.opts.maxFailures ? left : 0;
  }

  fail(addr: string): void {
    const f = this.failures.get(addr);
    if (f && this.now() - f.since < this.opts.windowMs) f.count++;
    else {
      if (this.failures.size >= this.opts.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
      this.failures.set(addr, { count: 1, since: this.now() });
    }
  }
}

/** `::ffff:10.0.0.7` → `10.0.0.7`; undefined stays undefined. */
export function plainAddress(addr: string | undefined): string | undefined {
  return addr?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

/**
 * The venue database as a joining station reaches it: `--db-for-stations` when given;
 * else this station's own URL, with a loopback host (PostgreSQL on the organiser's own
 * laptop) replaced by the address the joining station's request came in on — the one
 * address of this machine that station can certainly reach.
 */
export function venueUrlFor(url: string, override: string | undefined, arrived: { local?: string; remote?: string }): string {
  if (override) return override;
  const local = plainAddress(arrived.local);
  const remote = plainAddress(arrived.remote);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isLoopback(host) && local && remote && !isLoopback(remote)) {
    u.hostname = local.includes(':') ? `[${local}]` : local;
    return u.toString();
  }
  return url;
}

/**
 * One /setup/redeem call: the parsed JSON body from `remote` → the answer to send. Never
 * logs the code or the URL (the URL carries the database password).
 */
export async function setupRedeem(station: Station, tries: SetupTries, body: unknown, arrived: { local?: string; remote?: string }): Promise<{ status: number; result: Result<unknown> }> {
  const remote = plainAddress(arrived.remote) ?? 'unknown';
  const wait = tries.waitFor(remote);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    return { status: 429, result: err('setup_too_many_tries', `too many wrong set-up codes from this address: try again in ${minutes} min`, { minutes }) };
  }
  const taken = await station.router.call(station.caller, 'stations.code.take', body);
  if (!taken.ok) {
    tries.fail(remote);
    return { status: 200, result: taken };
  }
  const db = station.runtime.setupLink?.venueDbFor(arrived) ?? null;
  return { status: 200, result: ok({ ...(taken.value as object), venue: db ? { kind: 'postgres', url: db } : null }) };
}
