import { AppFailure } from '../../../contract/index';
import type { Handlers, HandlerCtx } from '../../core/router';
import { checkSignIn, listOperators, recordPinOutcome, retireOperator, saveOperator, saveOperatorSettings } from './operators.service';
import { cancelSetupCode, createSetupCode, pendingSetupCodes, hasAdmin, listStationRows, redeemSetupCode, retireStation, setStationRole, takeSetupCodeFor } from './provisioning.service';
import { adminAddress, payloadAdminAddress } from './setup-code';
import { askAdminStation } from './venue-join.service';
import { DEFAULT_OPERATOR_SETTINGS } from './station-access';
import type { Role, StationRow } from '../../../contract/index';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { listDevices, revokeDevice, revokeStationDevices } from './devices.service';
import { writeAudit } from '../../core/audit';

/** The station's new role reaches it (and, in venue mode, every console) after commit. */
function announce(ctx: HandlerCtx, row: Pick<StationRow, 'id' | 'role' | 'name' | 'retired'>): void {
  ctx.emit({ type: 'stations.changed', stationId: row.id, role: row.role, name: row.name, retired: row.retired });
}

/**
 * A batched channel's own write: one short transaction with its audit row (the router
 * opens none around a handler that first talks to another station).
 */
async function auditedWrite<T>(ctx: HandlerCtx, channel: string, entityId: string, detail: Record<string, unknown>, write: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const out = await write(trx);
    await writeAudit(trx, { at: ctx.clock.now().toISOString(), stationId: ctx.station.id, channel, entityId, detail });
    return out;
  });
}

export const stationsHandlers = {
  'stations.setup.state': async (ctx) => ({ canBeOrganiser: !(await hasAdmin(ctx.db)), db: ctx.runtime.dbKind }),
  'stations.setup.redeem': async (ctx, input) => {
    const taken = await redeemSetupCode(ctx.db, input.code, ctx.station.id, ctx.clock.now());
    ctx.audit(ctx.station.id, { role: taken.role });
    announce(ctx, { id: ctx.station.id, ...taken, retired: false });
    return taken;
  },
  'stations.setup.organiser': async (ctx, input) => {
    if (await hasAdmin(ctx.db)) throw new AppFailure('conflict', 'this database already has an admin: ask the organiser for a set-up code');
    const now = ctx.clock.now();
    const op = await saveOperator(ctx.db, { name: input.name, pin: input.pin, admin: true }, now);
    await ctx.db.updateTable('stations').set({ role: 'admin', set_up_at: now.toISOString() }).where('id', '=', ctx.station.id).execute();
    ctx.audit(ctx.station.id, { role: 'admin', operatorId: op.id });
    announce(ctx, { id: ctx.station.id, role: 'admin', name: ctx.station.name, retired: false });
    ctx.emit({ type: 'operators.changed' });
    return { role: 'admin' as const, name: ctx.station.name };
  },
  'stations.list': async (ctx) => listStationRows(ctx.db, ctx.clock.now()),
  'stations.setup.join': async (ctx, input) => {
    const typed = input.admin?.trim() ?? '';
    const admin = typed ? adminAddress(typed) : payloadAdminAddress(input.code);
    if (typed && !admin) throw new AppFailure('setup_admin_address', 'not an address: type the admin station\'s address as on its code, e.g. 10.0.0.5:4810');
    const now = ctx.clock.now();
    // No address, or already on the venue database: the code is in this database (as before LAN set-up).
    if (!admin || ctx.runtime.dbKind === 'postgres') {
      const taken = await auditedWrite(ctx, 'stations.setup.join', ctx.station.id, { over: 'database' }, (trx) => redeemSetupCode(trx, input.code, ctx.station.id, now));
      announce(ctx, { id: ctx.station.id, ...taken, retired: false });
      return { ...taken, db: ctx.runtime.dbKind };
    }
    const link = ctx.runtime.setupLink;
    if (!link) throw new AppFailure('internal', 'this process cannot move its station to another database (no station host)');
    const answer = await askAdminStation(admin, { code: input.code, stationId: ctx.station.id });
    if (!answer.venue) {
      // A SQLite-only admin station: this one stays on its own database and takes the role.
      await auditedWrite(ctx, 'stations.setup.join', ctx.station.id, { role: answer.role, over: 'lan', venue: false }, (trx) => takeRole(trx, ctx.station.id, answer.role, answer.name, now));
      announce(ctx, { id: ctx.station.id, role: answer.role, name: answer.name, retired: false });
      return { role: answer.role, name: answer.name, db: 'sqlite' as const };
    }
    // Never logged: the URL carries the venue database's password.
    await link.joinVenue({ url: answer.venue.url, identity: { id: answer.stationId, name: answer.name, role: answer.role }, admin });
    return { role: answer.role, name: answer.name, db: 'postgres' as const };
  },
  'stations.code.take': async (ctx, input) => {
    const taken = await takeSetupCodeFor(ctx.db, input.code, input.stationId, ctx.clock.now());
    // The code itself never goes into the log.
    ctx.audit(taken.stationId, { role: taken.role, name: taken.name, over: 'lan' });
    return taken;
  },
  'stations.code.create': async (ctx, input) => {
    // Where a new station finds this one: its LAN address when it serves one (the new station asks it over HTTP), else the database.
    const where = ctx.runtime.setupLink?.reachableAt ?? ctx.runtime.access?.where ?? ctx.runtime.dbKind;
    const code = await createSetupCode(ctx.db, input, { stationId: ctx.station.id, where }, ctx.clock.now());
    // The code itself never goes into the log.
    ctx.audit(null, { name: code.name, role: code.role, expiresAt: code.expiresAt });
    return code;
  },
  'stations.code.list': async (ctx) => pendingSetupCodes(ctx.db, ctx.clock.now()),
  'stations.code.cancel': async (ctx, input) => {
    const code = await cancelSetupCode(ctx.db, input.id, ctx.clock.now());
    ctx.audit(null, { cancelled: code.id, name: code.name, role: code.role });
    return code;
  },
  'stations.role.set': async (ctx, input) => {
    if (input.stationId === ctx.station.id && input.role !== 'admin') throw new AppFailure('conflict', 'an admin station cannot take its own admin role away');
    const row = await setStationRole(ctx.db, input.stationId, input.role, input.name, ctx.clock.now());
    ctx.audit(input.stationId, { role: row.role });
    announce(ctx, row);
    return row;
  },
  'stations.retire': async (ctx, input) => {
    const row = await retireStation(ctx.db, input.stationId, ctx.station.id, ctx.clock.now());
    // Its browsers go with it (the same transaction): none of them is let back in by a later set-up.
    await revokeStationDevices(ctx.db, input.stationId, ctx.clock.now());
    ctx.audit(input.stationId, { retired: true });
    announce(ctx, row);
    return row;
  },
  'operators.list': async (ctx) => {
    const now = ctx.clock.now();
    return {
      operators: await listOperators(ctx.db, now),
      current: ctx.runtime.access?.current(now.getTime()) ?? null,
      settings: ctx.runtime.access?.settings ?? DEFAULT_OPERATOR_SETTINGS,
    };
  },
  'operators.save': async (ctx, input) => {
    const op = await saveOperator(ctx.db, input, ctx.clock.now());
    ctx.audit(op.id, { admin: op.admin, pin: input.pin !== undefined, badge: op.badgeCode !== null });
    ctx.emit({ type: 'operators.changed' });
    return op;
  },
  'operators.retire': async (ctx, input) => {
    await retireOperator(ctx.db, input.id, ctx.clock.now());
    ctx.audit(input.id);
    ctx.emit({ type: 'operators.changed' });
    return { id: input.id };
  },
  // Batched: the PIN hash is checked with no transaction open; then one short one.
  'operators.signIn': async (ctx, input) => {
    const now = ctx.clock.now();
    const checked = await checkSignIn(ctx.db, input, now);
    const result = await ctx.db.transaction().execute(async (trx) => {
      const final = checked.pinOk === null || checked.operatorId === null ? checked.result : await recordPinOutcome(trx, checked.operatorId, checked.pinOk, now, checked.result);
      await writeAudit(trx, {
        at: now.toISOString(),
        stationId: ctx.station.id,
        channel: 'operators.signIn',
        entityId: checked.operatorId,
        detail: { status: final.status, by: 'badge' in input ? 'badge' : 'pin' },
        operatorId: final.status === 'signed_in' ? final.operator.id : null,
      });
      return final;
    });
    if (result.status === 'signed_in') ctx.runtime.access?.signIn(result.operator, now.getTime());
    return result;
  },
  'operators.signOut': async (ctx) => {
    ctx.audit(ctx.runtime.access?.current(ctx.clock.now().getTime())?.id ?? null);
    ctx.runtime.access?.signOut();
    return {};
  },
  'operators.settings.set': async (ctx, input) => {
    await saveOperatorSettings(ctx.db, input, ctx.clock.now());
    ctx.audit(null, { ...input });
    ctx.emit({ type: 'operators.changed' });
    if (ctx.runtime.access) ctx.runtime.access.settings = input;
    return input;
  },
  'stations.devices.list': async (ctx) => listDevices(ctx.db),
  'stations.devices.revoke': async (ctx, input) => {
    const row = await revokeDevice(ctx.db, input.deviceId, ctx.clock.now());
    ctx.audit(input.deviceId, { stationId: row.stationId, label: row.label });
    ctx.emit({ type: 'stations.device.revoked', stationId: row.stationId, deviceId: row.id });
    return row;
  },
  'stations.pairing.rotate': async (ctx, input) => {
    const row = await ctx.db.selectFrom('stations').select(['id', 'retired_at']).where('id', '=', input.stationId).executeTakeFirst();
    if (!row) throw new AppFailure('not_found', 'no such station');
    if (row.retired_at !== null) throw new AppFailure('station_retired', 'a retired station pairs no browser');
    ctx.audit(input.stationId);
    ctx.emit({ type: 'stations.pairing.rotated', stationId: input.stationId });
    return { stationId: input.stationId };
  },
} satisfies Partial<Handlers>;


/** This station's own row takes the role (a SQLite-only admin station's code: the code was used over there). */
async function takeRole(db: Kysely<Database>, stationId: string, role: Role, name: string, now: Date): Promise<void> {
  await db.updateTable('stations').set({ role, name, set_up_at: now.toISOString() }).where('id', '=', stationId).execute();
}
