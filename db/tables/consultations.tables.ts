/** Consultation outcome tables (joined into Database in db/schema.ts). */

import type { Interest, OutcomeResult } from '../../contract/index';

/**
 * One row per recorded version of a meeting's outcome; the highest version is current.
 * Never updated: an edit is a new version carrying its reason.
 */
export interface MeetingOutcomesTable {
  id: string;
  meeting_id: string;
  /** 1 for the first record, n+1 for the edit of version n; unique per meeting. */
  version: number;
  result: OutcomeResult;
  /** null unless held. */
  interest: Interest | null;
  /** Expected deal amount as a decimal string, with its ISO 4217 currency. */
  amount: string | null;
  currency: string | null;
  /** Space-separated: sample quote site_visit next_meeting (may be empty). */
  follow_ups: string;
  /** Why an edit was made (null on version 1). */
  reason: string | null;
  station_id: string;
  recorded_at: string;
  nonce: string;
}

export interface ConsultationTables {
  meeting_outcomes: MeetingOutcomesTable;
}
