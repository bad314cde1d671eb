/**
 * Results cross every process boundary as values, never as thrown exceptions
 * (Signal's wrapResult, Actual's sendCatch). Error codes are a closed list so the
 * renderer can turn each one into a Korean/English message.
 */
const ERROR_CODES = [
  'invalid_input', // zod rejected the input
  'unknown_channel',
  'forbidden', // the calling station's role may not use this channel
  'unauthorized', // missing/wrong station token on a LAN server
  'not_found',
  'conflict',
  'db_unavailable', // venue database unreachable: nothing was written
  'printer_offline',
  'printer_timeout',
  'import_failed',
  'station_unreachable', // the renderer cannot reach its station (browser shell)
  'internal',
  'rate_limited', // too many lookups from this station in a short time (a kiosk walking codes)
  'invalid_event', // the event setup has a problem (details: EventProblem[], KO/EN)
  'setup_code_unknown', // no such station set-up code (typo, or made for another database)
  'setup_code_expired', // the set-up code's time ran out: make a new one
  'setup_code_used', // the set-up code was already used (one station per code)
  'setup_code_cancelled', // the admin cancelled this set-up code before it was used
  'station_retired', // an admin retired this station: it answers nothing until set up again
  'operator_required', // this station needs a signed-in operator for writes (a setting)
  'already_acknowledged', // a kiosk or printer alert another console already took (details: by, at)
  'setup_admin_unreachable', // a joining station cannot reach the admin station's address (nothing saved)
  'setup_admin_address', // what was typed is not an admin station's address, or nothing there answers as one
  'setup_too_many_tries', // the admin station refuses set-up codes from this address for a while (wrong codes)
  'setup_venue_unreachable', // the venue database the admin station named cannot be opened from this station (nothing saved)
  'device_revoked', // an admin revoked this browser's device token for a LAN station (issue 11)
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** Developer-facing detail; the renderer shows its own localized text for `code`. */
  message: string;
  /** Optional structured detail (e.g. zod issue paths) — never personal data. */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Thrown inside services to abort the transaction with a typed error. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
