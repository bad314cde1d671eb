/**
 * A table's schedule after one of its meetings was given more time: the meetings after
 * it at that table are pushed back just enough that each starts a changeover after the
 * one before it ends, so the table's day stays consistent (no two meetings at once). A
 * gap in the day (a break, a free slot) absorbs the push, so it does not run on to
 * evening. Pure: slots in, shifts out; the service writes them as `delayed` facts.
 */

const MIN = 60_000;

export interface TableSlot {
  id: string;
  /** Current (already shifted) start and end, epoch ms; a running meeting ends when its Q&A ends. */
  start: number;
  end: number;
  /**
   * open: not started, may move. fixed: running, holds its time and cannot move.
   * free: no-show, cancelled or done — it no longer takes the table.
   */
  kind: 'open' | 'fixed' | 'free';
}

export interface Push {
  id: string;
  /** Whole minutes the meeting moves back. */
  minutes: number;
}

/**
 * The pushes that keep the table consistent after `fromId` changed its end. `slots` is
 * the table's day in schedule order (by the planned start from the file). A change of
 * less than half a minute is absorbed by the changeover rather than moving a meeting
 * (a round tapped twenty seconds late must not push every later meeting by a minute).
 */
export function pushBackPlan(slots: readonly TableSlot[], fromId: string, changeoverMin: number): Push[] {
  const i = slots.findIndex((s) => s.id === fromId);
  if (i < 0) return [];
  let busyUntil = slots[i]!.end;
  const out: Push[] = [];
  for (const s of slots.slice(i + 1)) {
    if (s.kind === 'free') continue;
    const need = s.kind === 'open' ? Math.round((busyUntil + changeoverMin * MIN - s.start) / MIN) : 0;
    if (need > 0) out.push({ id: s.id, minutes: need });
    busyUntil = Math.max(busyUntil, s.end + Math.max(0, need) * MIN);
  }
  return out;
}
