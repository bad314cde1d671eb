/**
 * Wires a station's bus into the venue: events cross through PostgreSQL (pg-bus-bridge),
 * and the station's own screens hear when the venue server is lost or back
 * (`station.status`, which App.tsx turns into the offline banner).
 */
import type { EventBus } from '../core/bus';
import type { Logger } from '../core/logger';
import { startPgBusBridge } from './pg-bus-bridge';

/** Attaches the bridge to the bus; returns what closes it. */
export async function attachVenueBridge(url: string, bus: EventBus, log: Logger): Promise<() => Promise<void>> {
  const bridge = await startPgBusBridge({
    url,
    bus,
    log,
    // Local only: this is about this station's link, not news for the others.
    onStatus: (online) => bus.deliver(online ? { type: 'station.status', online } : { type: 'station.status', online, reason: 'venue_db' }),
  });
  bus.attachBridge(bridge);
  return async () => {
    bus.attachBridge(null);
    await bridge.close();
  };
}
