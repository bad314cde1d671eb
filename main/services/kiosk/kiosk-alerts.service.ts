/**
 * A kiosk alert is one alert for the whole venue, taken once (issue 17). Alerts are raised
 * in many places (identify, confirm, staff PIN, rally progress), some of them in a
 * transaction that is refused afterwards and some published at once; so the record of an
 * alert is written where every alert passes: the bus, as it is published. Only the station
 * process that published it writes it (subscribeOwn: not the copies a venue's bridge
 * delivers), and the alert's id is the row's key, so one alert is never written twice.
 * Printer alerts (a printer gone offline, a job failed) take the same path: one store keyed
 * by kind (ALERT_KINDS), one ack, one lock. Both the alert and its acknowledgement live in the audit log (channel
 * 'kiosk.alert' and the ack channel, entity = the alert's id): no new table, and the audit
 * viewer shows who called for staff and who took it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { KIOSK_ALERTS, PrintFailure, type KioskAlertReason, type OpenAlert, type PushEvent } from '../../../contract/index';
import type { EventBus } from '../../core/bus';
import type { HandlerCtx } from '../../core/router';
import type { Logger } from '../../core/logger';
import { AppFailure } from '../../../contract/result';

/** The audit row's channel for a raised alert (an event, not a router channel). */
export const ALERT_RAISED = 'kiosk.alert';
/** A printer that went offline or a print job that failed: the same store, another kind. */
export const PRINTER_ALERT_RAISED = 'printer.alert';
const ACK = 'kiosk.alert.ack';

interface AlertRecord {
  id: string;
  at: string;
  stationId: string;
  channel: string;
  detail: Record<string, unknown>;
}

/**
 * Which published events are alerts, keyed by event type: each gives the row that records it
 * (or null when this event is not an alert, e.g. a printer coming back). Every kind is taken
 * with the same ack (kiosk.alert.ack, by id) and the same lock.
 */
const ALERT_KINDS: { [T in PushEvent['type']]?: (ev: Extract<PushEvent, { type: T }>) => AlertRecord | null } = {
  'kiosk.alert': (ev) => ({ id: ev.id, at: ev.at, stationId: ev.stationId, channel: ALERT_RAISED, detail: { reason: ev.reason, stationName: ev.stationName } }),
  'printing.printer': (ev) =>
    ev.alertId && ev.stationId && !ev.online
      ? { id: ev.alertId, at: ev.at ?? new Date().toISOString(), stationId: ev.stationId, channel: PRINTER_ALERT_RAISED, detail: { printerId: ev.printerId, printerName: ev.printerName, reason: ev.reason ?? 'printer_offline' } }
      : null,
  // A job's error only (no visitor code: the audit row outlives the purge of personal data).
  'printing.job': (ev) =>
    ev.alertId && ev.state === 'failed'
      ? { id: ev.alertId, at: ev.at ?? new Date().toISOString(), stationId: ev.stationId, channel: PRINTER_ALERT_RAISED, detail: { printerId: ev.printerId, printerName: ev.printerName, reason: ev.error ?? 'render_failed', jobId: ev.jobId } }
      : null,
};

function alertRecord(ev: PushEvent): AlertRecord | null {
  const kind = ALERT_KINDS[ev.type] as ((e: PushEvent) => AlertRecord | null) | undefined;
  return kind ? kind(ev) : null;
}

/** Writes this station's alerts (kiosk and printer) to the audit log as they are published. Returns the unsubscribe. */
export function recordKioskAlerts(db: Kysely<Database>, bus: EventBus, log: Logger): () => void {
  return bus.subscribeOwn((ev) => {
    const r = alertRecord(ev);
    if (!r) return;
    db.insertInto('audit_log')
      .values({ id: r.id, at: r.at, station_id: r.stationId, channel: r.channel, entity_id: r.id, detail: JSON.stringify(r.detail), operator_id: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
      .catch((e: unknown) => log.warn('alert not recorded', { kind: r.channel, error: String((e as Error)?.message ?? e) }));
  });
}

/**
 * The ack handler's check, in its write transaction: a second console taking the same alert
 * is told it was already taken (and by which station). On PostgreSQL two consoles pressing at
 * the same moment are serialised by an advisory lock on the alert's id.
 */
export async function mustBeOpen(ctx: Pick<HandlerCtx, 'db' | 'ops'>, id: string): Promise<void> {
  if (ctx.ops.kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`fairdesk.alert:${id}`}))`.execute(ctx.db);
  const prior = await ctx.db.selectFrom('audit_log as a').leftJoin('stations as s', 's.id', 'a.station_id').select(['a.at', 's.name']).where('a.channel', '=', ACK).where('a.entity_id', '=', id).executeTakeFirst();
  if (prior) throw new AppFailure('already_acknowledged', `alert already acknowledged by ${prior.name ?? 'another console'}`, { by: prior.name ?? null, at: prior.at });
}

/**
 * Alerts (kiosk and printer) raised since `since` that no console has taken, newest first:
 * the dashboard's panel and a console opened after they were raised read the one store.
 */
export async function openAlerts(db: Kysely<Database>, since: string): Promise<OpenAlert[]> {
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('stations as s', 's.id', 'a.station_id')
    .select(['a.entity_id', 'a.station_id', 'a.channel', 'a.at', 'a.detail', 's.name as station_name'])
    .where('a.channel', 'in', [ALERT_RAISED, PRINTER_ALERT_RAISED])
    .where('a.at', '>=', since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_log as k').select('k.id').where('k.channel', '=', ACK).whereRef('k.entity_id', '=', 'a.entity_id'))))
    .orderBy('a.at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r): OpenAlert => {
    const d = JSON.parse(r.detail ?? '{}') as { reason?: string; stationName?: string; printerName?: string; jobId?: string };
    const base = { id: r.entity_id!, stationId: r.station_id, stationName: d.stationName ?? r.station_name ?? r.station_id.slice(0, 8), at: r.at };
    if (r.channel === PRINTER_ALERT_RAISED) {
      const reason = PrintFailure.safeParse(d.reason);
      return { ...base, kind: 'printer', printerName: d.printerName ?? '', reason: reason.success ? reason.data : d.jobId ? 'render_failed' : 'printer_offline', jobId: d.jobId ?? null };
    }
    return { ...base, kind: 'kiosk', reason: (KIOSK_ALERTS as readonly string[]).includes(d.reason ?? '') ? (d.reason as KioskAlertReason) : 'sent_to_staff' };
  });
}
