import type { Handlers } from '../../core/router';
import { kioskBadgeState, kioskPrinterStatus } from './kiosk-print';
import { readKioskSettings, updateKioskSettings } from './kiosk-settings.service';
import { staffExit, staffReprint, staffUnlock } from './kiosk-staff.service';
import { mustBeOpen } from './kiosk-alerts.service';
import { cancelBadge, confirm, identify, kioskWalkIn } from './kiosk-visitor.service';

const publicSettings = ({ pinHash, ...s }: Awaited<ReturnType<typeof readKioskSettings>>) => ({ ...s, pinSet: pinHash !== null });

export const kioskHandlers = {
  'kiosk.config': async (ctx) => publicSettings(await readKioskSettings(ctx.db)),
  'kiosk.settings.update': async (ctx, input) => {
    const s = await updateKioskSettings(ctx.db, input, ctx.clock.now().toISOString());
    // The PIN itself never reaches the audit log: only that it changed.
    const { pin, ...rest } = input;
    ctx.audit('kiosk', { ...rest, pinChanged: pin !== undefined });
    return publicSettings(s);
  },
  'kiosk.status': async (ctx) => kioskPrinterStatus(ctx),
  'kiosk.badgeState': async (ctx, input) => ({ state: await kioskBadgeState(ctx, input.jobId) }),
  'kiosk.cancelBadge': async (ctx, input) => cancelBadge(ctx, input.jobId),
  'kiosk.forget': async (ctx, input) => {
    ctx.runtime.kiosk.dropTicket(ctx.station.id, input.ticket);
    return { ok: true as const };
  },
  'kiosk.identify': async (ctx, input) => identify(ctx, input),
  'kiosk.confirm': async (ctx, input) => confirm(ctx, input),
  'kiosk.walkIn': async (ctx, input) => kioskWalkIn(ctx, input),
  'kiosk.staffUnlock': async (ctx, input) => staffUnlock(ctx, input.pin),
  'kiosk.staffReprint': async (ctx, input) => staffReprint(ctx, input),
  'kiosk.staffExit': async (ctx, input) => staffExit(ctx, input.token),
  'kiosk.alert.ack': async (ctx, input) => {
    // Taken once for every console: the audit row is the taking (kiosk-alerts.service).
    await mustBeOpen(ctx, input.id);
    ctx.audit(input.id, { acked: true });
    ctx.emit({ type: 'kiosk.alert.acked', id: input.id, by: ctx.station.name, at: ctx.clock.now().toISOString() });
    return { ok: true as const };
  },
  'kiosk.staffLock': async (ctx, input) => {
    ctx.runtime.kiosk.closeStaffSession(input.token);
    return { ok: true as const };
  },
} satisfies Partial<Handlers>;
