/**
 * What every set-based replay of a run of offline facts shares (replay-checkins.ts,
 * replay-stamps.ts, replay-gifts.ts; the registry is replay-sets.ts): the shape of a kind, its outcome per
 * fact, the "met a concurrent write" signal, and the audit rows the router would have
 * written. A run is a stretch of consecutive facts of one kind in a replay batch; it is
 * decided from a few reads and written with multi-row inserts in a savepoint of the
 * batch's transaction (offline-sync.ts), instead of ~10 round trips per fact.
 *
 * A kind restates its service's rules for a whole run. Each kind has its cases run through
 * both paths — set-based and the ordinary handler one fact at a time — in
 * test/offline.replay-sets.test.ts, which compares the rows, audit rows, events, conflicts
 * and the facts kept for review; FAIRDESK_REPLAY_SET_BASED=0 turns every kind off (all facts go fact by fact).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { contract, type Channel, type PushEvent } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx, StationIdentity } from '../../core/router';
import type { Runtime } from '../../core/runtime';
import type { OutboxEntry } from './outbox.service';
import { todayIn } from '../system/event.service';

/** One fact's outcome, as the router's path would have answered it (its status; for "already", the first). */
export interface RunOutcome {
  status: string;
  first?: { at: string; stationName: string };
}

export interface RunDeps {
  station: StationIdentity;
  runtime: Runtime;
  /** A handler context at the fact's time (auto-print queues through the ordinary path). */
  ctxFor(db: Kysely<Database>, at: Date): HandlerCtx;
}

export interface SetReplayer {
  channel: Channel;
  /** May this fact go set-based? Anything unusual stays on the per-fact path. */
  replayable(fact: OutboxEntry, station: StationIdentity, runtime: Runtime): boolean;
  /**
   * Replays `facts` (all replayable, in outbox order) in `db` (a savepoint the caller
   * rolls back on a throw). Outcomes in order, and the events to publish after the
   * commit. Throws FastReplayMiss when it met a concurrent write (the caller retries).
   */
  run(db: Kysely<Database>, facts: OutboxEntry[], d: RunDeps): Promise<{ outcomes: RunOutcome[]; events: PushEvent[] }>;
}

/** The run could not be settled set-based (a race with an online station): replay it again, or fact by fact. */
export class FastReplayMiss extends Error {}

/**
 * The router's own preconditions for a fact to run at all, as replayOne would meet them:
 * the input passes the contract, the station's role may call the channel, and no
 * operator rule refuses it at the fact's time. A fact failing any goes fact by fact (and
 * is refused there, kept for review).
 */
export function routerWouldRun(fact: OutboxEntry, station: StationIdentity, runtime: Runtime): boolean {
  const ch = fact.channel as Channel;
  if (!(ch in contract)) return false;
  if (runtime.access?.refusal(ch, Date.parse(fact.at))) return false;
  return contract[ch].input.safeParse(JSON.parse(fact.input)).success && (contract[ch].roles as readonly string[]).includes(station.role);
}

/**
 * The audit row the router writes for every write it runs — one per fact, at the fact's
 * time, by whoever was signed in then; naming an entity only when the handler did.
 */
export async function auditRun(
  db: Kysely<Database>,
  facts: OutboxEntry[],
  d: RunDeps,
  named: (i: number) => { entityId: string; detail: Record<string, unknown> } | null,
): Promise<void> {
  if (facts.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      facts.map((fact, i) => {
        const n = named(i);
        const at = new Date(fact.at);
        return {
          id: randomUUID(),
          at: at.toISOString(),
          station_id: d.station.id,
          channel: fact.channel,
          entity_id: n ? n.entityId : null,
          detail: n ? JSON.stringify(n.detail) : null,
          operator_id: d.runtime.access?.current(at.getTime())?.id ?? null,
        };
      }),
    )
    .execute();
}

/** Each fact's event day, at the fact's own time (as the handler's clock would give it). */
export async function factDays(db: Kysely<Database>, facts: OutboxEntry[], runtime: Runtime): Promise<string[]> {
  const days: string[] = [];
  for (const f of facts) {
    const at = new Date(f.at);
    days.push(await todayIn({ db, clock: { now: () => at }, runtime }));
  }
  return days;
}
