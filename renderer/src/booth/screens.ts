import type { ScreenDef } from '../screens/registry';
import { BoothScreen } from './BoothScreen';

/** The booth room's screens, joined into the registry with one line. */
export const BOOTH_SCREENS: ScreenDef[] = [{ id: 'booth', label: 'nav.booth', roles: ['admin', 'floor', 'booth'], component: BoothScreen }];
