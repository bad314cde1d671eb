/**
 * The LAN station's door for browsers (issue 11): each browser that opens the station
 * with its pairing token gets a device token of its own (main/services/stations/
 * devices.service.ts), and every later request is checked against the database — so a
 * device an admin revoked is refused on its very next request, from any console in the
 * venue. The last good answers are kept in memory only for when the database cannot
 * answer (the venue server is down): a device already working keeps working offline,
 * a new or revoked one is not let in. Tokens are never logged.
 *
 * Those last good answers are also kept in a small file in the station's data folder
 * (device-gate.json, 0600, written whole): a venue station restarted while PostgreSQL is
 * down (issue 13: it works from its replica) would otherwise refuse every tablet. The
 * file holds token HASHES only (sha256 of a random 32-byte token: not reversible into a
 * cookie) and the devices heard revoked; it is read only when the database cannot answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { writeWhole } from '../core/config';
import type { Station } from '../core/station';
import { deviceForToken, deviceTokenHash, pairDevice, touchDevice } from '../services/stations/devices.service';

/** "Last seen" is written at most this often per device, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export type DeviceCheck = { status: 'ok'; deviceId: string } | { status: 'revoked' } | { status: 'unknown' } | { status: 'unavailable' };

/** The file in the data folder; one station's devices (another station id there: ignored). */
export const DEVICE_GATE_FILE = 'device-gate.json';
/** Revocations kept (a revoked id never comes back, so the oldest can go). */
const REVOKED_KEPT = 1000;

interface GateFile {
  stationId: string;
  /** token hash → device id */
  known: Record<string, string>;
  revoked: string[];
}

export class DeviceGate {
  /** token hash → device id, for devices the database last said were allowed. */
  private readonly known = new Map<string, string>();
  /** Device ids heard revoked: never let in from the fallback, even if the file or memory disagreed. */
  private readonly revoked = new Set<string>();
  private readonly touched = new Map<string, number>();
  private readonly file: string | null;

  /** `dataDir`: where the last good answers outlive a restart; null keeps them in memory only. */
  constructor(
    private readonly station: Station,
    dataDir: string | null = null,
  ) {
    this.file = dataDir === null ? null : path.join(dataDir, DEVICE_GATE_FILE);
    this.load();
  }

  /** A new device for the browser sending this page load: the token for its cookie. */
  async pair(req: IncomingMessage): Promise<string> {
    const { id, token } = await pairDevice(
      this.station.handle.db,
      this.station.identity.id,
      { userAgent: req.headers['user-agent'], address: remoteAddress(req) },
      this.station.clock.now(),
    );
    this.remember(deviceTokenHash(token), id);
    return token;
  }

  async check(token: string): Promise<DeviceCheck> {
    const hash = deviceTokenHash(token);
    let found;
    try {
      found = await deviceForToken(this.station.handle.db, this.station.identity.id, token);
    } catch {
      const id = this.known.get(hash);
      return id === undefined || this.revoked.has(id) ? { status: 'unavailable' } : { status: 'ok', deviceId: id };
    }
    if (!found || found.revoked) {
      if (found) this.forget(found.id);
      else if (this.known.delete(hash)) this.save();
      return found ? { status: 'revoked' } : { status: 'unknown' };
    }
    this.remember(hash, found.id);
    this.touch(found.id);
    return { status: 'ok', deviceId: found.id };
  }

  /** A revocation published here or elsewhere: not even the offline fallback lets it in. */
  forget(deviceId: string): void {
    for (const [hash, id] of this.known) if (id === deviceId) this.known.delete(hash);
    if (!this.revoked.has(deviceId)) {
      this.revoked.add(deviceId);
      if (this.revoked.size > REVOKED_KEPT) this.revoked.delete(this.revoked.values().next().value!);
    }
    this.save();
  }

  /** The station was retired: no device of it works, offline either. */
  forgetAll(): void {
    for (const id of this.known.values()) this.revoked.add(id);
    this.known.clear();
    this.save();
  }

  private remember(hash: string, id: string): void {
    if (this.known.get(hash) === id) return;
    this.known.set(hash, id);
    this.save();
  }

  private load(): void {
    if (this.file === null) return;
    let stored: Partial<GateFile>;
    try {
      stored = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return; // none yet, or unreadable: the gate starts empty (only offline matters).
    }
    // The data folder's station moved (a set-up code gave it another identity): not its devices.
    if (stored.stationId !== this.station.identity.id) return;
    for (const id of Array.isArray(stored.revoked) ? stored.revoked : []) if (typeof id === 'string') this.revoked.add(id);
    for (const [hash, id] of Object.entries(stored.known ?? {})) {
      if (/^[0-9a-f]{64}$/.test(hash) && typeof id === 'string' && !this.revoked.has(id)) this.known.set(hash, id);
    }
  }

  /** Written whole at each change (pairing, a first answer, a revocation): a handful of lines. */
  private save(): void {
    if (this.file === null) return;
    const data: GateFile = { stationId: this.station.identity.id, known: Object.fromEntries(this.known), revoked: [...this.revoked] };
    try {
      writeWhole(this.file, JSON.stringify(data), true);
    } catch (e) {
      this.station.log.warn('device list not saved for offline restarts', { error: String((e as Error)?.message ?? e) });
    }
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
