/** Door settings kept in the database, so every door and every restart agrees. */
import type { Kysely } from 'kysely';
import { DoorSettings } from '../../../contract/index';
import type { Database } from '../../../db/schema';

const KEY = 'door_settings';
/** Admit a badge not checked in at the entrance (a door is no second entrance desk); a signed-up no-show frees the seat 10 min after the start. */
export const DEFAULT_DOOR_SETTINGS: DoorSettings = { notCheckedIn: 'admit', noShowMin: 10 };

export async function readDoorSettings(db: Kysely<Database>): Promise<DoorSettings> {
  const r = await db.selectFrom('session_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!r) return DEFAULT_DOOR_SETTINGS;
  try {
    const p = DoorSettings.safeParse(JSON.parse(r.value));
    return p.success ? p.data : DEFAULT_DOOR_SETTINGS;
  } catch {
    return DEFAULT_DOOR_SETTINGS;
  }
}

export async function writeDoorSettings(db: Kysely<Database>, s: DoorSettings, now: string): Promise<void> {
  const value = JSON.stringify(s);
  await db
    .insertInto('session_settings')
    .values({ key: KEY, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}
