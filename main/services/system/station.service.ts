import type { Kysely } from 'kysely';
import { ROLES, type Role, type StationInfo } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { StationIdentity } from '../../core/router';

/** A station missing three heartbeats is shown offline. */
export const HEARTBEAT_MS = 15_000;
const ONLINE_WINDOW_MS = HEARTBEAT_MS * 3;

export async function registerStation(db: Kysely<Database>, s: StationIdentity, version: string, now: string): Promise<void> {
  await db
    .insertInto('stations')
    .values({ id: s.id, name: s.name, role: s.role, version, created_at: now, last_seen_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: s.name, role: s.role, version, last_seen_at: now }))
    .execute();
}

export async function heartbeat(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('stations').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function listStations(db: Kysely<Database>, now: Date): Promise<StationInfo[]> {
  const rows = await db.selectFrom('stations').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: ((ROLES as readonly string[]).includes(r.role) ? r.role : 'desk') as Role,
    version: r.version,
    lastSeenAt: r.last_seen_at,
    online: now.getTime() - Date.parse(r.last_seen_at) < ONLINE_WINDOW_MS,
  }));
}
