/** Video booth tables (joined into Database in db/schema.ts). */

/**
 * Append-only facts at a video booth (0019): `connected`, `failed`, `retry` about one
 * meeting; `tech_ok` / `tech_failed` about the booth; `interpreter` about the booth
 * (meeting_id null: from `at` on) or one meeting. The latest fact of a kind wins; nothing
 * is updated. `nonce` makes a retried tap idempotent.
 */
export interface BoothFactsTable {
  id: string;
  booth: string;
  /** 1, 2, 3 … per booth: the facts' order; unique with the booth. */
  seq: number;
  meeting_id: string | null;
  type: string;
  value: string | null;
  at: string;
  station_id: string;
  nonce: string;
}

export interface BoothTables {
  booth_facts: BoothFactsTable;
}
