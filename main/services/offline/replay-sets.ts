/**
 * The kinds of offline fact replayed set-based, a run at a time (replay-run.ts). Every
 * other kind goes through the router fact by fact: quiz attempts, floor arrivals and
 * meeting taps, walk-ins, overrides and undos — a person's minutes each, so few per outage,
 * and rules (grading, itineraries, codes) better kept in one place. Measured: quiz attempts
 * replay at ~80/s one at a time (offline-replay bench), so a quiz station's outage of
 * ten minutes (a few dozen attempts) is in within a second.
 */
import type { StationIdentity } from '../../core/router';
import type { Runtime } from '../../core/runtime';
import type { OutboxEntry } from './outbox.service';
import type { SetReplayer } from './replay-run';
import { checkinScanReplayer, kioskConfirmReplayer } from './replay-checkins';
import { stampReplayer } from './replay-stamps';
import { giftReplayer } from './replay-gifts';

const REPLAYERS: readonly SetReplayer[] = [checkinScanReplayer, kioskConfirmReplayer, stampReplayer, giftReplayer];

/** The set-based replayer for this fact, or null: it goes through the router (also for every fact when FAIRDESK_REPLAY_SET_BASED=0). */
export function setReplayerFor(fact: OutboxEntry, station: StationIdentity, runtime: Runtime): SetReplayer | null {
  if (process.env.FAIRDESK_REPLAY_SET_BASED === '0') return null;
  return REPLAYERS.find((r) => r.channel === fact.channel && r.replayable(fact, station, runtime)) ?? null;
}
