/**
 * Set-based replay of a run of offline desk check-ins (`checkin.scan`): the same rules as
 * checkin.service.ts — a repeated nonce answers its first result, a visitor already in
 * that day is "already in at T at S", refuse-policy and not-registered-today visitors are
 * not let in — decided for the whole run from a handful of statements instead of ~8 round
 * trips per fact: one read of the visitors, one of the check-ins the run could meet, one
 * multi-row insert (ON CONFLICT on the day and the nonce), one tally upsert, one audit
 * insert. Facts are decided in outbox order, so a visitor scanned twice in the run is in
 * once, at the first scan.
 *
 * It holds no lock: an online desk may check the same visitor in between the read and the
 * insert. Then that row is not inserted, and the caller rolls the run back (a savepoint)
 * and replays it fact by fact through the router, which settles such races as today.
 * Anything unusual (an input that does not parse, an override, a station the router
 * refuses) is left to the per-fact path by not being part of a run (`fastReplayable`).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { contract, type CheckinInfo, type Counters, type PushEvent } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx } from '../../core/router';
import type { Runtime } from '../../core/runtime';
import { getEvent, todayIn } from '../system/event.service';
import { readCounters } from '../checkin/counters.service';
import { validOn } from '../checkin/validity';
import { normalizeScannedCode } from '../checkin/scan-code';
import { readPrivacySettings } from '../privacy/privacy-settings.service';
import { checkinRowToInfo, visitorRowToSummary } from '../visitors/visitor.mapper';
import { autoPrintAfterCheckin } from '../printing/printing.api';
import type { StationIdentity } from '../../core/router';
import type { OutboxEntry } from './outbox.service';

export const FAST_CHANNEL = 'checkin.scan';

/** The outcome of one fact, as the router would have answered it (status and, when already in, the first check-in). */
export interface FastOutcome {
  status: 'checked_in' | 'already_checked_in' | 'unknown_code' | 'not_registered_today' | 'no_consent';
  first?: CheckinInfo;
}

/** The run could not be settled set-based (a race with an online desk): replay it fact by fact. */
export class FastReplayMiss extends Error {}

/** May this fact go through the set-based path? (anything else takes the router, fact by fact) */
export function fastReplayable(fact: OutboxEntry, station: StationIdentity, runtime: Runtime): boolean {
  if (fact.channel !== FAST_CHANNEL) return false;
  if (runtime.access?.refusal(FAST_CHANNEL, Date.parse(fact.at))) return false;
  return contract[FAST_CHANNEL].input.safeParse(JSON.parse(fact.input)).success && contract[FAST_CHANNEL].roles.includes(station.role);
}

type CheckinRow = { id: string; visitor_code: string; day: string; station_id: string; station_name: string; method: CheckinInfo['method']; nonce: string; reason: string | null; at: string };

export interface FastDeps {
  station: StationIdentity;
  runtime: Runtime;
  /** For auto-print (a station that prints on check-in queues the badge as the router's path does). */
  ctxFor(db: Kysely<Database>, at: Date): HandlerCtx;
}

/**
 * Replays `facts` (all fastReplayable, in outbox order) in `db` (the batch's transaction,
 * inside a savepoint the caller rolls back on a throw). Returns each fact's outcome in
 * order, and the events to publish after the commit. Throws FastReplayMiss on a race.
 */
export async function replayCheckinRun(db: Kysely<Database>, facts: OutboxEntry[], d: FastDeps): Promise<{ outcomes: FastOutcome[]; events: PushEvent[] }> {
  const inputs = facts.map((f) => contract[FAST_CHANNEL].input.parse(JSON.parse(f.input)));
  const codes = inputs.map((i) => normalizeScannedCode(i.code));
  const ats = facts.map((f) => new Date(f.at));
  const days: string[] = [];
  for (const at of ats) days.push(await todayIn({ db, clock: { now: () => at }, runtime: d.runtime }));
  const known = [...new Set(codes.filter((c): c is string => c !== null))];
  const nonces = inputs.map((i) => i.nonce);

  const visitors = known.length ? await db.selectFrom('visitors').selectAll().where('code', 'in', known).execute() : [];
  const byCode = new Map(visitors.map((v) => [v.code, v]));
  const uniqDays = [...new Set(days)];
  const prior = await db
    .selectFrom('checkins')
    .selectAll()
    .where((eb) => eb.or([eb('nonce', 'in', nonces), ...(known.length ? [eb.and([eb('visitor_code', 'in', known), eb('day', 'in', uniqDays)])] : [])]))
    .execute();
  const priorByNonce = new Map(prior.map((r) => [r.nonce, r]));
  const inOnDay = new Map(prior.map((r) => [`${r.visitor_code}\u0000${r.day}`, r as CheckinRow]));
  // Read once per run, only when some visitor needs them (as the per-fact path reads them only then).
  let privacy: Awaited<ReturnType<typeof readPrivacySettings>> | null = null;
  let event: Awaited<ReturnType<typeof getEvent>> | null = null;

  const outcomes: FastOutcome[] = [];
  const fresh: Array<{ i: number; row: CheckinRow; noConsent: string | null }> = [];
  for (let i = 0; i < facts.length; i++) {
    const code = codes[i];
    const v = code ? byCode.get(code) : undefined;
    if (!code || !v) {
      outcomes.push({ status: 'unknown_code' });
      continue;
    }
    const day = days[i]!;
    const nonce = nonces[i]!;
    const policy = v.consent !== 0 ? null : (privacy ??= await readPrivacySettings(db)).noConsent;
    const byNonce = priorByNonce.get(nonce);
    if (byNonce && byNonce.visitor_code === code) {
      outcomes.push({ status: 'checked_in' });
      continue;
    }
    const first = inOnDay.get(`${code}\u0000${day}`);
    if (first) {
      outcomes.push({ status: 'already_checked_in', first: checkinRowToInfo(first) });
      continue;
    }
    if (policy === 'refuse') {
      outcomes.push({ status: 'no_consent' });
      continue;
    }
    const summary = visitorRowToSummary(v);
    if (!summary.registeredDays.includes(day) && !validOn(summary, day, (event ??= await getEvent(db)))) {
      outcomes.push({ status: 'not_registered_today' });
      continue;
    }
    const row: CheckinRow = {
      id: randomUUID(),
      visitor_code: code,
      day,
      station_id: d.station.id,
      station_name: d.station.name,
      method: inputs[i]!.method,
      nonce: byNonce ? `${nonce}:${randomUUID()}` : nonce,
      reason: null,
      at: ats[i]!.toISOString(),
    };
    inOnDay.set(`${code}\u0000${day}`, row);
    fresh.push({ i, row, noConsent: policy });
    outcomes.push({ status: 'checked_in' });
  }

  // The audit row the router writes for every write it runs — at the fact's time, by
  // whoever was signed in then; naming the visitor only for a new check-in, as checkIn does.
  const freshAt = new Map(fresh.map((f) => [f.i, f]));
  await db
    .insertInto('audit_log')
    .values(
      facts.map((fact, i) => {
        const f = freshAt.get(i);
        return {
          id: randomUUID(),
          at: ats[i]!.toISOString(),
          station_id: d.station.id,
          channel: FAST_CHANNEL,
          entity_id: f ? f.row.visitor_code : null,
          detail: f ? JSON.stringify({ method: f.row.method, day: f.row.day, ...(f.noConsent ? { noConsent: f.noConsent } : {}) }) : null,
          operator_id: d.runtime.access?.current(ats[i]!.getTime())?.id ?? null,
        };
      }),
    )
    .execute();
  const events: PushEvent[] = [];
  if (fresh.length === 0) return { outcomes, events };
  const inserted = await db
    .insertInto('checkins')
    .values(fresh.map((f) => f.row))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  // An online desk got there between the read and the insert: settle the run the slow way.
  if (inserted.length !== fresh.length) throw new FastReplayMiss(`${fresh.length - inserted.length} of ${fresh.length} check-ins met a concurrent one`);

  // (The day's running counts follow the insert: migration 0025's trigger.)
  const freshDays = new Set(fresh.map((f) => f.row.day));
  // A station that prints on check-in queues each new check-in's badge, as the router's path does.
  for (const f of fresh) {
    if (f.noConsent === 'admit_no_print') continue;
    await autoPrintAfterCheckin(d.ctxFor(db, ats[f.i]!), f.row.visitor_code, nonces[f.i]!);
  }
  const counters = new Map<string, Counters>();
  const lastMs = ats[ats.length - 1]!.getTime();
  for (const day of freshDays) counters.set(day, await readCounters(db, d.runtime.registeredCount, day, lastMs));
  for (const f of fresh) events.push({ type: 'checkin.recorded', code: f.row.visitor_code, checkin: checkinRowToInfo(f.row), counters: counters.get(f.row.day)! });
  return { outcomes, events };
}
