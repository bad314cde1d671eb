/** Rally tables (joined into Database in db/schema.ts). See migrations/0003_rally.ts for the keys. */

import type { PointKind, RallySettings, StampInfo } from '../../contract/index';

export interface RallyPointsTable {
  id: string;
  label_ko: string;
  label_en: string;
  kind: PointKind;
  open: number;
  sort: number;
}

/** Which point a stamp station serves (chosen on the stamp screen or by admin). */
export interface RallyStationPointsTable {
  station_id: string;
  point_id: string;
  updated_at: string;
}

/** Append-only: one stamp per visitor per point (unique), nonce-idempotent. */
export interface RallyStampsTable {
  id: string;
  visitor_code: string;
  point_id: string;
  station_id: string;
  station_name: string;
  method: StampInfo['method'];
  nonce: string;
  at: string;
  /** Event day and hour (the event's time zone, 'YYYY-MM-DD HH'), stored so reports group in SQL. */
  day: string;
  hour: string;
}

export interface RallyGiftsTable {
  id: string;
  label_ko: string;
  label_en: string;
  rule: string; // JSON GiftRule
  stock: number;
  stock_scope: string; // day | event
  per_visitor: string; // event | day
  active: number;
  sort: number;
}

/** Remaining units per gift per stock period ('*' = the whole event, else an ISO day). */
export interface RallyGiftStockTable {
  gift_id: string;
  period: string;
  remaining: number;
}

/**
 * Append-only redemptions. (gift_id, visitor_code, period, slot) is unique: slot is the
 * number of earlier redemptions of that key, all of which must have been undone — so
 * the constraint allows one active redemption and survives undo without an update.
 */
export interface RallyRedemptionsTable {
  id: string;
  gift_id: string;
  visitor_code: string;
  /** The per-visitor period ('*' or an ISO day). */
  period: string;
  slot: number;
  /** The stock pool the unit came from (a fact; an undo returns it to the pool the gift draws from now for `day`). */
  stock_period: string;
  day: string;
  station_id: string;
  station_name: string;
  nonce: string;
  at: string;
}

/** Append-only reversals: at most one per redemption. */
export interface RallyRedemptionUndosTable {
  id: string;
  redemption_id: string;
  reason: string;
  station_id: string;
  station_name: string;
  nonce: string;
  at: string;
}

export interface RallyQuizQuestionsTable {
  id: string;
  sort: number;
  text_ko: string;
  text_en: string;
  choices: string; // JSON [{ko,en}]
  answer: number;
}

/** One row ('rally'): its presence also marks that the sample setup was seeded. */
export interface RallySettingsTable {
  id: string;
  not_checked_in: RallySettings['notCheckedIn'];
  quiz_pass: number;
  undo_minutes: number;
  low_stock_at: number;
  /** Graded quiz submissions a visitor may make per event day (0008). */
  quiz_attempts_per_day: number;
}

/**
 * Append-only: one row per graded quiz submission, numbered per visitor and day; the
 * unique (visitor_code, day, attempt) key caps the attempts across stations (0008).
 */
export interface RallyQuizAttemptsTable {
  id: string;
  visitor_code: string;
  day: string;
  attempt: number;
  correct: number;
  total: number;
  need: number;
  passed: number;
  station_id: string;
  station_name: string;
  nonce: string;
  at: string;
}

export interface RallyTables {
  rally_points: RallyPointsTable;
  rally_station_points: RallyStationPointsTable;
  rally_stamps: RallyStampsTable;
  rally_gifts: RallyGiftsTable;
  rally_gift_stock: RallyGiftStockTable;
  rally_redemptions: RallyRedemptionsTable;
  rally_redemption_undos: RallyRedemptionUndosTable;
  rally_quiz_questions: RallyQuizQuestionsTable;
  rally_settings: RallySettingsTable;
  rally_quiz_attempts: RallyQuizAttemptsTable;
}
