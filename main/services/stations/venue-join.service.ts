/**
 * A fresh station joining the venue from a set-up code (issue 11): forty stations on
 * set-up day, none started from a terminal. The station (on its own SQLite, no `--db`)
 * asks the admin station at the address the QR carries (or staff typed); the admin
 * station uses the code in the venue database and answers the role, the name, the id to
 * keep and the venue database; this station then moves onto it (the host's `joinVenue`).
 * Nothing is saved until the venue database has opened here.
 */
import { z } from 'zod';
import { AppFailure, ROLES, type ErrorCode } from '../../../contract/index';
import type { StoredIdentity } from '../../core/config';

/** The admin station's answer to POST /setup/redeem (its server adds `venue`; the router never carries the password). */
const JoinAnswer = z.object({
  role: z.enum(ROLES),
  name: z.string().min(1).max(80),
  stationId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  /** null: a SQLite-only admin station — the joining station stays on its own database and takes the role. */
  venue: z.object({ kind: z.literal('postgres'), url: z.string().regex(/^postgres(ql)?:\/\//) }).nullable(),
});
export type JoinAnswer = z.infer<typeof JoinAnswer>;

/** The path of the admin station's narrow, unauthenticated set-up endpoint. */
export const SETUP_REDEEM_PATH = '/setup/redeem';

/** Refusals the admin station may give that mean the same here; anything else is "not an admin station". */
const PASSED_ON: readonly ErrorCode[] = ['setup_code_unknown', 'setup_code_used', 'setup_code_expired', 'setup_code_cancelled', 'setup_too_many_tries', 'invalid_input', 'db_unavailable'];

/**
 * Asks the admin station at `admin` (`http://host:port`) for the code. Unreachable (refused,
 * no route, no answer within `timeoutMs`) → `setup_admin_unreachable`; something that does
 * not answer as a FairDesk admin station → `setup_admin_address`; its refusals as they are.
 */
export async function askAdminStation(admin: string, body: { code: string; stationId: string }, timeoutMs = 10_000): Promise<JoinAnswer> {
  let res: Response;
  try {
    res = await fetch(`${admin}${SETUP_REDEEM_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    throw new AppFailure('setup_admin_unreachable', `no answer from the admin station at ${admin} (${String((e as Error)?.cause ?? (e as Error)?.message ?? e).slice(0, 120)})`);
  }
  let answer: unknown;
  try {
    answer = await res.json();
  } catch {
    throw new AppFailure('setup_admin_address', `${admin} is not a FairDesk admin station (HTTP ${res.status}, not a FairDesk answer)`);
  }
  const shaped = z.union([z.object({ ok: z.literal(true), value: JoinAnswer }), z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })]).safeParse(answer);
  if (!shaped.success) throw new AppFailure('setup_admin_address', `${admin} is not a FairDesk admin station (unexpected answer)`);
  if (shaped.data.ok) return shaped.data.value;
  const code = shaped.data.error.code as ErrorCode;
  if (PASSED_ON.includes(code)) throw new AppFailure(code, `the admin station says: ${shaped.data.error.message.slice(0, 200)}`);
  throw new AppFailure('setup_admin_address', `the station at ${admin} cannot hand out set-up codes (${code})`);
}

/** What the station's host (the serve process, the Electron shell) lets the stations feature do to the running station. */
export interface SetupLink {
  /** This station's address for set-up codes (`http://10.0.0.5:4810`), once its server listens; null: none other stations can reach. */
  reachableAt: string | null;
  /**
   * An admin station: the venue database as a joining station reaches it (with its
   * password), given the addresses its request came in on; null: this station is on SQLite.
   */
  venueDbFor(arrived: { local?: string; remote?: string }): string | null;
  /**
   * Moves this station onto the venue database: saves the identity and the database in the
   * data folder and reopens the station there (offline replica and all). Throws
   * `setup_venue_unreachable` with everything put back when it cannot open there.
   */
  joinVenue(joined: { url: string; identity: StoredIdentity; admin: string }): Promise<void>;
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    /** Filled by the process that hosts the station (serve, Electron); absent: a bare router (CLI, tests) cannot join a venue. */
    setupLink?: SetupLink;
  }
}
