/** Closing the fair (joined into screens/registry.ts). */
import type { ScreenDef } from '../screens/registry';
import { ClosingScreen } from './ClosingScreen';

export const PRIVACY_SCREENS: ScreenDef[] = [{ id: 'closing', label: 'nav.privacy', roles: ['admin'], component: ClosingScreen }];
