/**
 * The one Database interface (kysely). Columns are snake_case; booleans are 0/1
 * integers and times are ISO-8601 UTC strings so the same SQL runs on SQLite and
 * PostgreSQL. Row → domain mappers live next to the services that read the rows.
 * Feature issues add their tables in their own `tables/*.tables.ts`, joined here.
 */
import type { PrintingTables } from './tables/printing.tables';
import type { KioskTables } from './tables/kiosk.tables';
import type { RallyTables } from './tables/rally.tables';
import type { ProgrammeTables } from './tables/programme.tables';
import type { OfflineTables } from './tables/offline.tables';
import type { ConsultationTables } from './tables/consultations.tables';
import type { SessionsTables } from './tables/sessions.tables';
import type { ReportsTables } from './tables/reports.tables';
import type { StationsProvisioningTables } from './tables/stations.tables';
import type { BadgeTables } from './tables/badge.tables';
import type { BoothTables } from './tables/booth.tables';
import type { CheckinInfo, Role } from '../contract/index';
import type { DashboardTables } from './tables/dashboard.tables';


export interface EventConfigTable {
  id: string; // always 'event': one row per database
  name: string;
  name_en: string;
  days: string; // JSON array of ISO days
  halls: string; // JSON array of { id, ko, en } (0009; before it: labels)
  timezone: string;
  updated_at: string;
  /** JSON: venue, hours, categories, walkInValidity, configured (0009). */
  setup: string;
}

export interface StationsTable {
  id: string;
  name: string;
  role: Role;
  version: string;
  created_at: string;
  last_seen_at: string;
  /** An admin retired the station (0016): it answers nothing. */
  retired_at: string | null;
  /** When it took a role (0016); null: never set up (or from before 0016). */
  set_up_at: string | null;
}

export interface VisitorsTable {
  /** Registration code (등록번호), upper-case; the identity imports upsert on and QR codes carry. */
  code: string;
  name_ko: string;
  name_en: string | null;
  organisation: string | null;
  /** Organisation folded for search ((주)/주식회사 and spaces removed, lower case). */
  org_norm: string | null;
  title: string | null;
  category: string;
  phone: string | null;
  phone_last4: string | null;
  email: string | null;
  country: string | null;
  /** ';'-joined ISO days the visitor registered for (also in visitor_days for counting). */
  registered_days: string;
  consent: number;
  walk_in: number;
  /** Hash of the imported fields: a re-import that changes nothing writes nothing. */
  row_hash: string;
  created_at: string;
  updated_at: string;
  /** Set when closing the fair purged this visitor's personal data (0015). */
  purged_at: string | null;
}

export interface VisitorDaysTable {
  visitor_code: string;
  day: string;
}

/** Prefix-searchable keys per visitor: names, given names, 초성, English words, e-mail, code, phone digits. */
export interface SearchKeysTable {
  key: string;
  visitor_code: string;
}

/** Suffixes of each organisation, so "토지주택" finds 한국토지주택공사. Deduplicated per organisation. */
export interface OrgKeysTable {
  key: string;
  org_norm: string;
}

/** Append-only: one row per visitor per event day (unique), nonce-idempotent. */
export interface CheckinsTable {
  id: string;
  visitor_code: string;
  day: string;
  station_id: string;
  station_name: string;
  method: CheckinInfo['method'];
  nonce: string;
  reason: string | null;
  at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  station_id: string;
  channel: string;
  entity_id: string | null;
  /** JSON with non-personal detail only (codes, counts, reasons). */
  detail: string | null;
  /** The signed-in operator who made the write (0009); null when none was signed in. */
  operator_id: string | null;
}

export interface Database
  extends PrintingTables,
    KioskTables,
    RallyTables,
    ProgrammeTables,
    OfflineTables,
    ConsultationTables,
    SessionsTables,
    ReportsTables,
    StationsProvisioningTables,
    BadgeTables,
    BoothTables,
    DashboardTables {
  event_config: EventConfigTable;
  stations: StationsTable;
  visitors: VisitorsTable;
  visitor_days: VisitorDaysTable;
  search_keys: SearchKeysTable;
  org_keys: OrgKeysTable;
  checkins: CheckinsTable;
  audit_log: AuditLogTable;
}
