/** Programme tables (joined into Database in db/schema.ts). */

import type { ProgrammeKind, ProgrammeMode } from '../../contract/index';

/** The facts a meeting's state is derived from (main/services/programme/meeting-state.ts). */
export const MEETING_FACT_TYPES = ['arrived_seller', 'arrived_buyer', 'started', 'qa_started', 'ended', 'no_show', 'cancelled', 'delayed', 'reopened'] as const;
export type MeetingFactType = (typeof MEETING_FACT_TYPES)[number];

/** One row per 일정ID: consultations (at a table / video booth) and sessions (seminars, tours …). */
export interface ProgrammeItemsTable {
  /** 일정ID from the organiser's file; a re-import updates by it. */
  id: string;
  kind: ProgrammeKind;
  title: string;
  day: string;
  /** ISO instants (UTC). */
  starts_at: string;
  ends_at: string;
  /** 장소 as written: "상담테이블 1", "화상상담실 부스1", "컨퍼런스룸 301". */
  venue: string;
  seller: string | null;
  /** Organisation folded like visitors.org_norm, so a scanned badge finds its meeting. */
  seller_norm: string | null;
  buyer: string | null;
  buyer_norm: string | null;
  /**
   * The participants' registration codes (badge codes), normalised and space-separated,
   * when the organiser's file carries them; null: match that side by organisation.
   */
  seller_codes: string | null;
  buyer_codes: string | null;
  country: string | null;
  mode: ProgrammeMode;
  /** Online meetings: the join link (http/https) and the buyer's IANA zone from the file (0013). */
  join_link: string | null;
  buyer_tz: string | null;
  /** The interpreter the file names for the meeting (통역, 0019); a booth's console edit overrides it. */
  interpreter: string | null;
  row_hash: string;
  created_at: string;
  updated_at: string;
}

/**
 * Append-only facts about a meeting (arrived, started, Q&A, ended, no-show, delayed …);
 * the state is derived from them. `nonce` makes retries idempotent; `once_key` makes a
 * one-shot fact (a start, an end …) unique, so two consoles racing settle in the database.
 */
export interface MeetingEventsTable {
  id: string;
  meeting_id: string;
  type: MeetingFactType;
  minutes: number | null;
  at: string;
  station_id: string;
  nonce: string;
  once_key: string;
  /** On a `started` fact: the pitch and Q&A minutes the meeting was given (null on older rows). */
  pitch_min: number | null;
  qa_min: number | null;
}

/** Small key → JSON settings of the floor: the rehearsal clock, the consultation length. */
export interface FloorSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface ProgrammeTables {
  programme_items: ProgrammeItemsTable;
  meeting_events: MeetingEventsTable;
  floor_settings: FloorSettingsTable;
}
