import { z } from 'zod';
import { channel } from './define';
import { ADMIN_ONLY, ANY_ROLE } from './roles';

/**
 * Offline-first stations (issue 13). A venue station answers from its local replica
 * while the venue database is unreachable; such answers carry `offline: true` on the
 * Result envelope ("offline — will sync"), and the fact waits in the station's outbox.
 */
export const OfflineStatus = z.object({
  /** false: this station has no replica (SQLite station, or started without one). */
  enabled: z.boolean(),
  /** The station can reach the venue database and its outbox is empty. */
  online: z.boolean(),
  /** When this station lost the venue database (station clock, ISO); null while online. */
  offlineSince: z.string().nullable(),
  /** Facts acknowledged offline, not yet in the venue database. */
  waiting: z.number().int(),
  /** The station clock's time of the oldest waiting fact. */
  oldestAt: z.string().nullable(),
  /** How long the oldest waiting fact has waited (ms, by the station clock). */
  oldestAgeMs: z.number().nullable(),
  /** Facts the venue database refused on replay (kept for review on the console). */
  refused: z.number().int(),
  /** ms since the replica last held everything the venue database had committed; null: never synced. */
  replicaAgeMs: z.number().nullable(),
  /** While reconnecting: facts replayed so far of those waiting when the replay began. */
  replay: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
});
export type OfflineStatus = z.infer<typeof OfflineStatus>;

export const OfflineConflict = z.object({
  id: z.string(),
  stationName: z.string(),
  channel: z.string(),
  /** Registration code (no name: the console looks it up when needed). */
  subject: z.string().nullable(),
  offlineAt: z.string(),
  offlineStatus: z.string(),
  /** What the venue database settled: e.g. already_checked_in, or refused:not_found. */
  settledStatus: z.string(),
  /** First check-in time and desk, when the database kept another desk's. */
  firstAt: z.string().nullable(),
  firstStation: z.string().nullable(),
  recordedAt: z.string(),
});
export type OfflineConflict = z.infer<typeof OfflineConflict>;

export const StationSync = z.object({
  stationId: z.string(),
  replicaLagMs: z.number().nullable(),
  outboxDepth: z.number().int(),
  refused: z.number().int(),
  reportedAt: z.string(),
});
export type StationSync = z.infer<typeof StationSync>;

export const GiftOfflineRule = z.object({
  giftId: z.string().min(1).max(64),
  /** Strict gifts: never handed out while the venue database is unreachable. */
  onlineOnly: z.boolean(),
  /** Units each gift desk holds for offline use (taken from stock while online). */
  leaseUnits: z.number().int().min(0).max(1000),
});
export type GiftOfflineRule = z.infer<typeof GiftOfflineRule>;

export const offlineChannels = {
  'offline.status': channel({
    doc: "This station's replica and outbox: online or offline since when, facts waiting, the replica's age, replay progress. Answered by the station itself.",
    input: z.object({}),
    output: OfflineStatus,
    roles: ANY_ROLE,
    write: false,
  }),
  'offline.conflicts': channel({
    doc: 'Facts acknowledged offline that the venue database settled differently or refused (newest first).',
    input: z.object({}),
    output: z.array(OfflineConflict),
    roles: ['admin', 'desk', 'floor'],
    write: false,
  }),
  'offline.stations': channel({
    doc: "Each venue station's last reported replica lag and outbox depth (Stations screen).",
    input: z.object({}),
    output: z.array(StationSync),
    roles: ['admin', 'desk', 'floor'],
    write: false,
  }),
  'offline.gift.rules': channel({
    doc: 'Per-gift offline rules (online only, lease units per gift desk).',
    input: z.object({}),
    output: z.array(GiftOfflineRule),
    roles: ['admin', 'gift'],
    write: false,
  }),
  'offline.gift.rule.set': channel({
    doc: 'Set a gift\'s offline rule: "online only", and how many units a gift desk holds for offline use.',
    input: GiftOfflineRule,
    output: GiftOfflineRule,
    roles: ADMIN_ONLY,
    write: true,
  }),
};

/** Pushed to this station's own screens only (never across stations). */
export type OfflineEvent = { type: 'offline.status'; status: OfflineStatus };

/** A Result answered from the replica carries this mark (the fact waits in the outbox). */
export function isOfflineAnswer(r: unknown): boolean {
  return typeof r === 'object' && r !== null && (r as { offline?: unknown }).offline === true;
}
