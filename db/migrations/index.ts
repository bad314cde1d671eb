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
import * as m0015 from './0015_organiser';

export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_printing': m0002,
  '0003_rally': m0003,
  '0004_programme': m0004,
  '0005_kiosk': m0005,
  '0006_programme_codes': m0006,
  '0007_rally_limits': m0007,
  '0015_organiser': m0015,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
