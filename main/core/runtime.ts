/**
 * Long-lived, in-memory parts of a station that handlers reach through ctx.runtime
 * (things that are not rows: staged imports, caches, printer queues).
 *
 * Core names no feature: it holds the station's own slots (version, database kind,
 * link state) and a registry. Each feature that keeps state declares its slot by
 * merging into `FeatureRuntimes` from its own module:
 *
 *   declare module '../../core/runtime' { interface FeatureRuntimes { kiosk: KioskRuntime } }
 *   export const kioskRuntimeSlot = { kiosk: () => new KioskRuntime() } satisfies Partial<RuntimeSlots>;
 *
 * and main/core/handlers.ts, where the features are joined, spreads every slot into one
 * `RuntimeSlots` — typed, so a declared slot nobody builds fails to compile.
 */
import type { Kysely } from 'kysely';
import type { OfflineStatus, PushEvent } from '../../contract/index';
import type { Database } from '../../db/schema';
import type { EventBus } from './bus';
import type { Clock } from './clock';
import type { Logger } from './logger';

/** Filled by the features (declaration merging); see above. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface FeatureRuntimes {}

export interface StationRuntime {
  version: string;
  dbKind: 'sqlite' | 'postgres';
  /** false while the shared venue database cannot be reached (last word of the venue link; SQLite: always true). */
  dbOnline: boolean;
  /**
   * Prints an A6 paper badge page through the OS print dialog, when the shell can (the
   * Electron shell sets it: webContents.print); null: the screen prints the page itself.
   */
  paperPrinter: ((html: string) => Promise<void>) | null;
  /** Venue stations with a replica: its status (offline since, facts waiting, replica age); null: none. */
  offline?: { status(): OfflineStatus } | null;
}

export type Runtime = StationRuntime & FeatureRuntimes;

/** What a feature's slot is built from: the station's database, clock, bus and folders. */
export interface RuntimeDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  bus: EventBus;
  stationId: string;
  dataDir: string;
}

/** One builder per feature slot. A slot the station fills itself (optional in FeatureRuntimes) may be left out. */
export type RuntimeSlots = { [K in keyof FeatureRuntimes]: (deps: RuntimeDeps) => FeatureRuntimes[K] };

/** A cache slot that forgets what it holds whenever `stale` picks an event off the station's bus. */
export function clearedOn<C extends { invalidate(): void }>(bus: EventBus, cache: C, stale: (ev: PushEvent) => boolean): C {
  bus.subscribe((ev) => {
    if (stale(ev)) cache.invalidate();
  });
  return cache;
}

/** Builds every registered feature slot for one station. */
export function buildFeatureRuntimes(slots: Partial<RuntimeSlots>, deps: RuntimeDeps): FeatureRuntimes {
  const out: Record<string, unknown> = {};
  for (const [key, make] of Object.entries(slots) as [string, ((d: RuntimeDeps) => unknown) | undefined][]) if (make) out[key] = make(deps);
  return out as unknown as FeatureRuntimes;
}
