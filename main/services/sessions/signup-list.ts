/**
 * Who holds a seat: derived from the standing sign-ups in the order they were made,
 * never stored, so a cancel promotes the first on the waitlist with no write of its own.
 * From `noShowMin` after the start, a confirmed visitor who has not come through the
 * door drops behind the waitlist (they may still come if a seat is left); visitors
 * already admitted keep their seat.
 */
export interface StandingSignup {
  code: string;
  at: string;
}

export interface SignupList {
  confirmed: string[];
  waitlist: string[];
}

export function deriveSignupList(
  standing: readonly StandingSignup[],
  capacity: number | null,
  admitted: ReadonlySet<string>,
  opts: { now: number; start: number; noShowMin: number },
): SignupList {
  const ordered = [...standing].sort((a, b) => a.at.localeCompare(b.at) || a.code.localeCompare(b.code)).map((s) => s.code);
  if (capacity === null) return { confirmed: ordered, waitlist: [] };
  let order = ordered;
  if (opts.now >= opts.start + opts.noShowMin * 60_000) {
    const before = new Set(ordered.slice(0, capacity));
    const noShows = ordered.filter((c) => before.has(c) && !admitted.has(c));
    const came = ordered.filter((c) => admitted.has(c));
    const waiting = ordered.filter((c) => !before.has(c) && !admitted.has(c));
    order = [...came, ...waiting, ...noShows];
  }
  return { confirmed: order.slice(0, capacity), waitlist: order.slice(capacity) };
}
