/**
 * The day's consultations, kept in memory: every board and console refetches the whole
 * floor on every tap, and re-reading a thousand programme rows each time would be most
 * of that work. Programme rows change only on import (a `programme.changed` event, also
 * from other stations); the facts about meetings are always read fresh. A short TTL and
 * a link coming back bound the staleness if an event from another station was missed.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../db/schema';
import type { ProgrammeItemsTable } from '../../../db/tables/programme.tables';
import { clearedOn, type RuntimeSlots } from '../../core/runtime';

export type ItemRow = Selectable<ProgrammeItemsTable>;

export class ProgrammeDayCache {
  private entry: { day: string; rows: ItemRow[]; at: number } | null = null;
  constructor(private ttlMs = 30_000) {}

  /** Consultations of `day`, ordered by start. `nowMs` is monotonic time (freshness only, not a rule). */
  async consultations(db: Kysely<Database>, day: string, nowMs = performance.now()): Promise<ItemRow[]> {
    const e = this.entry;
    if (e && e.day === day && nowMs - e.at < this.ttlMs) return e.rows;
    const rows = await db
      .selectFrom('programme_items')
      .selectAll()
      .where('day', '=', day)
      .where('kind', 'in', ['consultation', 'video_consultation'])
      .orderBy('starts_at')
      .execute();
    this.entry = { day, rows, at: nowMs };
    return rows;
  }

  invalidate(): void {
    this.entry = null;
  }
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    /** The day's consultations (programme rows change only on import). */
    programme: ProgrammeDayCache;
  }
}

export const programmeRuntimeSlot = {
  // An import here or elsewhere, or a link back after events may have been missed.
  programme: ({ bus }) => clearedOn(bus, new ProgrammeDayCache(), (ev) => ev.type === 'programme.changed' || (ev.type === 'station.status' && ev.online)),
} satisfies Partial<RuntimeSlots>;
