import type { ScreenDef } from '../screens/registry';
import { StationSetupScreen } from './StationSetupScreen';
import { OperatorsScreen } from './OperatorsScreen';

/** Issue 11: the set-up screen of a station with no role, and the admin's operators. */
export const STATION_SCREENS: ScreenDef[] = [
  { id: 'station-setup', label: 'nav.stationSetup', roles: ['setup'], component: StationSetupScreen, chromeless: true },
  { id: 'operators', label: 'nav.operators', roles: ['admin'], component: OperatorsScreen },
];
