/** Kiosk tables (joined into Database in db/schema.ts). */

/** One row ('kiosk'): the organiser's kiosk settings, shared by every kiosk on this database. */
export interface KioskSettingsTable {
  id: string;
  idle_seconds: number;
  walk_in_enabled: number;
  /** JSON array of category ids a visitor may choose at a kiosk. */
  walk_in_categories: string;
  /** scrypt$<N>$<salt b64url>$<hash b64url>; null: no staff PIN set yet. */
  pin_hash: string | null;
  updated_at: string;
}

/** Wrong-PIN throttling per kiosk station: survives restarts, so pulling the plug does not reset it. */
export interface KioskUnlockStateTable {
  station_id: string;
  /** Wrong PINs since the last success or lockout. */
  failures: number;
  /** Lockouts so far: each one doubles the next lockout's length. */
  lockouts: number;
  locked_until: string | null;
  updated_at: string;
}

export interface KioskTables {
  kiosk_settings: KioskSettingsTable;
  kiosk_unlock_state: KioskUnlockStateTable;
}
