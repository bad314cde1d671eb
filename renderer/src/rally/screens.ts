/** The rally's screens, joined into the screen registry. */
import type { ScreenDef } from '../screens/registry';
import { GiftDeskScreen } from './GiftDeskScreen';
import { QuizScreen } from './QuizScreen';
import { RallyCardScreen } from './RallyCardScreen';
import { RallySetupScreen } from './RallySetupScreen';
import { StampStationScreen } from './StampStationScreen';

export const RALLY_SCREENS: ScreenDef[] = [
  { id: 'stamp', label: 'nav.rally.stamp', roles: ['stamp', 'admin'], component: StampStationScreen },
  { id: 'quiz', label: 'nav.rally.quiz', roles: ['stamp', 'admin'], component: QuizScreen, chromeless: true },
  { id: 'gift', label: 'nav.rally.gift', roles: ['gift', 'admin'], component: GiftDeskScreen },
  // Visitor-facing: a kiosk (or a screen turned towards visitors) opened at #/rally-card.
  { id: 'rally-card', label: 'nav.rally.card', roles: ['kiosk', 'stamp', 'admin'], component: RallyCardScreen, chromeless: true },
  { id: 'rally-setup', label: 'nav.rally.setup', roles: ['admin'], component: RallySetupScreen },
];
