/**
 * Time comes from an injected clock, never Date.now() inside a rule. The rehearsal
 * clock lets a venue run the stations "as if" it were a given day and time (the
 * sample data is dated April 2022); FakeClock is for tests.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Runs at real speed, starting from `startAt` (ISO with offset, e.g. 2022-04-13T10:00:00+09:00). */
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
  constructor(at: string | Date = '2022-04-13T09:30:00+09:00') {
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

/** Parses an ISO instant; a local time without offset is read as Asia/Seoul (UTC+9, no DST). */
export function parseInstant(s: string): Date {
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(s);
  const withTime = /T\d{2}:\d{2}/.test(s) ? s : `${s}T00:00:00`;
  const d = new Date(hasZone ? withTime : `${withTime}+09:00`);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date/time: ${s}`);
  return d;
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
