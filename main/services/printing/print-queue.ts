/**
 * The station's print queue worker: prints the jobs this station queued, one job at a
 * time per printer, after the request's transaction committed (it wakes on the
 * `printing.job` queued event, which the router publishes only after commit, and
 * polls as a safety net). Job states live in the database, so a restart loses
 * nothing; the printer's online/offline state lives here and is pushed to screens.
 *
 * Retry policy: a failure before any job byte was sent (offline, refused, timeout,
 * printer reports jammed) keeps the job queued and retries the printer with backoff;
 * a failure after bytes were sent fails the job — staff reprint with a reason — so a
 * badge never prints twice on its own.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PrintFailure, PushEvent } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { EventBus } from '../../core/bus';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import type { RuntimeSlots } from '../../core/runtime';
import { paperMismatch, type Stock } from '../../printing/badge.templates';
import { parseTcpInterface, PrinterError, probePrinter, sendToPrinter } from '../../printing/tcp.transport';
import './badge-jobs';
import { jobRendererFor } from './job-renderers';
import { expireJobs, failInterruptedJobs, isExpired, jobEvent, nextQueuedJob, printersWithQueuedJobs, transition, type PrintJobRow } from './print-jobs.service';
import { getPrinter, stationPrinter, toStock, type PrinterRow } from './printers.service';

export interface PrinterLiveState {
  online: boolean;
  reason?: PrintFailure;
  /** performance.now() of the observation. */
  at: number;
}

export interface PrintQueueDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  bus: EventBus;
  stationId: string;
  /** Safety-net poll and printer monitor interval. */
  pollMs?: number;
  maxBackoffMs?: number;
}

class RenderFailure extends Error {}

const FIRST_BACKOFF_MS = 1000;
const STALE_MS = 10_000;
const SETTING_TTL_MS = 5_000;

export class PrintQueue {
  private live = new Map<string, PrinterLiveState>();
  private busy = new Set<string>();
  private again = new Set<string>();
  private backoff = new Map<string, { until: number; delay: number; timer: NodeJS.Timeout }>();
  private running = new Set<Promise<void>>();
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private setting: { at: number; value: { printer: PrinterRow | null; autoPrint: boolean } } | null = null;

  constructor(private deps: PrintQueueDeps) {}

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    const failed = await failInterruptedJobs(this.deps.db, this.deps.stationId, this.now());
    for (const j of failed) this.emitJob(j, 'failed', 'station_restarted');
    this.unsubscribe = this.deps.bus.subscribe((ev) => {
      if (ev.type === 'printing.job' && ev.state === 'queued' && ev.stationId === this.deps.stationId) this.kick(ev.printerId);
      // What other stations (venue mode) learn about their printers shows in this console too.
      if (ev.type === 'printing.printer') this.live.set(ev.printerId, { online: ev.online, ...(ev.reason ? { reason: ev.reason } : {}), at: performance.now() });
    });
    this.timer = setInterval(() => {
      void this.expire();
      this.kick();
      void this.monitor();
    }, this.deps.pollMs ?? 3000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    for (const b of this.backoff.values()) clearTimeout(b.timer);
    this.backoff.clear();
    await Promise.allSettled([...this.running]);
  }

  /**
   * This station's printer and print-on-check-in setting, as the check-in hook reads
   * it: cached briefly, because it is asked on every check-in and changes only when
   * staff change the setting (changes made here clear the cache at once; a change made
   * from another station applies within SETTING_TTL_MS). `db` is the caller's
   * transaction — on SQLite the station's one connection is held by it.
   */
  async stationSetting(db: Kysely<Database>): Promise<{ printer: PrinterRow | null; autoPrint: boolean }> {
    const now = performance.now();
    if (this.setting && now - this.setting.at < SETTING_TTL_MS) return this.setting.value;
    const value = await stationPrinter(db, this.deps.stationId);
    this.setting = { at: now, value };
    return value;
  }

  /** Forget the cached setting (a printer or this station's assignment was just saved). */
  settingChanged(): void {
    this.setting = null;
  }

  /** Last known state of a printer (undefined until this station talked to it). */
  state(printerId: string): PrinterLiveState | undefined {
    return this.live.get(printerId);
  }

  /** A fresh state: the cached one if recent, else a probe (connect + status, nothing printed). */
  async freshState(p: PrinterRow): Promise<PrinterLiveState> {
    const cur = this.live.get(p.id);
    if (cur && (performance.now() - cur.at < STALE_MS || this.busy.has(p.id))) return cur;
    const target = parseTcpInterface(p.interface);
    const r = target ? await probePrinter(target) : { online: false, reason: 'printer_offline' as const };
    this.setLive(p, r.online, r.reason);
    return this.live.get(p.id)!;
  }

  /** Look for work now (after a commit, a printer coming back, a poll) — on one printer when it is known. */
  kick(printerId?: string): void {
    if (this.stopped) return;
    const run = (printerId ? this.startDrain(printerId) : this.drainAll()).catch((e) => this.deps.log.error('print queue failed', { error: String((e as Error)?.stack ?? e) }));
    this.track(run);
  }

  /** Forget every printer's backoff and try again at once (console: "retry now"). */
  retryNow(): void {
    for (const b of this.backoff.values()) clearTimeout(b.timer);
    this.backoff.clear();
    this.kick();
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async drainAll(): Promise<void> {
    for (const pid of await printersWithQueuedJobs(this.deps.db, this.deps.stationId)) await this.startDrain(pid);
  }

  /**
   * One drain per printer at a time; a printer in backoff waits for its timer. A kick
   * while the printer is busy is remembered, so a job queued just as the drain found
   * nothing left is not stranded until the next poll.
   */
  private async startDrain(pid: string): Promise<void> {
    if (this.backoff.has(pid) || this.stopped) return;
    if (this.busy.has(pid)) {
      this.again.add(pid);
      return;
    }
    this.busy.add(pid);
    this.track(
      this.drain(pid)
        // The database can fail under a drain (venue server restarting): the jobs stay
        // queued and the next poll picks them up. Never an unhandled rejection — that
        // would take the whole station down.
        .catch((e) => this.deps.log.warn('print queue drain failed; will retry', { error: String((e as Error)?.message ?? e) }))
        .finally(() => {
          this.busy.delete(pid);
          if (this.again.delete(pid)) void this.startDrain(pid);
        }),
    );
  }

  /** Prints a printer's queued jobs, oldest first, until none is left or the printer fails. */
  private async drain(printerId: string): Promise<void> {
    const { db, stationId } = this.deps;
    while (!this.stopped) {
      const job = await nextQueuedJob(db, stationId, printerId);
      if (!job) return;
      if (isExpired(job, this.now())) {
        // Nobody waits for it any more: never sent, whatever the printer does now.
        if (await transition(db, job.id, 'queued', 'failed', this.now(), { error: 'expired' })) this.emitJob(job, 'failed', 'expired');
        continue;
      }
      const printer = await getPrinter(db, printerId);
      if (!(await transition(db, job.id, 'queued', 'printing', this.now(), { countAttempt: true }))) continue;
      this.emitJob(job, 'printing');
      if (!printer || printer.enabled !== 1) {
        await this.fail(job, 'no_printer');
        continue;
      }
      const stock = toStock(printer.stock);
      const mismatch = paperMismatch(stock, printer.paper_mm);
      if (mismatch) {
        await this.fail(job, 'paper_mismatch', mismatch);
        continue;
      }
      const target = parseTcpInterface(printer.interface);
      if (!target) {
        await this.fail(job, 'printer_offline', 'not a tcp://host:port address');
        continue;
      }
      // The connection and the printer's status answer overlap with rendering the badge.
      const bytes = this.render(job, printer, stock);
      try {
        await sendToPrinter(target, bytes, { statusCheck: printer.kind !== 'star' });
      } catch (e) {
        if (e instanceof RenderFailure) {
          await this.fail(job, 'render_failed', e.message);
          continue;
        }
        if (!(e instanceof PrinterError)) throw e;
        // A job lost at the printer is one alert, the job's (fail below), not that and the
        // printer's going offline beside it: one failure, taken once.
        this.setLive(printer, false, e.code, { alert: e.retryable });
        if (e.retryable) {
          // Nothing reached the printer: back in the queue, same place, printed when it is back.
          await transition(db, job.id, 'printing', 'queued', this.now(), { error: e.code, eventState: 'retry', detail: `${e.code}: ${e.message}` });
          this.emitJob(job, 'retry', e.code);
          this.scheduleRetry(printer);
          return;
        }
        await this.fail(job, e.code, e.message);
        continue;
      }
      await transition(db, job.id, 'printing', 'printed', this.now(), { error: null });
      this.emitJob(job, 'printed');
      this.setLive(printer, true);
      const b = this.backoff.get(printer.id);
      if (b) clearTimeout(b.timer);
      this.backoff.delete(printer.id);
    }
  }

  /** The job's printer bytes from its kind's registered renderer; rejects with RenderFailure when they cannot be made. */
  private async render(job: PrintJobRow, printer: PrinterRow, stock: Stock): Promise<Buffer> {
    try {
      const render = jobRendererFor(job.kind);
      if (!render) throw new Error(`no renderer for print jobs of kind ${job.kind}`);
      return await render(this.deps.db, job, printer, stock);
    } catch (e) {
      this.deps.log.error('print job render failed', { jobId: job.id, error: String((e as Error)?.message ?? e) });
      throw new RenderFailure(String((e as Error)?.message ?? e).slice(0, 200));
    }
  }

  /** Fails every queued job of this station past its expiry (also while its printer is away, so screens and the log learn it). */
  private async expire(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const j of await expireJobs(this.deps.db, this.deps.stationId, this.now())) {
        this.deps.log.info('print job expired', { jobId: j.id });
        this.emitJob(j, 'failed', 'expired');
      }
    } catch (e) {
      this.deps.log.warn('expiring print jobs failed', { error: String((e as Error)?.message ?? e) });
    }
  }

  private async fail(job: PrintJobRow, error: PrintFailure, detail?: string): Promise<void> {
    this.deps.log.warn('print job failed', { jobId: job.id, error });
    await transition(this.deps.db, job.id, 'printing', 'failed', this.now(), { error, detail: detail ? `${error}: ${detail}` : error });
    // A job the printer could not print is an alert for the venue; an expired, cancelled or
    // restart-interrupted job is not (it failed by rule, not at the printer).
    this.publish({ ...jobEvent(job, 'failed', error), alertId: randomUUID(), at: this.now() });
  }

  private scheduleRetry(printer: PrinterRow): void {
    const prev = this.backoff.get(printer.id);
    const delay = Math.min(this.deps.maxBackoffMs ?? 10_000, prev ? prev.delay * 2 : FIRST_BACKOFF_MS);
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => {
      this.backoff.delete(printer.id);
      this.kick();
    }, delay);
    timer.unref();
    this.backoff.set(printer.id, { until: performance.now() + delay, delay, timer });
  }

  /** Keeps this station's own printer's state fresh, so the desk's chip turns red before the next print. */
  private async monitor(): Promise<void> {
    if (this.stopped) return;
    try {
      const { printer } = await stationPrinter(this.deps.db, this.deps.stationId);
      if (printer && !this.busy.has(printer.id)) {
        const before = this.live.get(printer.id);
        const after = await this.freshState(printer);
        if (after.online && before && !before.online) this.retryNow();
      }
    } catch (e) {
      this.deps.log.warn('printer monitor failed', { error: String((e as Error)?.message ?? e) });
    }
  }

  private setLive(p: PrinterRow, online: boolean, reason?: PrintFailure, opts: { alert?: boolean } = {}): void {
    const prev = this.live.get(p.id);
    this.live.set(p.id, { online, ...(reason && !online ? { reason } : {}), at: performance.now() });
    if (!prev || prev.online !== online || prev.reason !== reason) {
      if (prev || !online) this.deps.log.info(online ? 'printer online' : 'printer offline', { printer: p.name, reason });
      // Going offline raises one alert for the venue (its id is the record's key: kiosk-alerts.service).
      const alert = online || opts.alert === false ? {} : { alertId: randomUUID(), stationId: this.deps.stationId };
      this.publish({ type: 'printing.printer', printerId: p.id, printerName: p.name, online, ...(reason && !online ? { reason } : {}), at: this.now(), ...alert });
    }
  }

  private emitJob(job: PrintJobRow, state: 'queued' | 'printing' | 'printed' | 'failed' | 'retry', error?: PrintFailure): void {
    this.publish(jobEvent(job, state, error));
  }

  private publish(ev: PushEvent): void {
    if (!this.stopped) this.deps.bus.publish(ev);
  }
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    /** This station's badge print queue (one job at a time per printer) and printer states. */
    printing: PrintQueue;
  }
}

export const printingRuntimeSlot = {
  printing: ({ db, clock, log, bus, stationId }) => new PrintQueue({ db, clock, log: log.child('printing'), bus, stationId }),
} satisfies Partial<RuntimeSlots>;
