/**
 * Which screens a station shows, by role. Feature issues add their screen here; the
 * router on the other side still checks every call, so hiding a tab is convenience,
 * not security.
 */
import type { ComponentType } from 'react';
import type { Role } from '@contract/index';
import type { MessageKey } from '../i18n/ko';
import { DeskScreen } from '../desk/DeskScreen';
import { ImportScreen } from './ImportScreen';
import { StationsScreen } from './StationsScreen';
import { PrintersScreen } from './PrintersScreen';
import { BadgeScreen } from './BadgeScreen';
import { KioskScreen } from '../kiosk/KioskScreen';
import { KioskSettingsScreen } from '../kiosk/KioskSettingsScreen';
import { FloorScreen } from '../floor/FloorScreen';
import { BoardScreen } from '../floor/BoardScreen';
import { ProgrammeScreen } from '../floor/ProgrammeScreen';
import { RALLY_SCREENS } from '../rally/screens';
import { SESSION_SCREENS } from '../sessions/screens';
import { REPORTS_SCREENS } from '../reports/screens';
import { PRIVACY_SCREENS } from '../privacy/screens';
import { EventSetupScreen } from '../setup/EventSetupScreen';
import { ConflictsScreen } from '../offline/ConflictsScreen';
import { ResultsScreen } from '../consultations/ResultsScreen';
import { WaitingScreen } from '../floor/WaitingScreen';
import { DASHBOARD_SCREENS } from '../dashboard/screens';
import { STATION_SCREENS } from '../stations/screens';
import { BOOTH_SCREENS } from '../booth/screens';

export interface ScreenDef {
  id: string;
  label: MessageKey;
  roles: readonly Role[];
  component: ComponentType;
  /** Full-screen roles (kiosk, board) hide the staff chrome. */
  chromeless?: boolean;
}

export const SCREENS: ScreenDef[] = [
  { id: 'desk', label: 'nav.desk', roles: ['admin', 'desk'], component: DeskScreen },
  { id: 'import', label: 'nav.import', roles: ['admin', 'desk'], component: ImportScreen },
  { id: 'floor', label: 'nav.floor', roles: ['admin', 'floor'], component: FloorScreen },
  { id: 'programme', label: 'nav.programme', roles: ['admin', 'floor'], component: ProgrammeScreen },
  { id: 'board', label: 'nav.board', roles: ['admin', 'board'], component: BoardScreen, chromeless: true },
  { id: 'kiosk', label: 'nav.kiosk', roles: ['kiosk', 'admin'], component: KioskScreen, chromeless: true },
  { id: 'kiosk-settings', label: 'nav.kioskSettings', roles: ['admin'], component: KioskSettingsScreen },
  ...RALLY_SCREENS,
  { id: 'printers', label: 'nav.printers', roles: ['admin', 'desk'], component: PrintersScreen },
  { id: 'badges', label: 'nav.badges', roles: ['admin', 'desk'], component: BadgeScreen },
  { id: 'stations', label: 'nav.stations', roles: ['admin', 'desk', 'floor'], component: StationsScreen },
  ...SESSION_SCREENS,
  ...REPORTS_SCREENS,
  ...PRIVACY_SCREENS,
  { id: 'setup', label: 'nav.setup', roles: ['admin'], component: EventSetupScreen },
  { id: 'conflicts', label: 'nav.conflicts', roles: ['admin', 'floor'], component: ConflictsScreen },
  { id: 'results', label: 'nav.results', roles: ['admin', 'floor'], component: ResultsScreen },
  { id: 'waiting', label: 'nav.waiting', roles: ['admin', 'board'], component: WaitingScreen, chromeless: true },
  ...DASHBOARD_SCREENS,
  ...STATION_SCREENS,
  ...BOOTH_SCREENS,
];

export const screensFor = (role: Role) => SCREENS.filter((s) => s.roles.includes(role));
