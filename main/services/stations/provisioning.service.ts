/**
 * Station provisioning (issue 11): set-up codes, the organiser's first-run step, roles
 * and retirement. Every write here runs in the router's transaction: a refused code
 * changes nothing, and a used code is marked used in the same commit as the role.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { AppFailure, ROLES, SETUP_ROLE, type PendingSetupCode, type Role, type SetupCode, type StationRow, type TakenSetupCode } from '../../../contract/index';
import type { Database, StationsTable } from '../../../db/schema';
import { HEARTBEAT_MS } from '../system/station.service';
import { newSetupCode, normaliseSetupCode, setupCodeHash, setupPayload } from './setup-code';

const ONLINE_WINDOW_MS = HEARTBEAT_MS * 3;

export async function createSetupCode(
  db: Kysely<Database>,
  input: { name: string; role: Role; validMinutes: number },
  by: { stationId: string; where: string },
  now: Date,
): Promise<SetupCode> {
  const code = newSetupCode();
  const expiresAt = new Date(now.getTime() + input.validMinutes * 60_000).toISOString();
  await db
    .insertInto('station_setup_codes')
    .values({
      code_hash: setupCodeHash(normaliseSetupCode(code)!),
      name: input.name,
      role: input.role,
      where_text: by.where,
      created_at: now.toISOString(),
      created_by: by.stationId,
      expires_at: expiresAt,
      used_at: null,
      used_by: null,
      cancelled_at: null,
    })
    .execute();
  return { code, payload: setupPayload(code, by.where), name: input.name, role: input.role, where: by.where, expiresAt };
}

/**
 * Takes the code for this station: unknown, expired and used codes are refused with their
 * own error (KO/EN on screen) and nothing is written. The conditional update makes two
 * stations typing the same code at once end with one winner.
 */
export async function redeemSetupCode(db: Kysely<Database>, raw: string, stationId: string, now: Date): Promise<{ role: Role; name: string }> {
  const { row, hash } = await usableCode(db, raw, now, null);
  await markUsed(db, hash, stationId, now);
  const role = roleOf(row.role);
  await db.updateTable('stations').set({ role, name: row.name, set_up_at: now.toISOString() }).where('id', '=', stationId).execute();
  return { role, name: row.name };
}

/**
 * The admin station's side of a set-up over the LAN: the code is used here (this is the
 * venue database) for a station that is not in it yet. It keeps its own id unless this
 * database already knows it (a copied data folder, a retired station: a code never
 * brings a retired id back), then it gets a new one. Its row is written by the station
 * itself when it opens here; until then the same station (same id, same code, before the
 * expiry) may ask again and gets the same answer — so a station whose switch failed
 * (venue database unreachable from it) can retry with its code. Once it has arrived the
 * code is simply used.
 */
export async function takeSetupCodeFor(db: Kysely<Database>, raw: string, requestedId: string, now: Date): Promise<TakenSetupCode> {
  const known = await db.selectFrom('stations').select('id').where('id', '=', requestedId).executeTakeFirst();
  const { row, hash, again } = await usableCode(db, raw, now, known ? null : requestedId);
  if (again) return { role: roleOf(row.role), name: row.name, stationId: requestedId };
  const stationId = known ? randomUUID() : requestedId;
  await markUsed(db, hash, stationId, now);
  return { role: roleOf(row.role), name: row.name, stationId };
}

/** The code's row if it may be used now, or its refusal; `retryBy`: a station that took it already and may ask again. */
async function usableCode(db: Kysely<Database>, raw: string, now: Date, retryBy: string | null) {
  const bare = normaliseSetupCode(raw);
  if (!bare) throw new AppFailure('setup_code_unknown', 'not a set-up code (8 letters and digits, e.g. K7M4-PQ3X)');
  const hash = setupCodeHash(bare);
  const row = await db.selectFrom('station_setup_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
  if (!row) throw new AppFailure('setup_code_unknown', 'no such set-up code in this database');
  const again = row.used_at !== null && retryBy !== null && row.used_by === retryBy;
  if (row.used_at !== null && !again) throw new AppFailure('setup_code_used', 'this set-up code was already used');
  if (row.cancelled_at !== null) throw new AppFailure('setup_code_cancelled', 'this set-up code was cancelled by the admin');
  if (Date.parse(row.expires_at) <= now.getTime()) throw new AppFailure('setup_code_expired', 'this set-up code has expired');
  return { row, hash, again };
}

async function markUsed(db: Kysely<Database>, hash: string, stationId: string, now: Date): Promise<void> {
  const taken = await db
    .updateTable('station_setup_codes')
    .set({ used_at: now.toISOString(), used_by: stationId })
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) throw new AppFailure('setup_code_used', 'this set-up code was already used');
}

function roleOf(role: string): Role {
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : SETUP_ROLE;
}

/**
 * Codes still waiting for their station (not used, not cancelled, not expired). The id
 * is the start of the code's hash: enough to cancel it, useless to redeem it.
 */
export async function pendingSetupCodes(db: Kysely<Database>, now: Date): Promise<PendingSetupCode[]> {
  const rows = await db
    .selectFrom('station_setup_codes')
    .select(['code_hash', 'name', 'role', 'created_at', 'expires_at'])
    .where('used_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.code_hash.slice(0, CODE_ID_LENGTH), name: r.name, role: r.role as Role, createdAt: r.created_at, expiresAt: r.expires_at }));
}

const CODE_ID_LENGTH = 16;

/** Cancels a pending code at once (the caller's transaction); a used, cancelled or unknown one is not_found. */
export async function cancelSetupCode(db: Kysely<Database>, id: string, now: Date): Promise<PendingSetupCode> {
  const pending = (await pendingSetupCodes(db, now)).find((c) => c.id === id);
  if (!pending) throw new AppFailure('not_found', 'no pending set-up code with this id (used, cancelled or expired)');
  const r = await db
    .updateTable('station_setup_codes')
    .set({ cancelled_at: now.toISOString() })
    .where('code_hash', 'like', `${id}%`)
    .where('used_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppFailure('not_found', 'no pending set-up code with this id (used, cancelled or expired)');
  return pending;
}

/** Does this database have an admin yet (a station with the role, or an admin operator)? */
export async function hasAdmin(db: Kysely<Database>): Promise<boolean> {
  const station = await db.selectFrom('stations').select('id').where('role', '=', 'admin').where('retired_at', 'is', null).executeTakeFirst();
  if (station) return true;
  const op = await db.selectFrom('operators').select('id').where('is_admin', '=', 1).where('retired_at', 'is', null).executeTakeFirst();
  return op !== undefined;
}

export async function setStationRole(db: Kysely<Database>, stationId: string, role: Role, name: string | undefined, now: Date): Promise<StationRow> {
  const row = await db.selectFrom('stations').selectAll().where('id', '=', stationId).executeTakeFirst();
  if (!row) throw new AppFailure('not_found', 'no such station');
  if (row.retired_at !== null) throw new AppFailure('station_retired', 'a retired station cannot be given a role; set up a new one with a code');
  await db.updateTable('stations').set({ role, name: name ?? row.name, set_up_at: row.set_up_at ?? now.toISOString() }).where('id', '=', stationId).execute();
  return stationRow(db, stationId, now);
}

export async function retireStation(db: Kysely<Database>, stationId: string, by: string, now: Date): Promise<StationRow> {
  if (stationId === by) throw new AppFailure('conflict', 'a station cannot retire itself');
  const row = await db.selectFrom('stations').select(['id', 'retired_at']).where('id', '=', stationId).executeTakeFirst();
  if (!row) throw new AppFailure('not_found', 'no such station');
  if (row.retired_at === null) await db.updateTable('stations').set({ retired_at: now.toISOString() }).where('id', '=', stationId).execute();
  return stationRow(db, stationId, now);
}

type StationsRow = Selectable<StationsTable>;
function selectStations(db: Kysely<Database>) {
  return db.selectFrom('stations').selectAll();
}

function toRow(r: StationsRow, now: Date): StationRow {
  return {
    id: r.id,
    name: r.name,
    role: ((ROLES as readonly string[]).includes(r.role) ? r.role : SETUP_ROLE) as Role,
    version: r.version,
    lastSeenAt: r.last_seen_at,
    online: r.retired_at === null && now.getTime() - Date.parse(r.last_seen_at) < ONLINE_WINDOW_MS,
    retired: r.retired_at !== null,
    setUp: r.role !== SETUP_ROLE,
  };
}

export async function stationRow(db: Kysely<Database>, id: string, now: Date): Promise<StationRow> {
  return toRow(await selectStations(db).where('id', '=', id).executeTakeFirstOrThrow(), now);
}

export async function listStationRows(db: Kysely<Database>, now: Date): Promise<StationRow[]> {
  return (await selectStations(db).orderBy('name').execute()).map((r) => toRow(r, now));
}
