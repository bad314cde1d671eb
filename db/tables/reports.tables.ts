/** Organiser's console tables (joined into Database in db/schema.ts). See migrations/0015_organiser.ts. */

import type { PurgeRun } from '../../contract/index';

/** key → JSON: the no-consent policy, the retention period. */
export interface PrivacySettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** One purge of personal data (closing the fair): its mode, progress and keyset position. */
export interface PrivacyRunsTable {
  id: string;
  mode: PurgeRun['mode'];
  state: PurgeRun['state'];
  total: number;
  done: number;
  /** The last visitor code purged: the next batch starts after it. */
  last_code: string | null;
  station_id: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface ReportsTables {
  privacy_settings: PrivacySettingsTable;
  privacy_runs: PrivacyRunsTable;
}
