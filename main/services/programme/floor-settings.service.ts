/**
 * Floor settings kept in the database (so every station and every restart agrees):
 * the consultation length and the rehearsal clock. The rehearsal clock is stored as
 * "venue time `at`, set at real time `setAtReal`" and runs on from there, so a board
 * that starts (or reconnects) later lands on the same instant as the console.
 */
import type { Kysely } from 'kysely';
import { ConsultationConfig, type RehearsalSetting } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { systemClock, type Clock } from '../../core/clock';
import { DEFAULT_CONFIG } from './meeting-state';

const CONFIG_KEY = 'consultation_config';
const REHEARSAL_KEY = 'rehearsal_clock';

async function readSetting(db: Kysely<Database>, key: string): Promise<unknown> {
  const r = await db.selectFrom('floor_settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!r) return null;
  try {
    return JSON.parse(r.value);
  } catch {
    return null;
  }
}

async function writeSetting(db: Kysely<Database>, key: string, value: unknown, now: string): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto('floor_settings')
    .values({ key, value: text, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: now }))
    .execute();
}

export async function readConfig(db: Kysely<Database>): Promise<ConsultationConfig> {
  const parsed = ConsultationConfig.safeParse(await readSetting(db, CONFIG_KEY));
  return parsed.success ? parsed.data : DEFAULT_CONFIG;
}

export const writeConfig = (db: Kysely<Database>, cfg: ConsultationConfig, now: string) => writeSetting(db, CONFIG_KEY, cfg, now);

export async function readRehearsal(db: Kysely<Database>): Promise<RehearsalSetting | null> {
  const v = (await readSetting(db, REHEARSAL_KEY)) as Partial<RehearsalSetting> | null;
  return v && typeof v.at === 'string' && typeof v.setAtReal === 'string' ? { at: v.at, setAtReal: v.setAtReal } : null;
}

/** null clears it: back to real time. */
export const writeRehearsal = (db: Kysely<Database>, s: RehearsalSetting | null, now: string) => writeSetting(db, REHEARSAL_KEY, s, now);

/** A clock the station can move: the station's RehearsalClock (tests inject their own clock instead). */
export interface SettableClock extends Clock {
  set(at: Date): void;
}

/**
 * The venue time a setting stands for now: it has run on since it was set. Reads real
 * time on purpose: the setting is anchored to it, whatever this station's clock says.
 */
export function rehearsalNow(s: RehearsalSetting, real: Clock = systemClock): Date {
  return new Date(Date.parse(s.at) + (real.now().getTime() - Date.parse(s.setAtReal)));
}

export function applyRehearsal(clock: SettableClock, s: RehearsalSetting | null, real: Clock = systemClock): void {
  clock.set(s ? rehearsalNow(s, real) : real.now());
}

const CLI_REHEARSAL_KEY = 'rehearsal_clock_cli';

/**
 * A station started with `--clock X` (issue 14): stations started minutes apart with the
 * same X used to each begin at X from their own start, so their clocks disagreed (a stamp
 * "before" the one it followed). The first station started with X stores the rehearsal
 * anchor (X at this real time); every later station started with the same X follows
 * the stored rehearsal — including a move made since from the floor console — so all show
 * the same time. A different X starts a new rehearsal for everyone who joins later.
 */
export async function joinRehearsal(db: Kysely<Database>, clock: SettableClock, startAt: Date, real: Clock = systemClock): Promise<void> {
  const wanted = startAt.toISOString();
  const cli = (await readSetting(db, CLI_REHEARSAL_KEY)) as { at?: unknown } | null;
  const stored = await readRehearsal(db);
  if (cli?.at === wanted && stored) return applyRehearsal(clock, stored, real);
  const now = real.now().toISOString();
  const setting: RehearsalSetting = { at: wanted, setAtReal: now };
  await writeSetting(db, CLI_REHEARSAL_KEY, { at: wanted }, now);
  await writeRehearsal(db, setting, now);
  applyRehearsal(clock, setting, real);
}
