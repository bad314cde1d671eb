import type { GiftOfflineRule, OfflineStatus } from '../../../contract/index';
import type { Handlers } from '../../core/router';
import { DEFAULT_LEASE_UNITS } from './gift-lease.service';

const DISABLED: OfflineStatus = { enabled: false, online: true, offlineSince: null, waiting: 0, oldestAt: null, oldestAgeMs: null, refused: 0, replicaAgeMs: null, replay: null };

export const offlineHandlers = {
  // Never touches the venue database: it must answer while it is down.
  'offline.status': async (ctx) => ctx.runtime.offline?.status() ?? DISABLED,
  'offline.conflicts': async (ctx) => {
    const rows = await ctx.db.selectFrom('offline_conflicts').selectAll().orderBy('recorded_at', 'desc').limit(500).execute();
    return rows.map((r) => {
      const d = (r.detail ? JSON.parse(r.detail) : {}) as { firstAt?: string | null; firstStation?: string | null };
      return {
        id: r.id,
        stationName: r.station_name,
        channel: r.channel,
        subject: r.subject,
        offlineAt: r.offline_at,
        offlineStatus: r.offline_status,
        settledStatus: r.settled_status,
        firstAt: d.firstAt ?? null,
        firstStation: d.firstStation ?? null,
        recordedAt: r.recorded_at,
      };
    });
  },
  'offline.stations': async (ctx) =>
    (await ctx.db.selectFrom('offline_station_sync').selectAll().execute()).map((r) => ({
      stationId: r.station_id,
      replicaLagMs: r.replica_lag_ms,
      outboxDepth: r.outbox_depth,
      refused: r.refused,
      reportedAt: r.reported_at,
    })),
  'offline.gift.rules': async (ctx) =>
    (await ctx.db.selectFrom('offline_gift_rules').selectAll().execute()).map(
      (r): GiftOfflineRule => ({ giftId: r.gift_id, onlineOnly: r.online_only === 1, leaseUnits: r.lease_units }),
    ),
  'offline.gift.rule.set': async (ctx, input) => {
    const now = ctx.clock.now().toISOString();
    const row = { online_only: input.onlineOnly ? 1 : 0, lease_units: input.leaseUnits ?? DEFAULT_LEASE_UNITS, updated_at: now };
    await ctx.db
      .insertInto('offline_gift_rules')
      .values({ gift_id: input.giftId, ...row })
      .onConflict((oc) => oc.column('gift_id').doUpdateSet(row))
      .execute();
    ctx.audit(input.giftId, { onlineOnly: input.onlineOnly, leaseUnits: input.leaseUnits });
    return input;
  },
} satisfies Partial<Handlers>;
