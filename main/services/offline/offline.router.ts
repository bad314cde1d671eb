/**
 * The offline boundary, in one place: a Router in front of the station's ordinary one.
 * Channels that can be answered alone go to the replica while the station is offline
 * (or still has facts waiting, so order is kept); a request that finds the venue
 * database gone (db_unavailable) is answered from the replica at once — that request is
 * how a stopped server is noticed within the request itself — unless the server is only
 * slow (its pool busy, its queries long: it still answers a new connection, venue-probe.ts):
 * then the request is refused, nothing written, and the desk retries online. A scan the
 * server may already have (another desk's, or this one's retry) is never answered offline
 * while the server is there. Answers from the replica carry `offline: true` on the Result
 * ("offline — will sync").
 */
import { err, isChannel, type Result } from '../../../contract/index';
import type { Caller, Router } from '../../core/router';
import { OFFLINE_READS, OFFLINE_WRITES, type OfflineSync } from './offline-sync';

export function offlineRouter(online: Router, sync: OfflineSync): Router {
  async function call(caller: Caller, channel: string, input: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel) || !(OFFLINE_READS.has(channel) || OFFLINE_WRITES.has(channel))) return online.call(caller, channel, input);
    if (!sync.useReplica()) {
      const giftId = channel === 'rally.gift.redeem' ? (input as { giftId?: unknown } | null)?.giftId : undefined;
      if (typeof giftId === 'string') await sync.leases.reserveMirror(giftId);
      const r = await online.call(caller, channel, input);
      // A gift handed out online may have come from this desk's lease: its replica mirror was lowered
      // before the call (reserveMirror) and follows the lease exactly after the commit.
      // db_unavailable means nothing was written: the reserved unit goes back before the replica answers.
      // Any other answer: the mirror follows the venue's lease; if that read fails, the unit stays
      // reserved (under-giving by one until renew(), never giving one twice).
      if (typeof giftId === 'string') {
        if (!r.ok && r.error.code === 'db_unavailable') await sync.leases.releaseMirror(giftId);
        else await sync.leases.remirror(sync.venueDb, giftId, true).catch(() => undefined);
      }
      if (r.ok || r.error.code !== 'db_unavailable') return r;
      // A full pool on a live server is not offline: refused, nothing written, the desk retries.
      if (await sync.venueAnswers()) return r;
      sync.markOffline(`${channel}: database unavailable`);
    }
    if (sync.replicaEmpty()) return err('db_unavailable', 'the venue database cannot be reached and this station has no replica yet');
    const r = await sync.replicaRouter.call(caller, channel, input);
    if (OFFLINE_WRITES.has(channel)) sync.factAdded();
    return r.ok ? ({ ...r, offline: true } as Result<unknown>) : r;
  }
  return { call, invoke: (caller, channel, input) => call(caller, channel, input) as never };
}
