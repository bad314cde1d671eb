/**
 * Staff access at a kiosk: a PIN (scrypt hash in kiosk_settings) opens a short
 * session. Wrong PINs are throttled here, on the server, per kiosk, in the database:
 * after MAX_FAILURES the kiosk locks for 30 s, then 60 s, 120 s … (capped at an hour).
 */
import { AppFailure, type KioskPrint, type UnlockOutcome } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { readKioskSettings, verifyPin } from './kiosk-settings.service';
import { alertStaff, ticketCodeOrNull } from './kiosk-visitor.service';
import { printBadge } from './kiosk-print';

export const MAX_FAILURES = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

export const lockMs = (lockouts: number) => Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** Math.max(0, lockouts - 1));

export async function staffUnlock(ctx: HandlerCtx, pin: string): Promise<UnlockOutcome> {
  const { db, station } = ctx;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const settings = await readKioskSettings(db);
  if (!settings.pinHash) {
    ctx.audit(station.id, { result: 'no_pin' });
    return { status: 'no_pin' };
  }
  await db
    .insertInto('kiosk_unlock_state')
    .values({ station_id: station.id, failures: 0, lockouts: 0, locked_until: null, updated_at: nowIso })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const state = await db.selectFrom('kiosk_unlock_state').selectAll().where('station_id', '=', station.id).executeTakeFirstOrThrow();
  // While locked the PIN is not even checked: guessing on cannot succeed.
  if (state.locked_until && state.locked_until > nowIso) {
    ctx.audit(station.id, { result: 'locked' });
    return { status: 'locked', retryInSeconds: Math.ceil((Date.parse(state.locked_until) - now.getTime()) / 1000) };
  }
  if (await verifyPin(pin, settings.pinHash)) {
    await db.updateTable('kiosk_unlock_state').set({ failures: 0, lockouts: 0, locked_until: null, updated_at: nowIso }).where('station_id', '=', station.id).execute();
    const s = ctx.runtime.kiosk.openStaffSession(station.id, now.getTime());
    ctx.audit(station.id, { result: 'unlocked' });
    return { status: 'unlocked', token: s.token, expiresAt: new Date(s.expiresAt).toISOString() };
  }
  // Increment in SQL so two racing attempts both count (PostgreSQL locks the row).
  const after = await db
    .updateTable('kiosk_unlock_state')
    .set((eb) => ({ failures: eb('failures', '+', 1), updated_at: nowIso }))
    .where('station_id', '=', station.id)
    .returning(['failures', 'lockouts'])
    .executeTakeFirstOrThrow();
  if (after.failures < MAX_FAILURES) {
    ctx.audit(station.id, { result: 'wrong_pin', failures: after.failures });
    return { status: 'wrong_pin', attemptsLeft: MAX_FAILURES - after.failures };
  }
  const lockouts = after.lockouts + 1;
  const ms = lockMs(lockouts);
  await db
    .updateTable('kiosk_unlock_state')
    .set({ failures: 0, lockouts, locked_until: new Date(now.getTime() + ms).toISOString(), updated_at: nowIso })
    .where('station_id', '=', station.id)
    .execute();
  ctx.audit(station.id, { result: 'locked_out', lockouts, seconds: ms / 1000 });
  alertStaff(ctx, 'pin_locked');
  return { status: 'locked', retryInSeconds: ms / 1000 };
}

export function requireStaff(ctx: HandlerCtx, token: string): void {
  if (!ctx.runtime.kiosk.staffSessionOk(ctx.station.id, token, ctx.clock.now().getTime())) {
    throw new AppFailure('unauthorized', 'staff session missing or expired');
  }
}

export async function staffReprint(ctx: HandlerCtx, input: { token: string; ticket: string; nonce: string }): Promise<KioskPrint> {
  requireStaff(ctx, input.token);
  const code = ticketCodeOrNull(ctx, input.ticket);
  if (!code) throw new AppFailure('not_found', 'no visitor at this kiosk any more');
  ctx.audit(code, { reprint: 'kiosk_staff' });
  const print = await printBadge(ctx, code, { nonce: input.nonce, reprintReason: 'kiosk: staff reprint' });
  if (print.status === 'no_printer' || print.status === 'printer_offline') alertStaff(ctx, 'print_failed');
  return print;
}

export function staffExit(ctx: HandlerCtx, token: string): { ok: true } {
  requireStaff(ctx, token);
  ctx.audit(ctx.station.id, { kiosk: 'exit' });
  ctx.emit({ type: 'kiosk.exit', stationId: ctx.station.id });
  return { ok: true };
}
