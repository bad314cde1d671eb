/**
 * The quiz station: grading happens here (answers never reach a screen), and every
 * graded submission is an append-only attempt row numbered 1, 2, 3… per visitor and
 * event day. The unique (visitor, day, attempt) key caps the attempts: two quiz
 * stations racing for a visitor's last attempt insert the same number and the database
 * keeps one — on SQLite and on PostgreSQL. Staff can still grant the quiz stamp by
 * scanning at the quiz station's stamp screen; that path counts no attempt.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { QuizOutcome, QuizStartOutcome, VisitorSummary } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { RallyQuizAttemptsTable } from '../../../db/tables/rally.tables';
import type { HandlerCtx } from '../../core/router';
import { todayIn } from '../system/event.service';
import { admitBadge } from './badge.service';
import { readQuiz, readSettings } from './rally-config.service';
import { addStamp, myPoint, progressOf, type StationPoint } from './stamp.service';

type Db = Kysely<Database>;
type AttemptRow = Selectable<RallyQuizAttemptsTable>;

/** Attempts the visitor has used today (the highest number taken; numbers have no gaps). */
export async function attemptsToday(db: Db, code: string, day: string): Promise<number> {
  const r = await db
    .selectFrom('rally_quiz_attempts')
    .select((eb) => eb.fn.max('attempt').as('n'))
    .where('visitor_code', '=', code)
    .where('day', '=', day)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The quiz station, or why this station cannot run the quiz. */
async function quizPoint(ctx: HandlerCtx): Promise<StationPoint | null> {
  const mine = await myPoint(ctx);
  return 'status' in mine || mine.point.kind !== 'quiz' ? null : mine;
}

export async function startQuiz(ctx: HandlerCtx, input: { code: string }): Promise<QuizStartOutcome> {
  const mine = await quizPoint(ctx);
  if (!mine) return { status: 'not_quiz_station' };
  const settings = await readSettings(ctx.db);
  const today = await todayIn(ctx);
  const badge = await admitBadge(ctx.db, input.code, settings, today);
  if (badge.status !== 'ok') return badge;
  const { visitor } = badge;
  const progress = await progressOf(ctx.db, visitor.code, mine.points);
  if (progress.quizDone) return { status: 'quiz_done', visitor, progress };
  const limit = settings.quizAttemptsPerDay;
  const used = await attemptsToday(ctx.db, visitor.code, today);
  if (used >= limit) return { status: 'no_attempts_left', visitor, limit };
  return { status: 'ready', visitor, attemptsLeft: limit - used, limit };
}

/**
 * Takes the visitor's next attempt number for today, or null when the limit is reached.
 * A number another station took at the same moment is retried with the next one; the
 * loop ends because every turn either inserts or finds a higher number taken.
 */
async function takeAttempt(db: Db, row: Omit<AttemptRow, 'id' | 'attempt'>, limit: number): Promise<AttemptRow | 'same_nonce' | null> {
  for (;;) {
    const next = (await attemptsToday(db, row.visitor_code, row.day)) + 1;
    if (next > limit) return null;
    const full: AttemptRow = { ...row, id: randomUUID(), attempt: next };
    const ins = await db.insertInto('rally_quiz_attempts').values(full).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) > 0) return full;
    // The same submission arrived twice at once (a double tap racing itself).
    const twin = await db.selectFrom('rally_quiz_attempts').select('id').where('nonce', '=', row.nonce).executeTakeFirst();
    if (twin) return 'same_nonce';
  }
}

/** The answer for a graded attempt (also when its nonce is repeated). */
async function attemptOutcome(ctx: HandlerCtx, visitor: VisitorSummary, mine: StationPoint, a: AttemptRow, limit: number, nonce: string): Promise<QuizOutcome> {
  const score = { correct: a.correct, total: a.total, need: a.need };
  if (a.passed !== 1) return { status: 'failed', ...score, attemptsLeft: Math.max(0, limit - a.attempt) };
  return { status: 'passed', ...score, stamp: await addStamp(ctx, visitor, mine, 'quiz', nonce) };
}

/** Grades one submission (one of today's attempts); passing stamps this station's quiz point. */
export async function submitQuiz(ctx: HandlerCtx, input: { code: string; nonce: string; answers: number[] }): Promise<QuizOutcome> {
  const { db } = ctx;
  const mine = await quizPoint(ctx);
  if (!mine) return { status: 'not_quiz_station' };
  const settings = await readSettings(db);
  const today = await todayIn(ctx);
  const badge = await admitBadge(db, input.code, settings, today);
  if (badge.status !== 'ok') return badge;
  const { visitor } = badge;
  const limit = settings.quizAttemptsPerDay;

  const byNonce = async () => db.selectFrom('rally_quiz_attempts').selectAll().where('nonce', '=', input.nonce).executeTakeFirst();
  // A retry of a submission that was graded (double tap, or a lost answer): the same answer.
  const earlier = await byNonce();
  if (earlier && earlier.visitor_code === visitor.code) return attemptOutcome(ctx, visitor, mine, earlier, limit, input.nonce);

  const quiz = await readQuiz(db);
  const correct = quiz.filter((q, i) => input.answers[i] === q.answer).length;
  const need = Math.min(settings.quizPass, quiz.length);
  const taken = await takeAttempt(
    db,
    {
      visitor_code: visitor.code,
      day: today,
      correct,
      total: quiz.length,
      need,
      passed: correct >= need ? 1 : 0,
      station_id: ctx.station.id,
      station_name: ctx.station.name,
      // A nonce reused for another badge is a client bug; it must not cost this visitor an attempt.
      nonce: earlier ? `${input.nonce}:${randomUUID()}` : input.nonce,
      at: ctx.clock.now().toISOString(),
    },
    limit,
  );
  if (taken === null) return { status: 'no_attempts_left', limit };
  const attempt = taken === 'same_nonce' ? await byNonce() : taken;
  if (!attempt) throw new Error('quiz attempt neither inserted nor found');
  if (taken !== 'same_nonce') ctx.audit(visitor.code, { quiz: attempt.passed ? 'passed' : 'failed', correct, total: quiz.length, attempt: attempt.attempt });
  return attemptOutcome(ctx, visitor, mine, attempt, limit, input.nonce);
}
