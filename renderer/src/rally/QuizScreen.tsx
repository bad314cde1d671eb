import { useEffect, useRef, useState } from 'react';
import type { AppError, QuizOutcome, QuizStartOutcome, RallyConfig, VisitorSummary } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { ProgressCard, useKeepFocus, useLabels, useRallyConfig } from './rally-common';

type Stage =
  | { kind: 'scan'; refusal?: Exclude<QuizStartOutcome, { status: 'ready' | 'quiz_done' }> | { status: 'error'; error: AppError } }
  | { kind: 'question'; code: string; visitor: VisitorSummary; answers: number[]; attemptsLeft: number }
  | { kind: 'result'; outcome: QuizOutcome | { status: 'error'; error: AppError }; code: string; visitor: VisitorSummary }
  | { kind: 'done_already'; progress: Extract<QuizStartOutcome, { status: 'quiz_done' }> };

/** After this long without a touch, the kiosk goes back to "scan your badge". */
const IDLE_MS = 60_000;

/**
 * The quiz kiosk at the quiz point's stamp station: the visitor scans their badge, answers
 * with big buttons in Korean or English, and the station grades (answers never reach this
 * screen). Each graded submission is one of the visitor's attempts for the day (a
 * setting); when they are used up the screen sends the visitor to staff, who can still
 * grant the stamp by scanning on the stamp screen of the same station.
 */
export function QuizScreen() {
  const { cfg, error } = useRallyConfig();
  const { t, lang, setLang, errorText } = useI18n();
  const [stage, setStage] = useState<Stage>({ kind: 'scan' });

  useEffect(() => {
    if (stage.kind === 'scan' && !stage.refusal) return;
    const h = setTimeout(() => setStage({ kind: 'scan' }), IDLE_MS);
    return () => clearTimeout(h);
  }, [stage]);

  return (
    <main className={`rally-quiz lang-${lang}`} data-testid="quiz-screen">
      <header className="rally-quiz-top">
        <h1>
          {t('rally.quiz.title')}
        </h1>
        <div className="spacer" />
        <button className="lang" onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')} data-testid="quiz-lang">
          {lang === 'ko' ? 'English' : '한국어'}
        </button>
        <a className="staff" href="#/stamp">
          {t('rally.quiz.staff')}
        </a>
      </header>
      {!cfg ? (
        <div className="rally-quiz-body">{error ? errorText(error) : '…'}</div>
      ) : cfg.stationPoint === null || cfg.points.find((p) => p.id === cfg.stationPoint)?.kind !== 'quiz' ? (
        <div className="rally-quiz-body">
          <div className="outcome error" data-testid="quiz-not-station">
            <h2>{t('rally.quiz.not_quiz_station')}</h2>
          </div>
        </div>
      ) : (
        <QuizFlow cfg={cfg} stage={stage} setStage={setStage} />
      )}
    </main>
  );
}

function QuizFlow({ cfg, stage, setStage }: { cfg: RallyConfig; stage: Stage; setStage: (s: Stage) => void }) {
  const { t, lang, errorText } = useI18n();
  const { bi } = useLabels();
  const [scan, setScan] = useState('');
  const guard = useBusyGuard();
  const scanRef = useRef<HTMLInputElement>(null);
  useKeepFocus(scanRef, stage.kind === 'scan');
  const text = (b: { ko: string; en: string }) => (lang === 'ko' ? b.ko : b.en);
  const otherText = (b: { ko: string; en: string }) => (lang === 'ko' ? b.en : b.ko);

  async function start() {
    if (!scan.trim()) return;
    await guard(async () => {
      try {
        const r = await call('rally.quiz.start', { code: scan });
        if (!r.ok) setStage({ kind: 'scan', refusal: { status: 'error', error: r.error } });
        else if (r.value.status === 'quiz_done') setStage({ kind: 'done_already', progress: r.value });
        else if (r.value.status === 'ready') setStage({ kind: 'question', code: r.value.visitor.code, visitor: r.value.visitor, answers: [], attemptsLeft: r.value.attemptsLeft });
        else setStage({ kind: 'scan', refusal: r.value });
      } finally {
        setScan('');
      }
    });
  }

  async function answer(code: string, visitor: VisitorSummary, answers: number[], attemptsLeft: number) {
    if (answers.length < cfg.quiz.length) return setStage({ kind: 'question', code, visitor, answers, attemptsLeft });
    await guard(async () => {
      const r = await call('rally.quiz.submit', { code, nonce: nonce(), answers });
      setStage({ kind: 'result', code, visitor, outcome: r.ok ? r.value : { status: 'error', error: r.error } });
    });
  }

  switch (stage.kind) {
    case 'scan':
      return (
        <div className="rally-quiz-body">
          <form
            className="panel scan rally-quiz-scan"
            onSubmit={(e) => {
              e.preventDefault();
              void start();
            }}
          >
            <label htmlFor="quiz-scan">{bi('rally.quiz.start')}</label>
            <input id="quiz-scan" ref={scanRef} data-testid="scan-input" value={scan} maxLength={200} autoComplete="off" spellCheck={false} onChange={(e) => setScan(e.target.value)} />
          </form>
          {stage.refusal && (
            <div className="outcome unknown_code" data-testid="outcome" data-status={stage.refusal.status} role="alert">
              <h2>
                {stage.refusal.status === 'unknown_code'
                  ? bi('rally.unknown_code')
                  : stage.refusal.status === 'not_checked_in'
                    ? bi('rally.not_checked_in')
                    : stage.refusal.status === 'no_attempts_left'
                      ? bi('rally.quiz.noAttempts', { limit: stage.refusal.limit })
                      : stage.refusal.status === 'not_quiz_station'
                        ? t('rally.quiz.not_quiz_station')
                        : errorText(stage.refusal.error)}
              </h2>
              {stage.refusal.status === 'not_checked_in' && <div>{bi('rally.not_checked_in.detail')}</div>}
              {stage.refusal.status === 'no_attempts_left' && <div className="rally-quiz-staff">{bi('rally.quiz.noAttempts.staff')}</div>}
            </div>
          )}
        </div>
      );
    case 'done_already':
      return (
        <div className="rally-quiz-body">
          <div className="outcome already_checked_in" data-testid="outcome" data-status="quiz_done_already">
            <h2>{bi('rally.quiz.alreadyDone')}</h2>
            <div className="who">{stage.progress.visitor.nameKo}</div>
          </div>
          <ProgressCard progress={stage.progress.progress} cfg={cfg} />
          <button className="primary rally-big" onClick={() => setStage({ kind: 'scan' })}>
            {t('rally.quiz.again')}
          </button>
        </div>
      );
    case 'question': {
      const i = stage.answers.length;
      const q = cfg.quiz[i]!;
      return (
        <div className="rally-quiz-body" data-testid="quiz-question" data-index={i}>
          <div className="rally-quiz-step">
            {t('rally.quiz.question', { n: i + 1, total: cfg.quiz.length })}
            <span className="rally-quiz-tries" data-testid="quiz-tries">
              {t('rally.quiz.attemptsLeft', { n: stage.attemptsLeft })}
            </span>
          </div>
          <h2 className="rally-quiz-q">{text(q.text)}</h2>
          <div className="rally-quiz-q-other">{otherText(q.text)}</div>
          <div className="rally-quiz-choices">
            {q.choices.map((c, ci) => (
              <button key={ci} onClick={() => void answer(stage.code, stage.visitor, [...stage.answers, ci], stage.attemptsLeft)} data-choice={ci}>
                <span className="n">{ci + 1}</span>
                <span>
                  {text(c)}
                  <span className="sub">{otherText(c)}</span>
                </span>
              </button>
            ))}
          </div>
        </div>
      );
    }
    case 'result': {
      const o = stage.outcome;
      return (
        <div className="rally-quiz-body">
          {o.status === 'passed' || o.status === 'failed' ? (
            <div className={`outcome ${o.status === 'passed' ? 'checked_in' : 'already_checked_in'}`} data-testid="outcome" data-status={o.status}>
              <h2>
                {o.status === 'passed'
                  ? bi(o.stamp.status === 'already_stamped' ? 'rally.quiz.passedAlready' : 'rally.quiz.passed')
                  : bi(o.attemptsLeft > 0 ? 'rally.quiz.failed' : 'rally.quiz.failedLast')}
              </h2>
              <div className="who">{t('rally.quiz.score', { correct: o.correct, total: o.total, need: o.need })}</div>
              {o.status === 'failed' && (
                <div className="rally-quiz-staff" data-testid="quiz-tries-left">
                  {o.attemptsLeft > 0 ? bi('rally.quiz.attemptsLeft', { n: o.attemptsLeft }) : bi('rally.quiz.noAttempts.staff')}
                </div>
              )}
            </div>
          ) : o.status === 'no_attempts_left' ? (
            <div className="outcome already_checked_in" data-testid="outcome" data-status={o.status}>
              <h2>{bi('rally.quiz.noAttempts', { limit: o.limit })}</h2>
              <div className="rally-quiz-staff">{bi('rally.quiz.noAttempts.staff')}</div>
            </div>
          ) : (
            <div className="outcome error" data-testid="outcome" data-status={o.status}>
              <h2>
                {o.status === 'error'
                  ? errorText(o.error)
                  : o.status === 'not_quiz_station'
                    ? t('rally.quiz.not_quiz_station')
                    : o.status === 'unknown_code'
                      ? bi('rally.unknown_code')
                      : bi('rally.not_checked_in')}
              </h2>
            </div>
          )}
          {o.status === 'passed' && (o.stamp.status === 'stamped' || o.stamp.status === 'already_stamped') && <ProgressCard progress={o.stamp.progress} cfg={cfg} />}
          <div className="row rally-quiz-actions">
            {o.status === 'failed' && o.attemptsLeft > 0 && (
              <button
                className="primary rally-big"
                onClick={() => setStage({ kind: 'question', code: stage.code, visitor: stage.visitor, answers: [], attemptsLeft: o.attemptsLeft })}
                data-testid="quiz-retry"
              >
                {t('rally.quiz.retry')}
              </button>
            )}
            <button className="rally-big" onClick={() => setStage({ kind: 'scan' })} data-testid="quiz-again">
              {t('rally.quiz.again')}
            </button>
          </div>
        </div>
      );
    }
  }
}
