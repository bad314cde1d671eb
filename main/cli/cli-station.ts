/**
 * The station the CLI acts through. The CLI is the operator at this machine, so it may
 * do what an admin may, whatever role the station's screen has (a kiosk's data dir can
 * still be imported into) — and it neither registers nor changes that station's entry
 * in the stations list.
 *
 * It opens a router on the station's database and runs none of the station's workers:
 * pointed at a running desk's --data it must not become a second print worker under the
 * desk's identity (failing the badge being printed as "interrupted", draining the
 * desk's queue until it exits). Only the venue bridge is attached, so what the CLI
 * changes (an import) reaches the other stations' screens.
 */
import { loadIdentity, stationConfigFrom } from '../core/config';
import { openStation, startWorkers, type Station } from '../core/station';

export async function openCliStation(flags: Record<string, string | true>): Promise<Station> {
  const cfg = stationConfigFrom(flags);
  const station = await openStation(cfg, { register: false, identity: { ...loadIdentity(cfg), role: 'admin' } });
  try {
    await startWorkers(station, { venue: true });
  } catch (e) {
    await station.close().catch(() => undefined);
    throw e;
  }
  return station;
}
