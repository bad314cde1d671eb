/**
 * A venue station's offline worker: keeps the replica current while the venue database
 * answers, notices within a couple of seconds when it does not, and on reconnect
 * replays the outbox in order before the station answers from the venue database again.
 *
 * States: online (pull every PULL_MS and on every bus event; a pull that fails or hangs
 * past PROBE_TIMEOUT_MS means offline only if the server is GONE — venue-probe.ts: a fresh
 * connection refused, failed or not made within its connect timeout; a server that is only
 * slow keeps the station online) → offline (probe every PROBE_MS) → replaying
 * (the outbox, oldest first; new facts still go to the outbox behind the old ones, so
 * order is kept) → online when the outbox is empty.
 *
 * The station answers from the replica whenever `useReplica()` — offline, or facts still
 * waiting — so a visitor checked in offline at this desk is never checked in "again"
 * online before the offline fact reached the database.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { sql, type ControlledTransaction, type Kysely } from 'kysely';
import { contract, type Channel, type OfflineStatus, type PushEvent, type Result } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { DialectOps } from '../../../db/dialect';
import { EventBus } from '../../core/bus';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { createRouter, type Caller, type Handlers, type Router, type StationIdentity } from '../../core/router';
import type { Runtime } from '../../core/runtime';
import { firstSync, pullChanges } from '../../venue/change-feed';
import { outboxCounts, pendingFacts, settleFacts, type OutboxEntry, type Settlement } from './outbox.service';
import { Replica, replicaAgeMs } from './replica.service';
import { offlineHandlersFor, replayHandlersFor } from './handler-wraps';
import { GiftLeases } from './gift-lease.service';
import type { ProbeResult } from '../../venue/venue-probe';
import { FastReplayMiss, type RunOutcome, type SetReplayer } from './replay-run';
import { setReplayerFor } from './replay-sets';

/**
 * The steady pull when nothing is heard. Another station's write is heard as its event and
 * pulled within KICK_GAP_MS; this catches what comes without one. 250 ms cost an idle
 * station ~1 ms of CPU per pull (4.5 ms/s on its main thread, as much again in GC threads —
 * thirty stations on one venue server's machine is a quarter of a core); the lag stays under 1 s.
 */
const PULL_MS = 500;
const PROBE_MS = 400;
/** Another station's event pulls at once, but not sooner than this after the last pull began (lag stays well under 1 s). */
const KICK_GAP_MS = 200;
/**
 * A pull that fails, or hangs past this, asks whether the server is gone (a fresh
 * connection): slow is not gone — a busy server keeps the station online.
 */
const PROBE_TIMEOUT_MS = 800;
/** A server found there is believed for this long (many failing requests share one probe). */
const THERE_FOR_MS = 1_000;
const REPORT_MS = 2_000;
/**
 * Facts per venue transaction. Runs of desk and kiosk check-ins, stamps and gift hand-outs
 * inside a batch are settled set-based (replay-sets.ts), so a batch costs a handful of
 * round trips, not ~10–20 per fact.
 */
export const REPLAY_BATCH = 500;
const RENEW_MS = 10_000;

export interface OfflineSyncDeps {
  /** The station's pool (replay writes go through the ordinary router on it). */
  pg: Kysely<Database>;
  /** The change feed's own connection (pulls and probes), and its pool (the first sync's COPY). */
  feed: Kysely<Database>;
  feedPool: pg.Pool;
  /** Is the venue server gone (a fresh connection cannot be made)? venue-probe.ts. */
  probe: () => Promise<ProbeResult>;
  pgOps: DialectOps;
  replica: Replica;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  station: StationIdentity;
  handlers: Handlers;
  runtime: Runtime;
}

class PullTimeout extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PullTimeout(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The status a conflict is judged by: the outcome's `status` when it has one. */
function statusOf(v: unknown): string {
  const s = (v as { status?: unknown } | null)?.status;
  return typeof s === 'string' ? s : 'ok';
}

export class OfflineSync {
  online = false;
  offlineSince: number | null = null;
  replay: { done: number; total: number } | null = null;
  readonly replicaRouter: Router;
  private readonly replayRouter: Router;
  private readonly replayClock: { at: Date; now(): Date } = { at: new Date(0), now() { return this.at; } };
  readonly leases: GiftLeases;
  /** Facts replayed since start (batches that rolled back included), set-based and one at a time through the router. */
  readonly replayed = { setBased: 0, oneAtATime: 0 };
  private counts = { pending: 0, refused: 0, oldestAt: null as string | null };
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private timerDue = 0;
  private cycleStartedAt = -Infinity;
  private kickAfterBusy = false;
  private closed = false;
  private lastReport = 0;
  private lastRenew = 0;
  /** The venue database (the offline router re-mirrors a desk's lease after an online hand-out). */
  get venueDb(): Kysely<Database> {
    return this.d.pg;
  }
  /** start() has run (first sync done, or found the server down): until then the station answers online only. */
  private started = false;
  /** The offline answer of the fact being replayed (the walk-in replay reads its code). */
  private replaying: unknown = null;
  private probing: Promise<boolean> | null = null;
  private thereAt = -Infinity;
  /** The replay batch's venue transaction, and the events its facts produced (published after its commit). */
  private batchTrx: ControlledTransaction<Database> | null = null;
  private replayEvents: PushEvent[] | null = null;
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly d: OfflineSyncDeps) {
    // Offline answers are heard by this station's screens only: the facts reach the other
    // stations when they are replayed (as the replay's own events).
    const localBus = new EventBus();
    localBus.subscribe((ev) => d.bus.deliver(ev));
    this.leases = new GiftLeases(d.replica, d.station);
    this.replicaRouter = createRouter({
      db: d.replica.db as unknown as Kysely<Database>,
      ops: d.replica.ops,
      clock: d.clock,
      log: d.log.child('replica'),
      bus: localBus,
      runtime: d.runtime,
      handlers: offlineHandlersFor(d.handlers, OFFLINE_WRITES),
    });
    // Replay events wait for the batch's commit (replayBatch publishes them).
    const replayBus = new EventBus();
    replayBus.subscribe((ev) => this.replayEvents?.push(ev));
    // The replay router's writes run in savepoints of the batch's transaction.
    const batchDb = { transaction: () => ({ execute: <T>(fn: (trx: Kysely<Database>) => Promise<T>) => this.inSavepoint(fn) }) } as unknown as Kysely<Database>;
    this.replayRouter = createRouter({
      db: batchDb,
      ops: d.pgOps,
      clock: this.replayClock,
      log: d.log.child('replay'),
      bus: replayBus,
      runtime: d.runtime,
      handlers: replayHandlersFor(d.handlers, () => this.replaying),
      isUnavailable: d.pgOps.isUnavailable,
    });
    this.refreshCounts();
  }

  /** First sync (or catch-up) at start; a server that is down leaves the station offline on its replica. */
  async start(): Promise<void> {
    try {
      if (this.d.replica.cursor === null) {
        const r = await firstSync(this.d.feedPool, this.d.replica);
        this.d.log.info('replica first sync', { rows: r.rows, ms: Math.round(r.ms) });
      } else await withTimeout(pullChanges(this.d.feedPool, this.d.replica), PROBE_TIMEOUT_MS * 10, 'replica catch-up');
      await this.leases.renew(this.d.pg, this.d.clock).catch((e) => this.d.log.warn('gift lease renewal failed', { error: String((e as Error)?.message ?? e) }));
      this.lastRenew = Date.now();
      this.setOnline(true);
    } catch (e) {
      const why = String((e as Error)?.message ?? e);
      // A slow first sync or catch-up on a server that is there: online; the pulls catch up.
      if (await this.venueGone(why)) this.markOffline(why);
      else {
        this.d.log.warn('replica not caught up at start (the venue server is slow); staying online', { why: why.slice(0, 200) });
        this.setOnline(true);
      }
    }
    // Another station's write reaches us as its event (LISTEN/NOTIFY): pull at once.
    this.unsubscribe = this.d.bus.subscribe((ev) => {
      if (ev.type !== 'offline.status' && ev.type !== 'station.status') this.kick();
      // The gift setup was saved (leases recounted against the new stock): mirror the desk's lease at once.
      if (ev.type === 'rally.config.changed') this.lastRenew = 0;
      // The LISTEN link dropped or its ping was slow: a pull now (it fails and probes if the
      // server is gone). Not offline by itself: a busy server can miss a ping.
      if (ev.type === 'station.status') this.kick();
    });
    this.started = true;
    this.schedule(this.online ? PULL_MS : PROBE_MS);
  }

  /** The station answers from the replica: offline, or facts still waiting to replay. */
  useReplica(): boolean {
    if (!this.started) return false;
    return !this.online || this.counts.pending > 0 || this.replay !== null;
  }

  get replica(): Replica {
    return this.d.replica;
  }

  /** Never synced: nothing to answer from. */
  replicaEmpty(): boolean {
    return this.d.replica.cursor === null;
  }

  /**
   * Is the venue server there? A request can fail with db_unavailable because every pooled
   * connection is busy (desks queued on one gift's lock for 5 s) while the server is fine:
   * that is a busy venue, and answering from the replica then hands out lease units the
   * server already gave (chaos gift race) or checks a visitor in twice (two desks under load).
   */
  async venueAnswers(): Promise<boolean> {
    return !(await this.venueGone('request: database unavailable'));
  }

  /**
   * Gone = a connection cannot be made (venue-probe.ts). The feed's own connection
   * answering quickly settles it; otherwise (it is busy with a slow pull, or dead) a fresh
   * connection decides. Concurrent callers share one probe; a server found there is
   * believed for THERE_FOR_MS.
   */
  private venueGone(why: string): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    if (performance.now() - this.thereAt < THERE_FOR_MS) return Promise.resolve(false);
    this.probing ??= (async () => {
      try {
        await withTimeout(sql`select 1`.execute(this.d.feed), PROBE_TIMEOUT_MS, 'venue probe');
        return false;
      } catch {
        const r = await this.d.probe().catch((e: unknown) => ({ gone: true, why: String((e as Error)?.message ?? e) }));
        if (!r.gone) this.d.log.warn('the venue server is slow, not gone: staying online', { why: why.slice(0, 200), probe: r.why.slice(0, 200) });
        return r.gone;
      }
    })().then((gone) => {
      if (!gone) this.thereAt = performance.now();
      return gone;
    }).finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  /** A request failed with db_unavailable, or the venue link dropped. */
  markOffline(why: string): void {
    if (this.online || this.offlineSince === null) {
      if (this.online) this.d.log.warn('offline: answering from the replica', { why: why.slice(0, 200) });
      this.online = false;
      this.offlineSince ??= this.d.clock.now().getTime();
      this.publish();
    }
  }

  /** The offline router wrote a fact to the outbox. */
  factAdded(): void {
    this.refreshCounts();
    this.publish();
    if (this.online) this.kick();
  }

  status(): OfflineStatus {
    return {
      enabled: true,
      online: this.online && !this.useReplica(),
      offlineSince: this.offlineSince === null ? null : new Date(this.offlineSince).toISOString(),
      waiting: this.counts.pending,
      oldestAt: this.counts.oldestAt,
      oldestAgeMs: this.counts.oldestAt === null ? null : Math.max(0, this.d.clock.now().getTime() - Date.parse(this.counts.oldestAt)),
      refused: this.counts.refused,
      replicaAgeMs: replicaAgeMs(this.d.replica),
      replay: this.replay,
    };
  }

  /**
   * Runs one cycle soon (after the current one): at once, unless a cycle started less
   * than KICK_GAP_MS ago. Every other station's check-in kicks; a pull per kick meant
   * every station pulling back to back through a scan burst.
   */
  kick(): void {
    if (this.closed) return;
    if (this.busy) {
      if (!this.kickAfterBusy) {
        this.kickAfterBusy = true;
        void this.busy.then(() => {
          this.kickAfterBusy = false;
          this.kick();
        });
      }
      return;
    }
    const wait = Math.max(0, this.cycleStartedAt + KICK_GAP_MS - Date.now());
    if (this.timer) {
      if (this.timerDue <= Date.now() + wait) return;
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.schedule(wait);
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer || this.busy) return;
    this.timerDue = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.cycleStartedAt = Date.now();
      this.busy = this.cycle().finally(() => {
        this.busy = null;
        this.schedule(this.online ? PULL_MS : PROBE_MS);
      });
    }, ms);
    this.timer.unref();
  }

  private async cycle(): Promise<void> {
    try {
      // Never synced (the server was down at the first start): the full copy, without the probe's timeout.
      if (this.d.replica.cursor === null) await firstSync(this.d.feedPool, this.d.replica);
      else await withTimeout(pullChanges(this.d.feedPool, this.d.replica), PROBE_TIMEOUT_MS, 'replica pull');
    } catch (e) {
      // A hung pull may still finish later: applying an older window again is harmless
      // (upserts and deletes are idempotent; the next pull reads from its cursor).
      // Failed or hung while online: offline only if the server is gone, not when it is slow
      // (the next pull, queued behind a hung one on the feed's single connection, fails
      // with "timeout exceeded when trying to connect" — that is a busy server too).
      const why = String((e as Error)?.message ?? e);
      if (!this.online || (await this.venueGone(why))) this.markOffline(why);
      return;
    }
    if (!this.online) {
      this.d.log.info('venue database back: replaying the outbox', { waiting: this.counts.pending });
      this.setOnline(true);
    }
    if (this.counts.pending > 0) await this.replayOutbox();
    // Gift desks top their lease up now and then (and right after a replay gave it back).
    if (this.online && !this.useReplica() && Date.now() - this.lastRenew > RENEW_MS) {
      this.lastRenew = Date.now();
      await this.leases.renew(this.d.pg, this.d.clock).catch((e) => this.d.log.warn('gift lease renewal failed', { error: String((e as Error)?.message ?? e) }));
    }
    if (Date.now() - this.lastReport > REPORT_MS) await this.report().catch(() => undefined);
  }

  private setOnline(v: boolean): void {
    this.online = v;
    if (v) this.offlineSince = null;
    this.publish();
  }

  /** Replays waiting facts in order; stops (stays offline) at the first sign the server is gone again. */
  private async replayOutbox(): Promise<void> {
    // Replayed hand-outs take their unit from this desk's lease (handler-wraps.ts); the
    // units left over go back to the stock once the outbox is empty (below).
    this.replay = { done: 0, total: this.counts.pending };
    this.publish();
    try {
      for (;;) {
        const batch = pendingFacts(this.d.replica, REPLAY_BATCH);
        if (batch.length === 0) break;
        const settled = await this.replayBatch(batch);
        if (!settled) return;
        await settleFacts(this.d.replica, settled);
        this.replay.done += settled.length;
        if (this.replay.done > this.replay.total) this.replay.total = this.replay.done;
        this.refreshCounts();
        this.publish();
      }
    } finally {
      this.replay = null;
      this.refreshCounts();
      this.publish();
    }
    await this.leases.giveBackUnused(this.d.pg, this.d.clock).catch((e) => this.d.log.warn('gift lease return failed', { error: String((e as Error)?.message ?? e) }));
    this.lastRenew = 0;
  }

  /**
   * Up to REPLAY_BATCH facts in ONE venue transaction (one commit, not one per fact —
   * the commit's fsync is what a fact-per-transaction replay waits on), each fact in its
   * own savepoint so a refused one is rolled back alone and the rest go on. Settled in the
   * outbox only after the commit; a crash in between replays the batch again, which the
   * nonces make a no-op. Events go out after the commit. null: the server is gone again
   * (nothing of the batch is kept; the facts stay pending).
   */
  private async replayBatch(batch: OutboxEntry[]): Promise<Settlement[] | null> {
    let trx: ControlledTransaction<Database>;
    try {
      trx = await this.d.pg.startTransaction().execute();
    } catch (e) {
      if (!this.d.pgOps.isUnavailable(e)) throw e;
      this.markOffline('replay: database unavailable');
      return null;
    }
    this.batchTrx = trx;
    const events: PushEvent[] = [];
    this.replayEvents = events;
    const settled: Settlement[] = [];
    try {
      for (let i = 0; i < batch.length; ) {
        // A run of consecutive facts of one set-based kind goes set-based; every other fact through the router.
        const kind = setReplayerFor(batch[i]!, this.d.station, this.d.runtime);
        let j = i + 1;
        while (kind && j < batch.length && batch[j]!.channel === kind.channel && kind.replayable(batch[j]!, this.d.station, this.d.runtime)) j++;
        if (kind && j - i >= 2) {
          // A race with an online station ('miss') is read again set-based (the reread sees the
          // other station's write); a third miss, or any other failure: this run fact by fact.
          let run: Settlement[] | 'miss' | 'failed' = 'miss';
          for (let tries = 0; tries < 3 && run === 'miss'; tries++) run = await this.replayRun(trx, kind, batch.slice(i, j), events);
          if (Array.isArray(run)) {
            settled.push(...run);
            this.replayed.setBased += run.length;
            i = j;
            continue;
          }
        }
        for (const fact of batch.slice(i, j)) {
          const s = await this.replayOne(trx, fact);
          if (!s) {
            await trx.rollback().execute().catch(() => undefined);
            return null;
          }
          settled.push(s);
          this.replayed.oneAtATime++;
        }
        i = j;
      }
      await trx.commit().execute();
    } catch (e) {
      await trx.rollback().execute().catch(() => undefined);
      if (!this.d.pgOps.isUnavailable(e)) throw e;
      this.markOffline('replay: database unavailable');
      return null;
    } finally {
      this.batchTrx = null;
      this.replayEvents = null;
    }
    for (const ev of events) this.d.bus.publish(ev);
    return settled;
  }

  /**
   * A run of one kind's facts, set-based, in a savepoint of the batch's transaction; its
   * conflicts in one insert. 'miss': it met a concurrent write; 'failed': anything else
   * (both rolled back). A server gone mid-run throws (the batch is dropped).
   */
  private async replayRun(trx: ControlledTransaction<Database>, kind: SetReplayer, facts: OutboxEntry[], events: PushEvent[]): Promise<Settlement[] | 'miss' | 'failed'> {
    const sp = await trx.savepoint('run').execute();
    let outcomes: RunOutcome[];
    const runEvents: PushEvent[] = [];
    try {
      const r = await kind.run(sp, facts, {
        station: this.d.station,
        runtime: this.d.runtime,
        ctxFor: (db, at) => ({
          db,
          clock: { now: () => at },
          log: this.d.log.child('replay'),
          ops: this.d.pgOps,
          station: this.d.station,
          runtime: this.d.runtime,
          emit: (ev) => runEvents.push(ev),
          emitNow: (ev) => this.d.bus.publish(ev),
          audit: () => undefined,
        }),
      });
      outcomes = r.outcomes;
      runEvents.unshift(...r.events);
    } catch (e) {
      await sp.rollbackToSavepoint('run').execute().catch(() => undefined);
      if (this.d.pgOps.isUnavailable(e)) throw e;
      if (e instanceof FastReplayMiss) {
        this.d.log.warn('set-based replay met a concurrent write', { channel: kind.channel, facts: facts.length, why: e.message.slice(0, 200) });
        return 'miss';
      }
      this.d.log.error('set-based replay failed; this run goes fact by fact', { channel: kind.channel, error: String((e as Error)?.stack ?? e).slice(0, 500) });
      return 'failed';
    }
    const now = new Date().toISOString();
    const conflicts = facts.flatMap((fact, k) => {
      const o = outcomes[k]!;
      const offlineStatus = statusOf(JSON.parse(fact.offline_value));
      if (o.status === offlineStatus) return [];
      const input = JSON.parse(fact.input) as unknown;
      return [{
        id: randomUUID(),
        nonce: fact.nonce,
        station_id: this.d.station.id,
        station_name: this.d.station.name,
        channel: fact.channel,
        subject: subjectOf(input, JSON.parse(fact.offline_value)),
        offline_at: fact.at,
        offline_status: offlineStatus,
        settled_status: o.status,
        detail: JSON.stringify(o.first ? { firstAt: o.first.at, firstStation: o.first.stationName } : {}),
        recorded_at: now,
      }];
    });
    if (conflicts.length) {
      await sp.insertInto('offline_conflicts').values(conflicts).onConflict((oc) => oc.column('nonce').doNothing()).execute();
      this.d.log.warn('offline facts settled differently', { channel: facts[0]!.channel, conflicts: conflicts.length });
    }
    await sp.releaseSavepoint('run').execute();
    events.push(...runEvents);
    return facts.map((fact) => ({ seq: fact.seq, state: 'done' as const, at: now, error: null }));
  }

  /** The replay router's "transaction": a savepoint in the batch's transaction. */
  private async inSavepoint<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    const trx = this.batchTrx;
    if (!trx) throw new Error('replay outside a batch');
    const sp = await trx.savepoint('fact').execute();
    try {
      const v = await fn(sp);
      await sp.releaseSavepoint('fact').execute();
      return v;
    } catch (e) {
      await sp.rollbackToSavepoint('fact').execute().catch(() => undefined);
      throw e;
    }
  }

  /** null: the server is gone again (the fact stays pending, the replay stops). */
  private async replayOne(trx: Kysely<Database>, fact: OutboxEntry): Promise<Settlement | null> {
    const caller: Caller = { station: this.d.station };
    this.replayClock.at = new Date(fact.at);
    const input = JSON.parse(fact.input) as unknown;
    const offlineValue = JSON.parse(fact.offline_value) as unknown;
    this.replaying = offlineValue;
    const r: Result<unknown> = await this.replayRouter.call(caller, fact.channel, input);
    const now = new Date().toISOString();
    if (!r.ok && r.error.code === 'db_unavailable') {
      this.markOffline('replay: database unavailable');
      return null;
    }
    const offlineStatus = statusOf(offlineValue);
    const settledStatus = r.ok ? statusOf(r.value) : `refused:${r.error.code}`;
    if (settledStatus !== offlineStatus) {
      const first = r.ok ? ((r.value as { first?: { at?: string; stationName?: string } }).first ?? null) : null;
      // In the batch's transaction: the conflict is recorded exactly when the replay is kept.
      await trx
        .insertInto('offline_conflicts')
        .values({
          id: randomUUID(),
          nonce: fact.nonce,
          station_id: this.d.station.id,
          station_name: this.d.station.name,
          channel: fact.channel,
          subject: subjectOf(input, offlineValue),
          offline_at: fact.at,
          offline_status: offlineStatus,
          settled_status: settledStatus,
          detail: JSON.stringify(first ? { firstAt: first.at ?? null, firstStation: first.stationName ?? null } : r.ok ? {} : { error: r.error.code }),
          recorded_at: now,
        })
        .onConflict((oc) => oc.column('nonce').doNothing())
        .execute();
      this.d.log.warn('offline fact settled differently', { channel: fact.channel, offline: offlineStatus, settled: settledStatus });
    }
    return { seq: fact.seq, state: r.ok ? 'done' : 'refused', at: now, error: r.ok ? null : `${r.error.code}: ${r.error.message}`.slice(0, 300) };
  }

  private refreshCounts(): void {
    this.counts = outboxCounts(this.d.replica);
  }

  private lastPublished = '';
  private publish(): void {
    const status = this.status();
    const key = JSON.stringify({ ...status, replicaAgeMs: null, oldestAgeMs: null });
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.d.bus.deliver({ type: 'offline.status', status });
  }

  /** The Stations screen's row for this station. */
  private async report(): Promise<void> {
    this.lastReport = Date.now();
    const row = {
      replica_lag_ms: replicaAgeMs(this.d.replica),
      outbox_depth: this.counts.pending,
      refused: this.counts.refused,
      reported_at: new Date().toISOString(),
    };
    await this.d.pg
      .insertInto('offline_station_sync')
      .values({ station_id: this.d.station.id, ...row })
      .onConflict((oc) => oc.column('station_id').doUpdateSet(row))
      .execute();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await this.busy?.catch(() => undefined);
    await this.d.replica.close();
  }
}

function subjectOf(input: unknown, value: unknown): string | null {
  const code = (input as { code?: unknown })?.code ?? (value as { visitor?: { code?: unknown } })?.visitor?.code;
  return typeof code === 'string' ? code.slice(0, 64) : null;
}

/** Channels answered from the replica while offline (reads) and recorded in the outbox (writes). */
export const OFFLINE_READS: ReadonlySet<Channel> = new Set<Channel>([
  'system.hello',
  'visitors.search',
  'visitors.get',
  'checkin.counters',
  'rally.config',
  'rally.progress',
  'rally.quiz.start',
  'rally.gift.check',
  'floor.state',
  'kiosk.config',
  'kiosk.identify',
  'kiosk.status',
  'kiosk.badgeState',
  'sessions.list',
  // Staff sign in and out on the replica's operators (migration 0026). Not facts to
  // replay: a wrong-PIN count and the sign-in's audit row stay on this station's replica
  // (the venue's operator row wins at the next pull); who is signed in lives in memory.
  'operators.list',
  'operators.signIn',
  'operators.signOut',
]);
export const OFFLINE_WRITES: ReadonlySet<Channel> = new Set<Channel>([
  'checkin.scan',
  'checkin.override',
  'visitors.walkIn',
  'rally.stamp.scan',
  'rally.quiz.submit',
  'rally.gift.redeem',
  'floor.arrival.scan',
  'floor.round.start',
  'floor.meeting.act',
  'kiosk.confirm',
  'kiosk.walkIn',
  'rally.gift.undo',
  'sessions.door.scan',
]);

// Every offline write must carry a nonce: it is what makes the replay exactly-once.
for (const ch of OFFLINE_WRITES) {
  if (!contract[ch].write || !('nonce' in (contract[ch].input as unknown as { shape: object }).shape)) {
    throw new Error(`offline write ${ch} has no nonce`);
  }
}
