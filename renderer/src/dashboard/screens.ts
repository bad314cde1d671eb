/** The live dashboard (joined into screens/registry.ts): the organiser, and a board screen in the ops room. */
import type { ScreenDef } from '../screens/registry';
import { DashboardScreen } from './DashboardScreen';

export const DASHBOARD_SCREENS: ScreenDef[] = [{ id: 'dashboard', label: 'nav.dashboard', roles: ['admin', 'board'], component: DashboardScreen }];
