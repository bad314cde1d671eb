/**
 * Kiosk settings (one row shared by every kiosk on the database) and the staff PIN,
 * stored only as a scrypt hash.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Category, KioskSettings } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { getEvent } from '../system/event.service';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number }) => Promise<Buffer>;

export const DEFAULT_KIOSK_SETTINGS: KioskSettings = { idleSeconds: 30, walkInEnabled: true, walkInCategories: ['visitor'] };
const ID = 'kiosk';
const SCRYPT_N = 16384;

/** The stored choice, kept to the event's categories (the organiser may have removed one since). */
function parseCategories(json: string, event: readonly string[]): Category[] {
  const fallback = event.includes('visitor') ? ['visitor'] : event.slice(0, 1);
  try {
    const xs = JSON.parse(json) as unknown;
    const ok = Array.isArray(xs) ? xs.filter((x): x is Category => typeof x === 'string' && event.includes(x)) : [];
    return ok.length ? ok : fallback;
  } catch {
    return fallback;
  }
}

export async function readKioskSettings(db: Kysely<Database>): Promise<KioskSettings & { pinHash: string | null }> {
  const r = await db.selectFrom('kiosk_settings').selectAll().where('id', '=', ID).executeTakeFirst();
  if (!r) return { ...DEFAULT_KIOSK_SETTINGS, pinHash: null };
  const event = (await getEvent(db)).categories.map((c) => c.id);
  return { idleSeconds: r.idle_seconds, walkInEnabled: r.walk_in_enabled === 1, walkInCategories: parseCategories(r.walk_in_categories, event), pinHash: r.pin_hash };
}

export async function updateKioskSettings(
  db: Kysely<Database>,
  patch: Partial<KioskSettings> & { pin?: string },
  now: string,
): Promise<KioskSettings & { pinHash: string | null }> {
  const cur = await readKioskSettings(db);
  const next = {
    idle_seconds: patch.idleSeconds ?? cur.idleSeconds,
    walk_in_enabled: (patch.walkInEnabled ?? cur.walkInEnabled) ? 1 : 0,
    walk_in_categories: JSON.stringify([...new Set(patch.walkInCategories ?? cur.walkInCategories)]),
    pin_hash: patch.pin !== undefined ? await hashPin(patch.pin) : cur.pinHash,
    updated_at: now,
  };
  await db.insertInto('kiosk_settings').values({ id: ID, ...next }).onConflict((oc) => oc.column('id').doUpdateSet(next)).execute();
  return readKioskSettings(db);
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, 32, { N: SCRYPT_N });
  return `scrypt$${SCRYPT_N}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [kind, n, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64url');
  const got = await scrypt(pin, Buffer.from(salt, 'base64url'), want.length, { N: Number(n) });
  return timingSafeEqual(got, want);
}
