/** Video booth tables (joined into Database in db/schema.ts). */

/** What a booth fact can say (the booth feature reads only these; see main/services/booth/booth-facts.ts). */
export const BOOTH_FACT_TYPES = ['connected', 'failed', 'retry', 'tech_ok', 'tech_failed', 'interpreter'] as const;
export type BoothFactType = (typeof BOOTH_FACT_TYPES)[number];

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
  type: BoothFactType;
  value: string | null;
  at: string;
  station_id: string;
  nonce: string;
}

export interface BoothTables {
  booth_facts: BoothFactsTable;
}
