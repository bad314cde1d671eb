/**
 * Long-lived, in-memory parts of a station that handlers reach through ctx.runtime
 * (things that are not rows: staged imports, caches, printer queues). Each feature
 * adds its slot here.
 */
import type { ImportStaging } from '../services/import/import-staging';
import type { RegisteredCountCache } from '../services/checkin/counters.service';
import type { KioskRuntime } from '../services/kiosk/kiosk-runtime';

export interface Runtime {
  version: string;
  dbKind: 'sqlite' | 'postgres';
  imports: ImportStaging;
  registeredCount: RegisteredCountCache;
  kiosk: KioskRuntime;
}
