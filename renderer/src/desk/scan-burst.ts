/**
 * Telling a keyboard-wedge scanner from a person by timing alone — pure, so it is
 * tested under Node. A scanner types a whole code in a few milliseconds per key and
 * ends it with Enter (slow Bluetooth ones ~30 ms); people pause 80 ms or more between
 * keys and never keep a steady 40 ms for a whole code.
 */

/** A pause longer than this between two keys ends a burst. */
export const BURST_MAX_GAP_MS = 100;
/** A burst's keys arrive at least this fast on average. */
export const BURST_MEAN_GAP_MS = 40;
/** Fewer keys than this are not a code (the shortest codes look like EX0001). */
export const BURST_MIN_KEYS = 5;

/**
 * Given the times of the keys pressed in one field (oldest first) and the time of the
 * Enter that followed, the index of the first key of the scanner burst that Enter ends,
 * or -1 when the keys before Enter were typed by a person.
 */
export function burstStart(keyTimes: readonly number[], enterAt: number): number {
  const times = [...keyTimes, enterAt];
  let i = times.length - 1;
  // Times going backwards (a clock adjusted mid-typing) end a burst like a long pause.
  const joined = (k: number) => times[k]! - times[k - 1]! >= 0 && times[k]! - times[k - 1]! <= BURST_MAX_GAP_MS;
  while (i > 0 && joined(i)) i--;
  const keys = times.length - 1 - i;
  if (keys < BURST_MIN_KEYS) return -1;
  const mean = (enterAt - times[i]!) / keys;
  return mean <= BURST_MEAN_GAP_MS ? i : -1;
}

/**
 * What was typed into a field whose text went from `before` to `after` (inserted at the
 * caret, wherever it was): the part of `after` outside their common start and end.
 */
export function insertedText(before: string, after: string): string {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return after.slice(start, after.length - end);
}
