/**
 * Set-based replay of a run of offline check-ins — desk scans (`checkin.scan`) and kiosk
 * confirms (`kiosk.confirm`, the code its ticket stood for kept beside the offline
 * answer) — with the same rules as checkin.service.ts: a repeated nonce answers its first
 * result, a visitor already in that day is "already in at T at S", refuse-policy and
 * not-registered-today visitors are not let in. Decided for the whole run from a handful
 * of statements instead of ~8 round trips per fact: one read of the visitors, one of the
 * check-ins the run could meet, one multi-row insert (ON CONFLICT on the day and the
 * nonce), one audit insert. Facts are decided in outbox order, so a visitor scanned twice
 * in the run is in once, at the first scan.
 *
 * It holds no lock: an online desk may check the same visitor in between the read and the
 * insert. Then that row is not inserted, and the caller rolls the run back (a savepoint)
 * and replays it again, or fact by fact through the router, which settles such races as
 * today. Anything unusual (an input that does not parse, an override, a station the
 * router refuses) is left to the per-fact path by not being part of a run (`replayable`).
 * The kiosk's replay prints nothing (handler-wraps.ts: the visitor was sent to staff for
 * the badge then) and answers in the kiosk's words.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { contract, type CheckinInfo, type Counters, type PushEvent } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { getEvent } from '../system/event.service';
import { readCounters } from '../checkin/counters.service';
import { validOn } from '../checkin/validity';
import { normalizeScannedCode } from '../checkin/scan-code';
import { readPrivacySettings } from '../privacy/privacy-settings.service';
import { checkinRowToInfo, visitorRowToSummary } from '../visitors/visitor.mapper';
import { autoPrintAfterCheckin } from '../printing/printing.api';
import type { OutboxEntry } from './outbox.service';
import { auditRun, factDays, FastReplayMiss, routerWouldRun, type RunDeps, type RunOutcome, type SetReplayer } from './replay-run';

/** The outcome of one check-in fact, as checkIn would have answered it. */
export interface FastOutcome {
  status: 'checked_in' | 'already_checked_in' | 'unknown_code' | 'not_registered_today' | 'no_consent';
  first?: CheckinInfo;
}

/** How one channel's facts become check-ins. */
interface CheckinKind {
  code(fact: OutboxEntry, input: { code?: string }): string | null;
  method(input: { method?: 'scan' | 'search' }): CheckinInfo['method'];
  /** Queue the badge on the station's printer, as the channel's handler does. */
  print: boolean;
}

type CheckinRow = { id: string; visitor_code: string; day: string; station_id: string; station_name: string; method: CheckinInfo['method']; nonce: string; reason: string | null; at: string };

/** Replays a run of one kind's facts (see SetReplayer.run). */
async function replayCheckinRun(db: Kysely<Database>, facts: OutboxEntry[], d: RunDeps, kind: CheckinKind): Promise<{ outcomes: FastOutcome[]; events: PushEvent[] }> {
  const inputs = facts.map((f) => JSON.parse(f.input) as { code?: string; nonce: string; method?: 'scan' | 'search' });
  const codes = facts.map((f, i) => {
    const raw = kind.code(f, inputs[i]!);
    return raw === null ? null : normalizeScannedCode(raw);
  });
  const ats = facts.map((f) => new Date(f.at));
  const days = await factDays(db, facts, d.runtime);
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
      method: kind.method(inputs[i]!),
      nonce: byNonce ? `${nonce}:${randomUUID()}` : nonce,
      reason: null,
      at: ats[i]!.toISOString(),
    };
    inOnDay.set(`${code}\u0000${day}`, row);
    fresh.push({ i, row, noConsent: policy });
    outcomes.push({ status: 'checked_in' });
  }

  // The audit row the router writes for every write it runs; naming the visitor only for a new check-in, as checkIn does.
  const freshAt = new Map(fresh.map((f) => [f.i, f]));
  await auditRun(db, facts, d, (i) => {
    const f = freshAt.get(i);
    return f ? { entityId: f.row.visitor_code, detail: { method: f.row.method, day: f.row.day, ...(f.noConsent ? { noConsent: f.noConsent } : {}) } } : null;
  });
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
  for (const f of kind.print ? fresh : []) {
    if (f.noConsent === 'admit_no_print') continue;
    await autoPrintAfterCheckin(d.ctxFor(db, ats[f.i]!), f.row.visitor_code, nonces[f.i]!);
  }
  const counters = new Map<string, Counters>();
  const lastMs = ats[ats.length - 1]!.getTime();
  for (const day of freshDays) counters.set(day, await readCounters(db, d.runtime.registeredCount, day, lastMs));
  for (const f of fresh) events.push({ type: 'checkin.recorded', code: f.row.visitor_code, checkin: checkinRowToInfo(f.row), counters: counters.get(f.row.day)! });
  return { outcomes, events };
}

const parses = (ch: 'checkin.scan' | 'kiosk.confirm', fact: OutboxEntry) => contract[ch].input.safeParse(JSON.parse(fact.input)).success;

/** Desk scans: the scanned code, the desk's method, the badge printed as the desk's handler does. */
export const checkinScanReplayer: SetReplayer = {
  channel: 'checkin.scan',
  replayable: (fact, station, runtime) => fact.channel === 'checkin.scan' && routerWouldRun(fact, station, runtime),
  run: (db, facts, d) => replayCheckinRun(db, facts, d, { code: (_, i) => i.code ?? null, method: (i) => i.method ?? 'scan', print: true }),
};

/** The code a kiosk's offline confirm stood for (its ticket lived in the station's memory only). */
const kioskCode = (fact: OutboxEntry): string | null => {
  const code = (JSON.parse(fact.offline_value) as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
};

/** checkIn's outcome in the kiosk's words (handler-wraps.ts's replayed `kiosk.confirm`). */
function kioskOutcome(o: FastOutcome): RunOutcome {
  switch (o.status) {
    case 'checked_in':
    case 'already_checked_in':
    case 'not_registered_today':
      return { status: o.status };
    default:
      return { status: 'expired' };
  }
}

/** Kiosk confirms: the kept code, method 'kiosk', nothing printed. A confirm without its code stays per fact ('expired' there). */
export const kioskConfirmReplayer: SetReplayer = {
  channel: 'kiosk.confirm',
  replayable: (fact, station, runtime) => fact.channel === 'kiosk.confirm' && kioskCode(fact) !== null && parses('kiosk.confirm', fact) && routerWouldRun(fact, station, runtime),
  run: async (db, facts, d) => {
    const r = await replayCheckinRun(db, facts, d, { code: kioskCode, method: () => 'kiosk', print: false });
    return { outcomes: r.outcomes.map(kioskOutcome), events: r.events };
  },
};
