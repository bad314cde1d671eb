/**
 * Offline-first stations (issue 13). Two kinds of tables:
 * - OfflineTables live in the shared database (both dialects, migration 0011): the
 *   conflicts list the console shows, gift-desk stock leases, per-gift offline rules,
 *   and each station's last reported replica lag / outbox depth.
 * - ReplicaLocalTables live only in a venue station's own replica file
 *   (`<data>/replica-<station>.sqlite`): the durable outbox and the replica's cursor.
 *   They are created by main/services/offline/replica.service.ts, not by a migration:
 *   the replica file is the station's private cache, never a shared schema.
 */

/** A fact acknowledged offline that the venue database settled differently on replay. */
export interface OfflineConflictsTable {
  id: string;
  /** The outbox entry's nonce: a replay repeated after a crash records the conflict once. */
  nonce: string;
  station_id: string;
  station_name: string;
  channel: string;
  /** Registration code the fact was about (never a name). */
  subject: string | null;
  /** When the station acknowledged it offline. */
  offline_at: string;
  /** What the station answered offline (status) and what the database settled (status). */
  offline_status: string;
  settled_status: string;
  /** JSON: non-personal detail of the settled outcome (first check-in time and station, error code). */
  detail: string | null;
  recorded_at: string;
}

/** Stock units a gift desk holds for offline use: taken from rally_gift_stock in one transaction. */
export interface OfflineGiftLeasesTable {
  station_id: string;
  gift_id: string;
  period: string;
  units: number;
  updated_at: string;
}

/** Per-gift offline rule: "online only" gifts are never handed out offline; lease size per desk. */
export interface OfflineGiftRulesTable {
  gift_id: string;
  online_only: number;
  lease_units: number;
  updated_at: string;
}

/** What each venue station last reported about its replica and outbox (Stations screen). */
export interface OfflineStationSyncTable {
  station_id: string;
  replica_lag_ms: number | null;
  outbox_depth: number;
  refused: number;
  reported_at: string;
}

export interface OfflineTables {
  offline_conflicts: OfflineConflictsTable;
  offline_gift_leases: OfflineGiftLeasesTable;
  offline_gift_rules: OfflineGiftRulesTable;
  offline_station_sync: OfflineStationSyncTable;
}

/** The station's durable outbox: one row per fact acknowledged offline, replayed in `seq` order. */
export interface OutboxTable {
  seq: number;
  nonce: string;
  channel: string;
  /** JSON of the channel input as the router parsed it. */
  input: string;
  /** The station's clock when the fact was acknowledged (the replay runs "as of" this time). */
  at: string;
  /** JSON of the answer given offline (conflict detection compares it with the replay's). */
  offline_value: string;
  /** pending → done | refused (a refusal is kept for review, never retried in a loop). */
  state: 'pending' | 'done' | 'refused';
  error: string | null;
  settled_at: string | null;
}

/** Replica bookkeeping (key/value): the change-feed cursor, first-sync time, last caught-up time. */
export interface ReplicaMetaTable {
  key: string;
  value: string;
}

export interface ReplicaLocalTables {
  offline_outbox: OutboxTable;
  replica_meta: ReplicaMetaTable;
}
