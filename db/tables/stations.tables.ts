/** Station provisioning and operators (0016, issue 11). */

import type { Role } from '../../contract/index';

export interface StationSetupCodesTable {
  /** sha256 of the normalised code (the code itself is shown once and never stored). */
  code_hash: string;
  name: string;
  role: Role;
  /** Where the new station must point (venue database without password, or the admin station). */
  where_text: string;
  created_at: string;
  /** The admin station that made it. */
  created_by: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
  /** The admin cancelled it before use (0022): refused as setup_code_cancelled. */
  cancelled_at: string | null;
}

export interface OperatorsTable {
  id: string;
  name: string;
  /** scrypt: "salt:hash", hex; null: signs in by badge only. */
  pin_hash: string | null;
  /** A staff visitor's code: scanning that badge signs them in. */
  badge_code: string | null;
  is_admin: number;
  failed_pins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
}

export interface OperatorSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** A browser that paired with a LAN station (0028): its own token, stored hashed. */
export interface StationDevicesTable {
  id: string;
  station_id: string;
  /** sha256 hex of the device token (the token itself lives only in the device's cookie). */
  token_hash: string;
  /** "Chrome · Android" from the user agent: enough for an admin to tell tablets apart. */
  label: string;
  address: string;
  first_seen_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface StationsProvisioningTables {
  station_setup_codes: StationSetupCodesTable;
  operators: OperatorsTable;
  operator_settings: OperatorSettingsTable;
  station_devices: StationDevicesTable;
}
