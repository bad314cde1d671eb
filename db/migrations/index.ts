/**
 * Static migration provider: migrations are bundled, not read from the filesystem
 * (which would break inside an asar). Feature issues append here, numbered in order.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_init';
import * as m0002 from './0002_printing';
import * as m0003 from './0003_rally';
import * as m0004 from './0004_programme';
import * as m0005 from './0005_kiosk';
import * as m0006 from './0006_programme_codes';
import * as m0007 from './0007_rally_limits';
import * as m0009 from './0009_event_setup';
import * as m0010 from './0010_print_job_expiry';
import * as m0011 from './0011_offline';
import * as m0013 from './0013_consultation_outcomes';
import * as m0014 from './0014_sessions';
import * as m0015 from './0015_organiser';
import * as m0016 from './0016_stations_operators';
import * as m0018 from './0018_badge_designs';
import * as m0019 from './0019_booths';
import * as m0020 from './0020_session_tallies';
import * as m0022 from './0022_setup_code_cancel';
import * as m0025 from './0025_dashboard_rollups';
import * as m0026 from './0026_operators_offline';
import * as m0028 from './0028_station_devices';
import * as m0029 from './0029_drop_checkin_tallies';

export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_printing': m0002,
  '0003_rally': m0003,
  '0004_programme': m0004,
  '0005_kiosk': m0005,
  '0006_programme_codes': m0006,
  '0007_rally_limits': m0007,
  '0009_event_setup': m0009,
  '0010_print_job_expiry': m0010,
  '0011_offline': m0011,
  '0013_consultation_outcomes': m0013,
  '0014_sessions': m0014,
  '0015_organiser': m0015,
  '0016_stations_operators': m0016,
  '0018_badge_designs': m0018,
  '0019_booths': m0019,
  '0020_session_tallies': m0020,
  '0022_setup_code_cancel': m0022,
  '0025_dashboard_rollups': m0025,
  '0026_operators_offline': m0026,
  '0028_station_devices': m0028,
  '0029_drop_checkin_tallies': m0029,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
