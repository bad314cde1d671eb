/**
 * The rally's configuration: points, gifts (+ stock rows), quiz questions, settings and
 * which point each stamp station serves. Seeded with the sample expo's rally on first use.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  AppFailure,
  GiftRule,
  type GiftWithStock,
  type QuizQuestion,
  type RallyConfig,
  type RallyGift,
  type RallyPoint,
  type RallySettings,
  type RallySetup,
} from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { RallyGiftsTable, RallyPointsTable, RallyQuizQuestionsTable, RallySettingsTable } from '../../../db/tables/rally.tables';
import type { Runtime } from '../../core/runtime';
import { DEFAULT_QUIZ, DEFAULT_SETTINGS, defaultGifts, defaultPoints, hallPoints } from './rally-defaults';
import { getEvent } from '../system/event.service';
import type { Hall } from '../../../contract/index';
import { ruleReferences } from './rule';

type Db = Kysely<Database>;

export const pointRowToPoint = (r: Selectable<RallyPointsTable>): RallyPoint => ({
  id: r.id,
  labelKo: r.label_ko,
  labelEn: r.label_en,
  kind: r.kind as RallyPoint['kind'],
  open: r.open === 1,
  sort: r.sort,
});

export const giftRowToGift = (r: Selectable<RallyGiftsTable>): RallyGift => ({
  id: r.id,
  labelKo: r.label_ko,
  labelEn: r.label_en,
  rule: GiftRule.parse(JSON.parse(r.rule)),
  stock: r.stock,
  stockScope: r.stock_scope as RallyGift['stockScope'],
  perVisitor: r.per_visitor as RallyGift['perVisitor'],
  active: r.active === 1,
  sort: r.sort,
});

const questionRowToQuestion = (r: Selectable<RallyQuizQuestionsTable>): QuizQuestion => ({
  id: r.id,
  text: { ko: r.text_ko, en: r.text_en },
  choices: JSON.parse(r.choices),
  answer: r.answer,
});

const settingsRowToSettings = (r: Selectable<RallySettingsTable>): RallySettings => ({
  notCheckedIn: r.not_checked_in as RallySettings['notCheckedIn'],
  quizPass: r.quiz_pass,
  undoMinutes: r.undo_minutes,
  lowStockAt: r.low_stock_at,
  quizAttemptsPerDay: r.quiz_attempts_per_day,
});

/** The stock period a gift draws from today ('*' = one pool for the whole event). */
export const stockPeriodOf = (g: Pick<RallyGift, 'stockScope'>, today: string) => (g.stockScope === 'day' ? today : '*');
/** The period in which a visitor may receive a gift once. */
export const visitorPeriodOf = (g: Pick<RallyGift, 'perVisitor'>, today: string) => (g.perVisitor === 'day' ? today : '*');

// Stations (runtimes) known to have the setup row, so reads skip the check after the first.
const seeded = new WeakSet<Runtime>();

/**
 * The rally's sample setup (settings, a point per hall, the gifts, the quiz), once per
 * database: the settings row's insert settles races, so a second call changes nothing.
 * A fresh database has no halls until the organiser sets the fair up, and seeding then
 * would give gifts with the quiz alone; saving the event seeds once the halls are known.
 */
export async function seedRallyDefaults(db: Db): Promise<boolean> {
  const { halls } = await getEvent(db);
  if (halls.length === 0) return false;
  const seed = async (trx: Db) => {
    const r = await trx
      .insertInto('rally_settings')
      .values({
        id: 'rally',
        not_checked_in: DEFAULT_SETTINGS.notCheckedIn,
        quiz_pass: DEFAULT_SETTINGS.quizPass,
        undo_minutes: DEFAULT_SETTINGS.undoMinutes,
        low_stock_at: DEFAULT_SETTINGS.lowStockAt,
        quiz_attempts_per_day: DEFAULT_SETTINGS.quizAttemptsPerDay,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await upsertPoints(trx, defaultPoints(halls));
    await upsertGifts(trx, defaultGifts(halls));
    await replaceQuiz(trx, DEFAULT_QUIZ);
  };
  if (db.isTransaction) await seed(db);
  else await db.transaction().execute(seed);
  return true;
}

/** At station start: seeds the rally once the fair has halls (remembered per runtime). */
export async function ensureRallySetup(db: Db, runtime: Runtime): Promise<void> {
  if (seeded.has(runtime)) return;
  if (await seedRallyDefaults(db)) seeded.add(runtime);
}

export async function readSettings(db: Db): Promise<RallySettings> {
  const r = await db.selectFrom('rally_settings').selectAll().where('id', '=', 'rally').executeTakeFirst();
  return r ? settingsRowToSettings(r) : DEFAULT_SETTINGS;
}

export async function readPoints(db: Db): Promise<RallyPoint[]> {
  return (await db.selectFrom('rally_points').selectAll().orderBy('sort').orderBy('id').execute()).map(pointRowToPoint);
}

export async function readGifts(db: Db): Promise<RallyGift[]> {
  return (await db.selectFrom('rally_gifts').selectAll().orderBy('sort').orderBy('id').execute()).map(giftRowToGift);
}

export async function readQuiz(db: Db): Promise<QuizQuestion[]> {
  return (await db.selectFrom('rally_quiz_questions').selectAll().orderBy('sort').orderBy('id').execute()).map(questionRowToQuestion);
}

/** The one low-stock rule: the gift desk's strip and the console's warning both ask it. */
export const isLowStock = (remaining: number, settings: Pick<RallySettings, 'lowStockAt'>): boolean => remaining <= settings.lowStockAt;

/** Units left today for each gift (a period nobody has drawn from yet still has its full stock), and whether that is low. */
export async function giftsWithStock(db: Db, gifts: RallyGift[], today: string, settings: Pick<RallySettings, 'lowStockAt'>): Promise<GiftWithStock[]> {
  if (gifts.length === 0) return [];
  const rows = await db
    .selectFrom('rally_gift_stock')
    .selectAll()
    .where('period', 'in', ['*', today])
    .where(
      'gift_id',
      'in',
      gifts.map((g) => g.id),
    )
    .execute();
  return gifts.map((g) => {
    const row = rows.find((r) => r.gift_id === g.id && r.period === stockPeriodOf(g, today));
    const remaining = row ? row.remaining : g.stock;
    return { ...g, remaining, low: isLowStock(remaining, settings) };
  });
}

export async function stationPoint(db: Db, stationId: string): Promise<string | null> {
  const r = await db.selectFrom('rally_station_points').select('point_id').where('station_id', '=', stationId).executeTakeFirst();
  return r?.point_id ?? null;
}

export async function assignStationPoint(db: Db, stationId: string, pointId: string, now: string): Promise<void> {
  const p = await db.selectFrom('rally_points').select('id').where('id', '=', pointId).executeTakeFirst();
  if (!p) throw new AppFailure('not_found', `no rally point ${pointId}`);
  // Only a station this database knows (registered at its start): a typo would otherwise
  // leave an assignment no station ever reads.
  const st = await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst();
  if (!st) throw new AppFailure('not_found', `no station ${stationId.slice(0, 64)}`);
  await db
    .insertInto('rally_station_points')
    .values({ station_id: stationId, point_id: pointId, updated_at: now })
    .onConflict((oc) => oc.column('station_id').doUpdateSet({ point_id: pointId, updated_at: now }))
    .execute();
}

export async function readConfig(db: Db, stationId: string, today: string): Promise<RallyConfig> {
  const [points, gifts, quiz, settings, assignments] = await Promise.all([
    readPoints(db),
    readGifts(db),
    readQuiz(db),
    readSettings(db),
    db.selectFrom('rally_station_points').select(['station_id', 'point_id']).execute(),
  ]);
  return {
    points,
    gifts: await giftsWithStock(db, gifts, today, settings),
    quiz: quiz.map(({ answer: _answer, ...q }) => q),
    settings,
    stationPoint: assignments.find((a) => a.station_id === stationId)?.point_id ?? null,
    assignments: assignments.map((a) => ({ stationId: a.station_id, pointId: a.point_id })),
    today,
  };
}

export async function readSetup(db: Db): Promise<RallySetup> {
  const [points, gifts, quiz, settings] = await Promise.all([readPoints(db), readGifts(db), readQuiz(db), readSettings(db)]);
  return { points, gifts, quiz, settings };
}

/** A stamp point for each hall the event gained (existing points, and their edits, are kept). */
export async function addHallPoints(db: Db, halls: readonly Hall[]): Promise<void> {
  const have = await db.selectFrom('rally_points').select(['id', 'sort']).execute();
  // Only once the rally has been seeded: seeding itself reads the event's halls.
  if (!have.length) return;
  const ids = new Set(have.map((p) => p.id));
  const last = Math.max(0, ...have.map((p) => p.sort));
  const add = hallPoints(halls.filter((h) => !ids.has(h.id))).map((p, i) => ({ ...p, sort: last + i + 1 }));
  for (const p of add) {
    await db.insertInto('rally_points').values({ id: p.id, label_ko: p.labelKo, label_en: p.labelEn, kind: p.kind, open: 1, sort: p.sort }).onConflict((oc) => oc.doNothing()).execute();
  }
}

async function upsertPoints(db: Db, points: RallyPoint[]): Promise<void> {
  for (const p of points) {
    const v = { label_ko: p.labelKo, label_en: p.labelEn, kind: p.kind, open: p.open ? 1 : 0, sort: p.sort };
    await db.insertInto('rally_points').values({ id: p.id, ...v }).onConflict((oc) => oc.column('id').doUpdateSet(v)).execute();
  }
}

async function upsertGifts(db: Db, gifts: RallyGift[]): Promise<void> {
  for (const g of gifts) {
    const before = await db.selectFrom('rally_gifts').select(['stock', 'stock_scope']).where('id', '=', g.id).executeTakeFirst();
    const v = {
      label_ko: g.labelKo,
      label_en: g.labelEn,
      rule: JSON.stringify(g.rule),
      stock: g.stock,
      stock_scope: g.stockScope,
      per_visitor: g.perVisitor,
      active: g.active ? 1 : 0,
      sort: g.sort,
    };
    await db.insertInto('rally_gifts').values({ id: g.id, ...v }).onConflict((oc) => oc.column('id').doUpdateSet(v)).execute();
    if (before && before.stock_scope !== g.stockScope) {
      await rebuildPools(db, g);
      continue;
    }
    const delta = before ? g.stock - before.stock : 0;
    if (delta !== 0) {
      // More (or fewer) units delivered: every open pool moves by the difference, so
      // "stock − redeemed = remaining" keeps adding up. Never below zero.
      await db
        .updateTable('rally_gift_stock')
        .set({ remaining: sql<number>`case when remaining + ${delta} < 0 then 0 else remaining + ${delta} end` })
        .where('gift_id', '=', g.id)
        .execute();
    }
  }
}

/**
 * A gift's stock scope changed (per day ↔ whole event): its pools are rebuilt from the
 * units actually given, so "remaining = stock − given" holds in the new scope at once —
 * per day: each day that gave units gets stock − that day's redemptions (other days
 * start full); whole event: one pool of stock − every redemption so far. Never below
 * zero: a day that already gave more than the new event-wide stock has nothing left.
 * Runs after the gift's row was updated, so desks redeeming this gift wait for this
 * save (lockGiftForStock) and the count below includes every committed redemption.
 */
async function rebuildPools(db: Db, g: RallyGift): Promise<void> {
  const given = await db
    .selectFrom('rally_redemptions as r')
    .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
    .select(['r.day', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('r.gift_id', '=', g.id)
    .where('u.id', 'is', null)
    .groupBy('r.day')
    .execute();
  const byPeriod = new Map<string, number>();
  for (const r of given) {
    const period = stockPeriodOf(g, r.day);
    byPeriod.set(period, (byPeriod.get(period) ?? 0) + Number(r.n));
  }
  if (g.stockScope === 'event') byPeriod.set('*', byPeriod.get('*') ?? 0);
  await db.deleteFrom('rally_gift_stock').where('gift_id', '=', g.id).execute();
  for (const [period, n] of byPeriod) {
    await db.insertInto('rally_gift_stock').values({ gift_id: g.id, period, remaining: Math.max(0, g.stock - n) }).execute();
  }
}

/**
 * Takes the gift's row lock before a desk touches its stock: a setup save updates the
 * same row, so a redemption or undo waits for a save that changes the gift's scope or
 * stock (and vice versa), and the scope read after this is the committed one. Without
 * it, a desk that read the old scope could open a fresh pool of the old kind after the
 * save rebuilt them, and hand out units beyond stock. (SQLite runs one writer at a time.)
 */
export async function lockGiftForStock(db: Db, giftId: string): Promise<RallyGift | undefined> {
  await db
    .updateTable('rally_gifts')
    .set((eb) => ({ sort: eb.ref('sort') }))
    .where('id', '=', giftId)
    .execute();
  const r = await db.selectFrom('rally_gifts').selectAll().where('id', '=', giftId).executeTakeFirst();
  return r ? giftRowToGift(r) : undefined;
}

async function replaceQuiz(db: Db, quiz: QuizQuestion[]): Promise<void> {
  await db.deleteFrom('rally_quiz_questions').execute();
  for (const [i, q] of quiz.entries()) {
    await db
      .insertInto('rally_quiz_questions')
      .values({ id: q.id, sort: i + 1, text_ko: q.text.ko, text_en: q.text.en, choices: JSON.stringify(q.choices), answer: q.answer })
      .execute();
  }
}

/**
 * Saves the admin screen's setup. Points and gifts are never deleted (stamps and
 * redemptions refer to them): one left out of the list is closed / deactivated.
 */
export async function saveSetup(db: Db, setup: RallySetup): Promise<void> {
  const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
  const dup = (xs: string[]) => xs.find((x, i) => xs.indexOf(x) !== i);
  const dupId = dup(ids(setup.points)) ?? dup(ids(setup.gifts)) ?? dup(ids(setup.quiz));
  if (dupId) throw new AppFailure('invalid_input', `duplicate id ${dupId}`, { reason: 'duplicate_id', id: dupId });

  const existing = await readPoints(db);
  const known = new Set([...ids(existing), ...ids(setup.points)]);
  for (const g of setup.gifts) {
    const unknown = ruleReferences(g.rule).find((id) => !known.has(id));
    if (unknown) throw new AppFailure('invalid_input', `gift ${g.id} names unknown point ${unknown}`, { reason: 'unknown_point', id: unknown });
    // No condition means every visitor qualifies: saved only when the rule says so.
    if (ruleReferences(g.rule).length === 0 && !g.rule.everyone) throw new AppFailure('invalid_input', `gift ${g.id} has an empty rule`, { reason: 'empty_rule', id: g.id });
  }
  for (const q of setup.quiz) {
    if (q.answer >= q.choices.length) throw new AppFailure('invalid_input', `question ${q.id}: answer out of range`, { reason: 'bad_answer', id: q.id });
  }
  if (setup.quiz.length > 0 && setup.settings.quizPass > setup.quiz.length) {
    throw new AppFailure('invalid_input', 'quiz pass mark above the number of questions', { reason: 'pass_mark' });
  }

  const keptPoints = new Set(ids(setup.points));
  await upsertPoints(db, [...setup.points, ...existing.filter((p) => !keptPoints.has(p.id)).map((p) => ({ ...p, open: false }))]);
  const keptGifts = new Set(ids(setup.gifts));
  const retired = (await readGifts(db)).filter((g) => !keptGifts.has(g.id)).map((g) => ({ ...g, active: false }));
  await upsertGifts(db, [...setup.gifts, ...retired]);
  await replaceQuiz(db, setup.quiz);
  const s = setup.settings;
  await db
    .updateTable('rally_settings')
    .set({ not_checked_in: s.notCheckedIn, quiz_pass: s.quizPass, undo_minutes: s.undoMinutes, low_stock_at: s.lowStockAt, quiz_attempts_per_day: s.quizAttemptsPerDay })
    .where('id', '=', 'rally')
    .execute();
}
