/** The organiser's reports screens (joined into screens/registry.ts). */
import type { ScreenDef } from '../screens/registry';
import { ReportsScreen } from './ReportsScreen';
import { AuditScreen } from './AuditScreen';

export const REPORTS_SCREENS: ScreenDef[] = [
  { id: 'reports', label: 'nav.reports', roles: ['admin', 'floor'], component: ReportsScreen },
  { id: 'audit', label: 'nav.audit', roles: ['admin', 'floor'], component: AuditScreen },
];
