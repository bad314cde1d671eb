/**
 * Every channel's handler, joined from the features. Typed as `Handlers`, so a channel
 * in the contract without a handler (or a handler without a channel) fails to compile.
 */
import type { Handlers } from './router';
import { systemHandlers } from '../services/system/system.handlers';
import { visitorsHandlers } from '../services/visitors/visitors.handlers';
import { checkinHandlers } from '../services/checkin/checkin.handlers';
import { importHandlers } from '../services/import/import.handlers';
import { printingHandlers } from '../services/printing/printing.handlers';
import { kioskHandlers } from '../services/kiosk/kiosk.handlers';
import { rallyHandlers } from '../services/rally/rally.handlers';
import { programmeHandlers } from '../services/programme/programme.handlers';
import { paperBadgeHandlers } from '../services/printing/paper-badge.handlers';
import { setupHandlers } from '../services/setup/setup.handlers';
import { offlineHandlers } from '../services/offline/offline.handlers';
import { consultationsHandlers } from '../services/consultations/consultations.handlers';
import { sessionsHandlers } from '../services/sessions/sessions.handlers';
import { reportsHandlers } from '../services/reports/reports.handlers';
import { privacyHandlers } from '../services/privacy/privacy.handlers';
import { dashboardHandlers } from '../services/dashboard/dashboard.handlers';
import { stationsHandlers } from '../services/stations/stations.handlers';
import { badgeDesignHandlers } from '../services/printing/badge-design.handlers';
import { boothHandlers } from '../services/booth/booth.handlers';
import { itineraryHandlers } from '../services/itinerary/itinerary.handlers';
import type { RuntimeSlots } from './runtime';
import { importRuntimeSlot } from '../services/import/import-staging';
import { checkinRuntimeSlot } from '../services/checkin/counters.service';
import { kioskRuntimeSlot } from '../services/kiosk/kiosk-runtime';
import { printingRuntimeSlot } from '../services/printing/print-queue';
import { programmeRuntimeSlot } from '../services/programme/programme-cache';
import { reportsRuntimeSlot } from '../services/reports/reports-runtime';

export const handlers: Handlers = {
  ...systemHandlers,
  ...visitorsHandlers,
  ...checkinHandlers,
  ...importHandlers,
  ...printingHandlers,
  ...kioskHandlers,
  ...rallyHandlers,
  ...programmeHandlers,
  ...paperBadgeHandlers,
  ...setupHandlers,
  ...offlineHandlers,
  ...consultationsHandlers,
  ...sessionsHandlers,
  ...reportsHandlers,
  ...privacyHandlers,
  ...dashboardHandlers,
  ...stationsHandlers,
  ...badgeDesignHandlers,
  ...boothHandlers,
  ...itineraryHandlers,
};

/**
 * Every feature's in-memory runtime slot (ctx.runtime.<slot>), joined here like the
 * handlers: typed as `RuntimeSlots`, so a slot a feature declares but nobody builds fails
 * to compile, and core/runtime.ts names no feature.
 */
export const runtimeSlots: RuntimeSlots = {
  ...importRuntimeSlot,
  ...checkinRuntimeSlot,
  ...kioskRuntimeSlot,
  ...printingRuntimeSlot,
  ...programmeRuntimeSlot,
  ...reportsRuntimeSlot,
};
