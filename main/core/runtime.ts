/**
 * Long-lived, in-memory parts of a station that handlers reach through ctx.runtime
 * (things that are not rows: staged imports, caches, printer queues). Each feature
 * adds its slot here.
 */
import type { ImportStaging } from '../services/import/import-staging';
import type { RegisteredCountCache } from '../services/checkin/counters.service';
import type { KioskRuntime } from '../services/kiosk/kiosk-runtime';
import type { PrintQueue } from '../services/printing/print-queue';
import type { ProgrammeDayCache } from '../services/programme/programme-cache';
import type { OfflineStatus } from '../../contract/index';
import type { ReportsRuntime } from '../services/reports/reports-runtime';
import type { StationAccess } from '../services/stations/station-access';

export interface Runtime {
  version: string;
  dbKind: 'sqlite' | 'postgres';
  imports: ImportStaging;
  registeredCount: RegisteredCountCache;
  kiosk: KioskRuntime;
  /** This station's badge print queue (one job at a time per printer) and printer states. */
  printing: PrintQueue;
  /** The day's consultations (programme rows change only on import). */
  programme: ProgrammeDayCache;
  /** false while the shared venue database cannot be reached (last word of the venue link; SQLite: always true). */
  dbOnline: boolean;
  /**
   * Prints an A6 paper badge page through the OS print dialog, when the shell can (the
   * Electron shell sets it: webContents.print); null: the screen prints the page itself.
   */
  paperPrinter: ((html: string) => Promise<void>) | null;
  /** Venue stations with a replica: its status (offline since, facts waiting, replica age); null: none. */
  offline?: { status(): OfflineStatus } | null;
  /** Exports this station wrote (<data dir>/exports) and their download ids. */
  reports: ReportsRuntime;
  /** Retired or not, the signed-in operator, operator settings (issue 11); absent: no checks (a bare router). */
  access?: StationAccess;
}
