import type { PushEvent, PushEventType } from './events';
import { ROLES, type Role } from './roles';

/**
 * Which roles hear which push events, and in what form. A screen is told only what its
 * role may know: a kiosk stands in a public hall, so it never hears another station's
 * check-ins or print jobs (their codes are what a badge scan is), and it hears its own
 * print jobs without the code. The HTTP event stream and the Electron IPC push both pass
 * every event through `eventForViewer` before it leaves the station process; the README's
 * security matrix is generated from this table (`npm run matrix`).
 *
 * - `full`: the event as published.
 * - `own`: only events about this station (`stationId` is the viewer's), as published.
 * - `own-nocode`: only this station's, with the visitor code removed.
 * - `counters`: a check-in reduced to the counters it changed (no code, no station).
 * A role missing from an entry does not hear that event at all.
 */
export type Visibility = 'full' | 'own' | 'own-nocode' | 'counters';

const STAFF_CONSOLES = ['admin', 'desk', 'stamp', 'gift', 'floor'] as const;

export const EVENT_VISIBILITY: { readonly [T in PushEventType]: Readonly<Partial<Record<Role, Visibility>>> } = {
  'checkin.recorded': { admin: 'full', desk: 'full', stamp: 'counters', gift: 'counters', floor: 'counters', board: 'counters' },
  'counters.changed': { admin: 'full', desk: 'full', stamp: 'full', gift: 'full', floor: 'full', board: 'full' },
  'visitors.changed': { admin: 'full', desk: 'full' },
  'import.progress': { admin: 'full', desk: 'full' },
  // Each process's own link to its database: every screen shows the offline banner.
  'station.status': all('full'),
  'printing.printer': only(STAFF_CONSOLES, 'full'),
  'printing.job': { admin: 'full', desk: 'full', kiosk: 'own-nocode', stamp: 'own-nocode', gift: 'own-nocode' },
  // The ops room's board lists open kiosk alerts (a station name and a reason, no visitor): it hears them come and go.
  'kiosk.alert': { admin: 'full', desk: 'full', board: 'full' },
  'kiosk.exit': { admin: 'full', kiosk: 'own' },
  // Stamp and stock events carry point and gift ids and counts, never a visitor.
  'rally.stamped': { admin: 'full', stamp: 'full', gift: 'full', kiosk: 'full' },
  'rally.redeemed': { admin: 'full', stamp: 'full', gift: 'full', kiosk: 'full' },
  'rally.undone': { admin: 'full', stamp: 'full', gift: 'full', kiosk: 'full' },
  'rally.stock.low': only(STAFF_CONSOLES, 'full'),
  'rally.config.changed': { admin: 'full', stamp: 'full', gift: 'full', kiosk: 'full' },
  // Meetings name the companies at a table, as the public board shows them.
  // The booth PC refetches its meeting when the programme or the floor moves it (organisations only, as the board).
  'programme.changed': { admin: 'full', desk: 'full', floor: 'full', board: 'full', booth: 'full' },
  'floor.changed': { admin: 'full', desk: 'full', floor: 'full', board: 'full', booth: 'full' },
  // The rehearsal clock moves every screen's idea of "now".
  'floor.clock': all('full'),
  'floor.config': { admin: 'full', desk: 'full', floor: 'full', board: 'full' },
  // Kiosk alerts go to the consoles that can act on them; an acknowledgement clears them everywhere.
  'kiosk.alert.acked': { admin: 'full', desk: 'full', board: 'full' },
  // The fair's name, days, halls and time zone: every screen reads them.
  'event.changed': all('full'),
  // A station's own replica and outbox (published on its own bus only).
  'offline.status': all('full'),
  // A meeting id and a version number; the results themselves are read by the consoles.
  'consultations.outcome': { admin: 'full', floor: 'full', board: 'full' },
  // Rooms' counts and the programme's sessions: what the public board shows anyway.
  'sessions.occupancy': { admin: 'full', desk: 'full', floor: 'full', board: 'full', door: 'full', kiosk: 'full' },
  'sessions.changed': { admin: 'full', desk: 'full', floor: 'full', board: 'full', door: 'full', kiosk: 'full' },
  // A station set up, given a role, renamed or retired: the consoles' stations list, and the station itself.
  'stations.changed': { admin: 'full', desk: 'full', floor: 'full', kiosk: 'own', stamp: 'own', gift: 'own', board: 'own', door: 'own', setup: 'own' },
  // Operators added or changed, or a setting (no names: screens that need them ask).
  'operators.changed': { admin: 'full', desk: 'full', gift: 'full', floor: 'full', stamp: 'full', door: 'full' },
  // A booth name and a meeting id: the booth PCs and the floor refetch (no names, no visitors).
  'booth.changed': { admin: 'full', floor: 'full', booth: 'full' },
  // A device id and its station: the admins' stations list refetches (the station's server acts on it before any filter).
  'stations.device.revoked': { admin: 'full' },
  // A station id only: the station's server makes its new pairing token before any filter.
  'stations.pairing.rotated': { admin: 'full' },
};

function all(v: Visibility): Partial<Record<Role, Visibility>> {
  return only(ROLES, v);
}
function only(roles: readonly Role[], v: Visibility): Partial<Record<Role, Visibility>> {
  return Object.fromEntries(roles.map((r) => [r, v]));
}

export interface Viewer {
  role: Role;
  stationId: string;
}

/** The station an event is about, for `own` visibility (null: about no station in particular). */
function stationOf(ev: PushEvent): string | null {
  return 'stationId' in ev && typeof ev.stationId === 'string' ? ev.stationId : null;
}

/** The event as this viewer may hear it, or null when it must not reach them. */
export function eventForViewer(ev: PushEvent, viewer: Viewer): PushEvent | null {
  const v = EVENT_VISIBILITY[ev.type]?.[viewer.role];
  switch (v) {
    case undefined:
      return null;
    case 'full':
      return ev;
    case 'own':
      return stationOf(ev) === viewer.stationId ? ev : null;
    case 'own-nocode':
      if (stationOf(ev) !== viewer.stationId) return null;
      return 'code' in ev ? ({ ...ev, code: null } as PushEvent) : ev;
    case 'counters':
      return ev.type === 'checkin.recorded' ? { type: 'counters.changed', counters: ev.counters } : ev;
    default: {
      const never: never = v;
      return never;
    }
  }
}
