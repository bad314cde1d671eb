/**
 * The LAN station's door for browsers (issue 11): each browser that opens the station
 * with its pairing token gets a device token of its own (main/services/stations/
 * devices.service.ts), and every later request is checked against the database — so a
 * device an admin revoked is refused on its very next request, from any console in the
 * venue. The last good answers are kept in memory only for when the database cannot
 * answer (the venue server is down): a device already working keeps working offline,
 * a new or revoked one is not let in. Tokens are never logged.
 */
import type { IncomingMessage } from 'node:http';
import type { Station } from '../core/station';
import { deviceForToken, deviceTokenHash, pairDevice, touchDevice } from '../services/stations/devices.service';

/** "Last seen" is written at most this often per device, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export type DeviceCheck = { status: 'ok'; deviceId: string } | { status: 'revoked' } | { status: 'unknown' } | { status: 'unavailable' };

export class DeviceGate {
  /** token hash → device id, for devices the database last said were allowed. */
  private readonly known = new Map<string, string>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly station: Station) {}

  /** A new device for the browser sending this page load: the token for its cookie. */
  async pair(req: IncomingMessage): Promise<string> {
    const { id, token } = await pairDevice(
      this.station.handle.db,
      this.station.identity.id,
      { userAgent: req.headers['user-agent'], address: remoteAddress(req) },
      this.station.clock.now(),
    );
    this.known.set(deviceTokenHash(token), id);
    return token;
  }

  async check(token: string): Promise<DeviceCheck> {
    const hash = deviceTokenHash(token);
    let found;
    try {
      found = await deviceForToken(this.station.handle.db, this.station.identity.id, token);
    } catch {
      const id = this.known.get(hash);
      return id === undefined ? { status: 'unavailable' } : { status: 'ok', deviceId: id };
    }
    if (!found || found.revoked) {
      this.known.delete(hash);
      return found ? { status: 'revoked' } : { status: 'unknown' };
    }
    this.known.set(hash, found.id);
    this.touch(found.id);
    return { status: 'ok', deviceId: found.id };
  }

  /** A revocation published here or elsewhere: not even the offline fallback lets it in. */
  forget(deviceId: string): void {
    for (const [hash, id] of this.known) if (id === deviceId) this.known.delete(hash);
  }

  forgetAll(): void {
    this.known.clear();
  }

  private touch(id: string): void {
    const now = this.station.clock.now();
    const last = this.touched.get(id);
    if (last !== undefined && Math.abs(now.getTime() - last) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now.getTime());
    touchDevice(this.station.handle.db, id, now).catch(() => this.touched.delete(id));
  }
}

function remoteAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}
