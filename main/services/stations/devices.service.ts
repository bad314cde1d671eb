/**
 * Per-device tokens for LAN stations (issue 11). A browser that opens a station with its
 * pairing token (`?token=` on the page load) gets a device token of its own as its
 * cookie; the database keeps only the token's sha256, with a label (a user-agent
 * summary), the address it came from, and first/last seen. An admin revokes one device
 * (a lost tablet) and the others on that station keep working; retiring a station
 * revokes all of its devices in the same transaction.
 *
 * sha256, not scrypt like the PINs: a device token is 144 random bits, not something a
 * person chose, so there is nothing to guess from a fast hash — and it is checked on
 * every request.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { AppFailure, type DeviceRow } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { StationDevicesTable } from '../../../db/tables/stations.tables';
import { writeAudit } from '../../core/audit';

export function deviceTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * "Chrome · Android", "Safari · iPad": the browser and system a user agent names, so an
 * admin can tell the lost tablet from the desk PC. Never the whole string (it is long and
 * says nothing more an admin needs).
 */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /SamsungBrowser/.test(ua)
    ? 'Samsung Internet'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const system = /iPad/.test(ua)
    ? 'iPad'
    : /iPhone/.test(ua)
      ? 'iPhone'
      : /Android/.test(ua)
        ? 'Android'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Mac OS X/.test(ua)
            ? 'macOS'
            : /CrOS/.test(ua)
              ? 'ChromeOS'
              : /Linux/.test(ua)
                ? 'Linux'
                : null;
  return [browser, system].filter(Boolean).join(' · ') || 'Browser';
}

/** A new device for this station: its token (for the cookie, never stored) and id. */
export async function pairDevice(
  db: Kysely<Database>,
  stationId: string,
  from: { userAgent: string | undefined; address: string },
  now: Date,
): Promise<{ id: string; token: string }> {
  // The database's word, not only this process's: another console may have retired it a moment ago.
  const station = await db.selectFrom('stations').select('retired_at').where('id', '=', stationId).executeTakeFirst();
  if (station?.retired_at != null) throw new AppFailure('station_retired', 'this station was retired by an admin');
  const token = randomBytes(18).toString('base64url');
  const id = randomUUID();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('station_devices')
      .values({ id, station_id: stationId, token_hash: deviceTokenHash(token), label: deviceLabel(from.userAgent), address: from.address.slice(0, 64), first_seen_at: at, last_seen_at: at, revoked_at: null })
      .execute();
    // The token is not in the audit row: the id names the device.
    await writeAudit(trx, { at, stationId, channel: 'stations.devices.pair', entityId: id, detail: { label: deviceLabel(from.userAgent) } });
  });
  return { id, token };
}

/** The device a token names on this station: its id and whether it still may work; null: no such device here. */
export async function deviceForToken(db: Kysely<Database>, stationId: string, token: string): Promise<{ id: string; revoked: boolean } | null> {
  const row = await db
    .selectFrom('station_devices')
    .select(['id', 'revoked_at'])
    .where('token_hash', '=', deviceTokenHash(token))
    .where('station_id', '=', stationId)
    .executeTakeFirst();
  return row ? { id: row.id, revoked: row.revoked_at !== null } : null;
}

export async function touchDevice(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('station_devices').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
}

function toDeviceRow(r: Selectable<StationDevicesTable>): DeviceRow {
  return { id: r.id, stationId: r.station_id, label: r.label, address: r.address, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at };
}

/** Every device of every station, oldest first per station (the Stations screen groups them). */
export async function listDevices(db: Kysely<Database>): Promise<DeviceRow[]> {
  const rows = await db.selectFrom('station_devices').selectAll().orderBy('station_id').orderBy('first_seen_at').execute();
  return rows.map(toDeviceRow);
}

/** Revokes one device (already revoked: answered as it is, nothing written twice). */
export async function revokeDevice(db: Kysely<Database>, id: string, now: Date): Promise<DeviceRow> {
  const row = await db.selectFrom('station_devices').select(['id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppFailure('not_found', 'no such device');
  if (row.revoked_at === null) await db.updateTable('station_devices').set({ revoked_at: now.toISOString() }).where('id', '=', id).execute();
  return toDeviceRow(await db.selectFrom('station_devices').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

/** Retiring a station revokes every device that paired with it (the caller's transaction). */
export async function revokeStationDevices(db: Kysely<Database>, stationId: string, now: Date): Promise<void> {
  await db.updateTable('station_devices').set({ revoked_at: now.toISOString() }).where('station_id', '=', stationId).where('revoked_at', 'is', null).execute();
}
