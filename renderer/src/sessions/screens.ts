import type { ScreenDef } from '../screens/registry';
import { DoorScreen } from './DoorScreen';
import { SessionsScreen } from './SessionsScreen';

/** The sessions room's screens, joined into the registry with one line. */
export const SESSION_SCREENS: ScreenDef[] = [
  { id: 'door', label: 'nav.door', roles: ['admin', 'door'], component: DoorScreen },
  { id: 'sessions', label: 'nav.sessions', roles: ['admin', 'floor'], component: SessionsScreen },
];
