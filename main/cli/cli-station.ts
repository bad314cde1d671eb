/**
 * The station the CLI acts through. The CLI is the operator at this machine, so it may
 * do what an admin may, whatever role the station's screen has (a kiosk's data dir can
 * still be imported into) — and it neither registers nor changes that station's entry
 * in the stations list.
 */
import { loadIdentity, stationConfigFrom } from '../core/config';
import { createStation, type Station } from '../core/station';

export async function openCliStation(flags: Record<string, string | true>): Promise<Station> {
  const cfg = stationConfigFrom(flags);
  return createStation(cfg, { heartbeat: false, register: false, identity: { ...loadIdentity(cfg), role: 'admin' } });
}
