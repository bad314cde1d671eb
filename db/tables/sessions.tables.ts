/** Session tables (seminars, trainings, tours …): details, door scans, sign-ups, floor facts. */

import type { InputOf, ProgrammeMode, Role, SessionAction } from '../../contract/index';

/** What the organiser set for a session (import columns or the console's edit form); one row per programme id. */
export interface SessionDetailsTable {
  session_id: string;
  capacity: number | null;
  signup_required: number;
  /** Language codes, comma-joined ("ko,en"). */
  languages: string;
  /** Set from the console: overrides programme_items.mode; null: the programme's. */
  mode: ProgrammeMode | null;
  stream_url: string | null;
  speakers: string | null;
  meeting_point: string | null;
  min_attendance_pct: number | null;
  updated_at: string;
}

/**
 * Append-only door scans. `seq` counts a visitor's scans of one session (0 = the entry),
 * and `once_key` = session|visitor|seq is unique: two doors scanning the same badge at
 * once both try the same seq and the database keeps one. `nonce` makes retries idempotent.
 */
export interface SessionScansTable {
  id: string;
  session_id: string;
  visitor_code: string;
  direction: InputOf<'sessions.door.scan'>['direction'];
  seq: number;
  once_key: string;
  at: string;
  station_id: string;
  station_name: string;
  nonce: string;
  /** An admission over capacity or around the sign-up list: the staff's reason (audited too). */
  override_reason: string | null;
}

/**
 * Append-only sign-up facts ('signup' | 'cancel'), seq per visitor per session like the
 * scans. Whether a visitor is confirmed or waitlisted is derived from the order of the
 * standing sign-ups, so a cancel (or a no-show) promotes the next in line without a write.
 */
export interface SessionSignupsTable {
  id: string;
  session_id: string;
  visitor_code: string;
  type: 'signup' | 'cancel';
  seq: number;
  once_key: string;
  at: string;
  station_id: string;
  /** The role of the station that wrote it (desk, kiosk, floor …). */
  channel: Role;
  nonce: string;
}

/** Append-only facts from the floor: delay / extend (minutes), cancel / reinstate, move (room). */
export interface SessionEventsTable {
  id: string;
  session_id: string;
  type: SessionAction;
  minutes: number | null;
  room: string | null;
  at: string;
  station_id: string;
  nonce: string;
}

/** Small key → JSON settings of the doors. */
export interface SessionSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Who is inside each session and how many were admitted, kept with every scan (0020). */
export interface SessionTalliesTable {
  session_id: string;
  occupancy: number;
  admitted: number;
}

export interface SessionsTables {
  session_details: SessionDetailsTable;
  session_scans: SessionScansTable;
  session_signups: SessionSignupsTable;
  session_events: SessionEventsTable;
  session_settings: SessionSettingsTable;
  session_tallies: SessionTalliesTable;
}
