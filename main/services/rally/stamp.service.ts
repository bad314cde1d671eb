/**
 * Stamps: one per visitor per point, append-only, nonce-idempotent; the unique key
 * (visitor, point) settles stations racing on one badge. The quiz (quiz.service.ts)
 * grants its stamp through the same path after grading on the station.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { RallyPoint, RallyProgress, StampOutcome, VisitorSummary } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { RallyStampsTable } from '../../../db/tables/rally.tables';
import type { HandlerCtx } from '../../core/router';
import { eventTimeZone, todayIn } from '../system/event.service';
import { isoDayIn, wallClockIn } from '../../core/clock';
import { admitBadge } from './badge.service';
import { readGifts, readPoints, readSettings, stationPoint } from './rally-config.service';
import { evaluateRule } from './rule';

type Db = Kysely<Database>;
type StampRow = Selectable<RallyStampsTable>;

const stampInfo = (r: Pick<StampRow, 'at' | 'station_name' | 'method'>) => ({ at: r.at, stationName: r.station_name, method: r.method as 'scan' | 'quiz' });

/** 'YYYY-MM-DD HH' in the event's time zone: the report's hour bucket. */
export function eventHour(at: Date, timeZone: string): string {
  const p = wallClockIn(timeZone, at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}`;
}

export async function visitorStamps(db: Db, code: string): Promise<StampRow[]> {
  return db.selectFrom('rally_stamps').selectAll().where('visitor_code', '=', code).execute();
}

/** The visitor's rally card: open points plus any closed point they were stamped at. */
export async function progressOf(db: Db, code: string, points?: RallyPoint[]): Promise<RallyProgress> {
  const [all, stamps, gifts] = await Promise.all([points ?? readPoints(db), visitorStamps(db, code), readGifts(db)]);
  const byPoint = new Map(stamps.map((s) => [s.point_id, s]));
  const shown = all.filter((p) => p.open || byPoint.has(p.id));
  const stamped = new Set(byPoint.keys());
  const halls = shown.filter((p) => p.kind === 'hall');
  return {
    points: shown.map((p) => {
      const s = byPoint.get(p.id);
      return { id: p.id, labelKo: p.labelKo, labelEn: p.labelEn, kind: p.kind, stamp: s ? stampInfo(s) : null };
    }),
    hallsDone: halls.filter((p) => stamped.has(p.id)).length,
    hallsTotal: halls.length,
    quizDone: shown.some((p) => p.kind === 'quiz' && stamped.has(p.id)),
    qualifiesFor: gifts.filter((g) => g.active && evaluateRule(g.rule, stamped).ok).map((g) => g.id),
  };
}

/** Adds one stamp for an admitted visitor. */
export async function addStamp(ctx: HandlerCtx, visitor: VisitorSummary, mine: StationPoint, method: 'scan' | 'quiz', nonce: string): Promise<StampOutcome> {
  const { db } = ctx;
  const { point } = mine;
  const code = visitor.code;
  const answer = async (status: 'stamped' | 'already_stamped', row: StampRow): Promise<StampOutcome> => {
    const progress = await progressOf(db, code, mine.points);
    return status === 'stamped'
      ? { status, pointId: point.id, stamp: stampInfo(row), visitor, progress }
      : { status, pointId: point.id, first: stampInfo(row), visitor, progress };
  };

  const byNonce = await db.selectFrom('rally_stamps').selectAll().where('nonce', '=', nonce).executeTakeFirst();
  // A retry of a scan that already succeeded: the same answer, nothing new.
  if (byNonce && byNonce.visitor_code === code && byNonce.point_id === point.id) return answer('stamped', byNonce);

  const first = await db.selectFrom('rally_stamps').selectAll().where('visitor_code', '=', code).where('point_id', '=', point.id).executeTakeFirst();
  if (first) return answer('already_stamped', first);

  const now = ctx.clock.now();
  // One read of the event's zone gives both the day and the report's hour bucket.
  const timeZone = await eventTimeZone(db);
  const row: StampRow = {
    id: randomUUID(),
    visitor_code: code,
    point_id: point.id,
    station_id: ctx.station.id,
    station_name: ctx.station.name,
    method,
    // A nonce reused for another badge is a client bug; it must not block this stamp.
    nonce: byNonce ? `${nonce}:${randomUUID()}` : nonce,
    at: now.toISOString(),
    day: isoDayIn(timeZone, now),
    hour: eventHour(now, timeZone),
  };
  const ins = await db.insertInto('rally_stamps').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Another station stamped this badge at the same moment; the database kept one.
    const winner = await db.selectFrom('rally_stamps').selectAll().where('visitor_code', '=', code).where('point_id', '=', point.id).executeTakeFirst();
    if (!winner) throw new Error('stamp neither inserted nor found');
    return answer(winner.nonce === nonce ? 'stamped' : 'already_stamped', winner);
  }
  ctx.audit(code, { point: point.id, method });
  ctx.emit({ type: 'rally.stamped', pointId: point.id, at: row.at });
  return answer('stamped', row);
}

export interface StationPoint {
  point: RallyPoint;
  /** Every point, read once per scan (the progress card needs them too). */
  points: RallyPoint[];
}

/** The point this station serves, or why it cannot stamp. */
export async function myPoint(ctx: HandlerCtx): Promise<StationPoint | { status: 'no_point' } | { status: 'point_closed'; pointId: string }> {
  const [id, points] = await Promise.all([stationPoint(ctx.db, ctx.station.id), readPoints(ctx.db)]);
  const point = points.find((p) => p.id === id);
  if (!point) return { status: 'no_point' };
  if (!point.open) return { status: 'point_closed', pointId: point.id };
  return { point, points };
}

export async function scanStamp(ctx: HandlerCtx, input: { code: string; nonce: string }): Promise<StampOutcome> {
  const mine = await myPoint(ctx);
  if ('status' in mine) return mine;
  const badge = await admitBadge(ctx.db, input.code, await readSettings(ctx.db), await todayIn(ctx));
  if (badge.status !== 'ok') return badge;
  return addStamp(ctx, badge.visitor, mine, 'scan', input.nonce);
}
