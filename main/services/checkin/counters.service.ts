import type { Kysely } from 'kysely';
import type { Counters } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { clearedOn, type RuntimeSlots } from '../../core/runtime';

/**
 * "Registered for today" changes only on imports and walk-ins but is read on every
 * check-in; counting 100k index entries each time would dominate check-in latency,
 * so it is cached briefly. "Checked in today" is always read fresh, from the running counts.
 */
export class RegisteredCountCache {
  private cache = new Map<string, { n: number; at: number }>();
  constructor(private ttlMs = 5_000) {}
  async get(db: Kysely<Database>, day: string, nowMs: number): Promise<number> {
    const hit = this.cache.get(day);
    if (hit && nowMs - hit.at < this.ttlMs) return hit.n;
    const r = await db.selectFrom('visitor_days').select((eb) => eb.fn.countAll<string | number>().as('n')).where('day', '=', day).executeTakeFirst();
    const n = Number(r?.n ?? 0);
    this.cache.set(day, { n, at: nowMs });
    return n;
  }
  invalidate(): void {
    this.cache.clear();
  }
}

/**
 * Checked in on `day`: the sum of the dashboard's running counts (migration 0025's trigger
 * keeps them in each check-in's own transaction; 0029 dropped the older per-station tally
 * that counted the same). Category '' included: a check-in whose visitor row a replica
 * has not received yet is still a check-in.
 */
export async function countCheckedIn(db: Kysely<Database>, day: string): Promise<number> {
  const r = await db.selectFrom('dashboard_checkins').select((eb) => eb.fn.sum<string | number | null>('n').as('n')).where('day', '=', day).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function readCounters(db: Kysely<Database>, cache: RegisteredCountCache, day: string, nowMs: number): Promise<Counters> {
  const [checkedIn, registered] = await Promise.all([countCheckedIn(db, day), cache.get(db, day, nowMs)]);
  return { day, checkedIn, registered };
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    registeredCount: RegisteredCountCache;
  }
}

/** ctx.runtime.registeredCount; another station's import or walk-in changes "registered for today". */
export const checkinRuntimeSlot = {
  registeredCount: ({ bus }) => clearedOn(bus, new RegisteredCountCache(), (ev) => ev.type === 'visitors.changed'),
} satisfies Partial<RuntimeSlots>;
