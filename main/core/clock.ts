/**
 * Time comes from an injected clock, never Date.now() inside a rule. The rehearsal
 * clock lets a venue run the stations "as if" it were a given day and time of the
 * fair; FakeClock is for tests.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Runs at real speed, starting from `startAt` (ISO with offset, e.g. 2026-05-20T10:00:00+09:00). */
export class RehearsalClock implements Clock {
  private offsetMs: number;
  constructor(startAt: string | Date, base: Clock = systemClock) {
    const start = typeof startAt === 'string' ? parseInstant(startAt) : startAt;
    this.offsetMs = start.getTime() - base.now().getTime();
    this.base = base;
  }
  private base: Clock;
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
  /** Jump to another instant (the rehearsal clock can be reset from the console). */
  set(at: string | Date): void {
    const t = typeof at === 'string' ? parseInstant(at) : at;
    this.offsetMs = t.getTime() - this.base.now().getTime();
  }
}

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  private t: number;
  constructor(at: string | Date) {
    this.t = (typeof at === 'string' ? parseInstant(at) : at).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: string | Date): void {
    this.t = (typeof at === 'string' ? parseInstant(at) : at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Parses an ISO instant; a local time without offset is read in `timeZone` (the
 * event's; Asia/Seoul until a station has read its event).
 */
export function parseInstant(s: string, timeZone = 'Asia/Seoul'): Date {
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(s);
  const withTime = /T\d{2}:\d{2}/.test(s) ? s : `${s}T00:00:00`;
  const d = hasZone ? new Date(withTime) : localToInstant(withTime, timeZone);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date/time: ${s}`);
  return d;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
/** How far `timeZone` is ahead of UTC at an instant, in ms (DST-aware, via Intl). */
function zoneOffsetMs(timeZone: string, at: number): number {
  const p = wallClockIn(timeZone, new Date(at));
  const whole = Math.floor(at / 60_000) * 60_000; // zones differ from UTC by whole minutes
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - whole;
}

/** A wall-clock time ("2026-05-20T09:30[:00]") in a time zone → the instant. */
function localToInstant(local: string, timeZone: string): Date {
  const asUtc = Date.parse(`${local}Z`);
  if (Number.isNaN(asUtc)) return new Date(NaN);
  const first = asUtc - zoneOffsetMs(timeZone, asUtc);
  // Near a DST change the offset at the guess differs from the offset at the answer.
  return new Date(asUtc - zoneOffsetMs(timeZone, first));
}

/** true when Intl knows the IANA time zone (e.g. Asia/Seoul; not Asia/Busan). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function isoDayIn(timeZone: string, at: Date): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(at);
}

/** Wall-clock parts of an instant in a time zone, zero-padded ('2026', '05', '20', '09', '05'). */
export function wallClockIn(timeZone: string, at: Date): { year: string; month: string; day: string; hour: string; minute: string } {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute! };
}
