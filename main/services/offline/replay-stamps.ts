/**
 * Set-based replay of a run of offline stamps (`rally.stamp.scan`) with the rules of
 * stamp.service.ts's scanStamp: the station's point (myPoint, the service's own), the
 * badge admitted as admitBadge does (a known code; checked in on some day up to the fact's
 * day unless the rally allows otherwise), a repeated nonce answering its first stamp, one
 * stamp per visitor and point ("already stamped at T at S"). Decided for the whole run from
 * four reads, written with one multi-row insert (ON CONFLICT on visitor+point and the
 * nonce) and one audit insert, in outbox order: a badge scanned twice in the run is
 * stamped once, at the first scan.
 *
 * No lock: an online station stamping the same badge between the read and the insert
 * makes the insert come back short, and the run is replayed again (or fact by fact) —
 * FastReplayMiss, as for check-ins. The per-fact answer's progress card is not rebuilt:
 * the replay keeps only each fact's status.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PushEvent } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { RallyStampsTable } from '../../../db/tables/rally.tables';
import { isoDayIn } from '../../core/clock';
import { eventTimeZone } from '../system/event.service';
import { normalizeScannedCode } from '../checkin/scan-code';
import { eventHour, myPoint } from '../rally/stamp.service';
import { readSettings } from '../rally/rally-config.service';
import type { OutboxEntry } from './outbox.service';
import { auditRun, factDays, FastReplayMiss, routerWouldRun, type RunDeps, type RunOutcome, type SetReplayer } from './replay-run';

type StampRow = Selectable<RallyStampsTable>;

/**
 * admitBadge (badge.service.ts) for a whole run: each scanned code normalised as the desk
 * does, known, and — unless the rally allows otherwise — checked in on some day up to the
 * fact's own day (the visitor's first day in is enough).
 */
export async function admitBadgeRun(db: Kysely<Database>, raw: string[], days: string[]) {
  const codes = raw.map((c) => normalizeScannedCode(c));
  const known = [...new Set(codes.filter((c): c is string => c !== null))];
  const settings = await readSettings(db);
  const visitors = known.length ? await db.selectFrom('visitors').select('code').where('code', 'in', known).execute() : [];
  const isVisitor = new Set(visitors.map((v) => v.code));
  const firstIn = new Map<string, string>();
  if (settings.notCheckedIn !== 'allow' && known.length) {
    const rows = await db.selectFrom('checkins').select(['visitor_code', sql<string>`min(day)`.as('day')]).where('visitor_code', 'in', known).groupBy('visitor_code').execute();
    for (const r of rows) firstIn.set(r.visitor_code, r.day);
  }
  const admit = (i: number): 'ok' | 'unknown_code' | 'not_checked_in' => {
    const code = codes[i];
    if (!code || !isVisitor.has(code)) return 'unknown_code';
    if (settings.notCheckedIn !== 'allow' && !((firstIn.get(code) ?? '\uffff') <= days[i]!)) return 'not_checked_in';
    return 'ok';
  };
  return { codes, known, settings, admit };
}

async function replayStampRun(db: Kysely<Database>, facts: OutboxEntry[], d: RunDeps): Promise<{ outcomes: RunOutcome[]; events: PushEvent[] }> {
  const inputs = facts.map((f) => JSON.parse(f.input) as { code: string; nonce: string });
  const ats = facts.map((f) => new Date(f.at));
  // The point is the station's, the same for every fact of the run (the service's own question).
  const mine = await myPoint(d.ctxFor(db, ats[0]!));
  if ('status' in mine) {
    await auditRun(db, facts, d, () => null);
    return { outcomes: facts.map(() => ({ status: mine.status })), events: [] };
  }
  const point = mine.point.id;
  const zone = await eventTimeZone(db);
  const days = await factDays(db, facts, d.runtime);
  const { codes, known, admit } = await admitBadgeRun(db, inputs.map((i) => i.code), days);
  const nonces = inputs.map((i) => i.nonce);
  const prior = await db
    .selectFrom('rally_stamps')
    .selectAll()
    .where((eb) => eb.or([eb('nonce', 'in', nonces), ...(known.length ? [eb.and([eb('point_id', '=', point), eb('visitor_code', 'in', known)])] : [])]))
    .execute();
  const byNonce = new Map(prior.map((r) => [r.nonce, r]));
  const stamped = new Map<string, StampRow>(prior.filter((r) => r.point_id === point).map((r) => [r.visitor_code, r]));

  const outcomes: RunOutcome[] = [];
  const fresh: Array<{ i: number; row: StampRow }> = [];
  for (let i = 0; i < facts.length; i++) {
    const code = codes[i];
    const badge = admit(i);
    if (badge !== 'ok' || !code) {
      outcomes.push({ status: badge });
      continue;
    }
    const again = byNonce.get(nonces[i]!);
    if (again && again.visitor_code === code && again.point_id === point) {
      outcomes.push({ status: 'stamped' });
      continue;
    }
    const first = stamped.get(code);
    if (first) {
      outcomes.push({ status: 'already_stamped', first: { at: first.at, stationName: first.station_name } });
      continue;
    }
    const at = ats[i]!;
    const row: StampRow = {
      id: randomUUID(),
      visitor_code: code,
      point_id: point,
      station_id: d.station.id,
      station_name: d.station.name,
      method: 'scan',
      // A nonce reused for another badge is a client bug; it must not block this stamp.
      nonce: again ? `${nonces[i]!}:${randomUUID()}` : nonces[i]!,
      at: at.toISOString(),
      day: isoDayIn(zone, at),
      hour: eventHour(at, zone),
    };
    stamped.set(code, row);
    fresh.push({ i, row });
    outcomes.push({ status: 'stamped' });
  }

  const freshAt = new Map(fresh.map((f) => [f.i, f.row]));
  await auditRun(db, facts, d, (i) => {
    const row = freshAt.get(i);
    return row ? { entityId: row.visitor_code, detail: { point, method: 'scan' } } : null;
  });
  if (fresh.length === 0) return { outcomes, events: [] };
  const inserted = await db
    .insertInto('rally_stamps')
    .values(fresh.map((f) => f.row))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  // An online station stamped one of these badges between the read and the insert.
  if (inserted.length !== fresh.length) throw new FastReplayMiss(`${fresh.length - inserted.length} of ${fresh.length} stamps met a concurrent one`);
  return { outcomes, events: fresh.map((f) => ({ type: 'rally.stamped' as const, pointId: point, at: f.row.at })) };
}

export const stampReplayer: SetReplayer = {
  channel: 'rally.stamp.scan',
  replayable: (fact, station, runtime) => fact.channel === 'rally.stamp.scan' && routerWouldRun(fact, station, runtime),
  run: replayStampRun,
};
