/**
 * Operators: the people signed in at a station (issue 11). PINs are scrypt hashes (the
 * kiosk PIN's helpers); five wrong PINs lock the operator for LOCK_MINUTES on every
 * station (the count lives on the row). Sign-in runs its slow hash outside any
 * transaction, so a scan at the same desk never waits behind it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { AppFailure, type OperatorInfo, type OperatorSettings, type SignInResult } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { OperatorsTable } from '../../../db/tables/stations.tables';
import { hashPin, verifyPin } from '../kiosk/kiosk-settings.service';
import { findVisitorByScan } from '../visitors/visitor-lookup.service';

export const MAX_WRONG_PINS = 5;
export const LOCK_MINUTES = 15;
/** The visitor category whose badges sign staff in. */
export const STAFF_CATEGORY = 'staff';

function toInfo(r: OperatorsTable, now: Date): OperatorInfo {
  const locked = r.locked_until !== null && Date.parse(r.locked_until) > now.getTime();
  return { id: r.id, name: r.name, admin: r.is_admin === 1, badgeCode: r.badge_code, lockedUntil: locked ? r.locked_until : null };
}

export async function listOperators(db: Kysely<Database>, now: Date): Promise<OperatorInfo[]> {
  const rows = await db.selectFrom('operators').selectAll().where('retired_at', 'is', null).orderBy('name').execute();
  return rows.map((r) => toInfo(r, now));
}

export async function saveOperator(
  db: Kysely<Database>,
  input: { id?: string; name: string; pin?: string; badgeCode?: string | null; admin: boolean },
  now: Date,
): Promise<OperatorInfo> {
  const at = now.toISOString();
  let badge: string | null | undefined = input.badgeCode;
  if (badge) {
    const { code, row } = await findVisitorByScan(db, badge);
    if (!code || !row) throw new AppFailure('not_found', 'no visitor has this badge code');
    if (row.category !== STAFF_CATEGORY) throw new AppFailure('conflict', 'only a staff badge can sign an operator in');
    badge = code;
  }
  const pinHash = input.pin !== undefined ? await hashPin(input.pin) : undefined;
  if (input.id) {
    const cur = await db.selectFrom('operators').selectAll().where('id', '=', input.id).where('retired_at', 'is', null).executeTakeFirst();
    if (!cur) throw new AppFailure('not_found', 'no such operator');
    await db
      .updateTable('operators')
      .set({
        name: input.name,
        is_admin: input.admin ? 1 : 0,
        ...(pinHash !== undefined ? { pin_hash: pinHash } : {}),
        ...(badge !== undefined ? { badge_code: badge } : {}),
        // An admin's save is how a locked operator gets back in.
        failed_pins: 0,
        locked_until: null,
        updated_at: at,
      })
      .where('id', '=', input.id)
      .execute();
    return toInfo(await db.selectFrom('operators').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow(), now);
  }
  if (pinHash === undefined && !badge) throw new AppFailure('invalid_input', 'a new operator needs a PIN or a staff badge');
  const row: OperatorsTable = {
    id: randomUUID(),
    name: input.name,
    pin_hash: pinHash ?? null,
    badge_code: badge ?? null,
    is_admin: input.admin ? 1 : 0,
    failed_pins: 0,
    locked_until: null,
    created_at: at,
    updated_at: at,
    retired_at: null,
  };
  await db.insertInto('operators').values(row).execute();
  return toInfo(row, now);
}

export async function retireOperator(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  const r = await db.updateTable('operators').set({ retired_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppFailure('not_found', 'no such operator');
}

/**
 * Checks a PIN or a badge. Reads and hashes with no transaction open; the outcome (a
 * wrong-PIN count, a lock, a reset) is written by the caller's short transaction with
 * `recordPinOutcome`.
 */
export async function checkSignIn(
  db: Kysely<Database>,
  input: { operatorId: string; pin: string } | { badge: string },
  now: Date,
): Promise<{ result: SignInResult; operatorId: string | null; pinOk: boolean | null }> {
  if ('badge' in input) {
    const { code, row: visitor } = await findVisitorByScan(db, input.badge);
    const op = code ? await db.selectFrom('operators').selectAll().where('badge_code', '=', code).where('retired_at', 'is', null).executeTakeFirst() : undefined;
    // The badge must still be a staff visitor's: a re-import that changed the category ends it.
    if (!op || visitor?.category !== STAFF_CATEGORY) return { result: { status: 'unknown_badge' }, operatorId: null, pinOk: null };
    return { result: { status: 'signed_in', operator: { id: op.id, name: op.name, admin: op.is_admin === 1 } }, operatorId: op.id, pinOk: null };
  }
  const op = await db.selectFrom('operators').selectAll().where('id', '=', input.operatorId).where('retired_at', 'is', null).executeTakeFirst();
  if (!op) throw new AppFailure('not_found', 'no such operator');
  if (op.locked_until !== null && Date.parse(op.locked_until) > now.getTime()) return { result: { status: 'locked', until: op.locked_until }, operatorId: op.id, pinOk: null };
  const good = op.pin_hash !== null && /^\d{4,8}$/.test(input.pin) && (await verifyPin(input.pin, op.pin_hash));
  if (good) return { result: { status: 'signed_in', operator: { id: op.id, name: op.name, admin: op.is_admin === 1 } }, operatorId: op.id, pinOk: true };
  return { result: { status: 'wrong_pin', triesLeft: 0 }, operatorId: op.id, pinOk: false };
}

/**
 * Writes a PIN check's outcome. A wrong PIN is counted with one atomic increment (two
 * desks guessing at once both count); the fifth locks. Returns the final answer.
 */
export async function recordPinOutcome(trx: Kysely<Database>, operatorId: string, ok: boolean, now: Date, answer: SignInResult): Promise<SignInResult> {
  const at = now.toISOString();
  if (ok) {
    await trx.updateTable('operators').set({ failed_pins: 0, locked_until: null }).where('id', '=', operatorId).execute();
    return answer;
  }
  await trx
    .updateTable('operators')
    .set({ failed_pins: sql<number>`failed_pins + 1`, updated_at: at })
    .where('id', '=', operatorId)
    .execute();
  const row = await trx.selectFrom('operators').select(['failed_pins']).where('id', '=', operatorId).executeTakeFirstOrThrow();
  const failed = Number(row.failed_pins);
  if (failed >= MAX_WRONG_PINS) {
    const until = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
    await trx.updateTable('operators').set({ locked_until: until, failed_pins: 0 }).where('id', '=', operatorId).execute();
    return { status: 'locked', until };
  }
  return { status: 'wrong_pin', triesLeft: MAX_WRONG_PINS - failed };
}

export async function saveOperatorSettings(db: Kysely<Database>, s: OperatorSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const [key, value] of [
    ['idleMinutes', String(s.idleMinutes)],
    ['requireOperator', String(s.requireOperator)],
  ] as const) {
    await db.insertInto('operator_settings').values({ key, value, updated_at: at }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })).execute();
  }
}
