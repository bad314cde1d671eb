import type { CheckinInfo, Counters } from './common.schema';
import type { PrintingEvent } from './printing.channels';
import type { KioskEvent } from './kiosk.channels';
import type { RallyEvent } from './rally.channels';
import type { ProgrammeEvent } from './programme.channels';
import type { EventEvent } from './event.channels';
import type { OfflineEvent } from './offline.channels';
import type { ConsultationsEvent } from './consultations.channels';
import type { SessionsEvent } from './sessions.channels';
import type { StationsEvent } from './stations.channels';
import type { BoothEvent } from './booth.channels';

/**
 * Push events from the core to every screen (and, in venue mode, to every station
 * through PostgreSQL NOTIFY). Feature issues extend this union; keep payloads small
 * and free of personal data other than what the receiving screen already shows.
 */
export type PushEvent =
  | CoreEvent
  | PrintingEvent
  | KioskEvent
  | RallyEvent
  | ProgrammeEvent
  | EventEvent
  | OfflineEvent
  | ConsultationsEvent
  | SessionsEvent
  | StationsEvent
  | BoothEvent;

type CoreEvent =
  | { type: 'checkin.recorded'; code: string; checkin: CheckinInfo; counters: Counters }
  | { type: 'counters.changed'; counters: Counters }
  | { type: 'visitors.changed'; inserted: number; updated: number }
  | { type: 'import.progress'; importId: string; done: number; total: number; phase?: 'preview' }
  | { type: 'station.status'; online: boolean; reason?: string };

export type PushEventType = PushEvent['type'];
