/**
 * Pieces the stamp station, quiz and gift desk share: the rally configuration (kept
 * fresh by push events), bilingual labels and the visitor's stamp card.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AppError, RallyConfig, RallyProgress } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './rally.css';

export function useRallyConfig(): { cfg: RallyConfig | null; error: AppError | null; reload(): Promise<void> } {
  const [cfg, setCfg] = useState<RallyConfig | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const reload = useCallback(async () => {
    const r = await call('rally.config', {});
    if (r.ok) {
      setCfg(r.value);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  usePushEvents((ev) => {
    if (ev.type === 'rally.config.changed' || ev.type === 'rally.redeemed' || ev.type === 'rally.undone') void reload();
    if (ev.type === 'station.status' && ev.online) void reload();
  });
  return { cfg, error, reload };
}

/** "Korean (English)" the way the screens say names: current language first. */
export function useLabels() {
  const { lang, t, other } = useI18n();
  const name = (x: { labelKo: string; labelEn: string }) => (lang === 'ko' ? x.labelKo : x.labelEn);
  const otherName = (x: { labelKo: string; labelEn: string }) => (lang === 'ko' ? x.labelEn : x.labelKo);
  const bi = (k: MessageKey, params?: Record<string, string | number>): ReactNode => (
    <>
      {t(k, params)} <span className="sub">{other(k, params)}</span>
    </>
  );
  return { name, otherName, bi };
}

/**
 * The visitor's stamp card: one big tile per point, readable at arm's length. `cfg.gifts`
 * names the gifts the stamps qualify for; `qualifies={false}` leaves that line to a
 * screen that lists every gift's status itself.
 */
export function ProgressCard({ progress, cfg, qualifies = true }: { progress: RallyProgress; cfg: Pick<RallyConfig, 'gifts'>; qualifies?: boolean }) {
  const { t, time } = useI18n();
  const { name, otherName, bi } = useLabels();
  const gifts = progress.qualifiesFor.map((id) => cfg.gifts.find((g) => g.id === id)).filter((g) => g !== undefined);
  return (
    <section className="rally-progress" data-testid="rally-progress" aria-label={t('rally.progress.title')}>
      <div className="rally-tiles">
        {progress.points.map((p) => (
          <div key={p.id} className={`rally-tile ${p.stamp ? 'done' : 'todo'}`} data-point={p.id} data-done={p.stamp ? '1' : '0'}>
            <div className="mark" aria-hidden>
              {p.stamp ? '✓' : ''}
            </div>
            <div className="label">{name(p)}</div>
            <div className="sub">{otherName(p)}</div>
            <div className="when">{p.stamp ? time(p.stamp.at) : t('rally.progress.notYet')}</div>
          </div>
        ))}
      </div>
      <div className="rally-summary" data-testid="rally-summary">
        <span className="count">{bi('rally.progress.halls', { done: progress.hallsDone, total: progress.hallsTotal })}</span>
        <span className={progress.quizDone ? 'quiz done' : 'quiz'}>{bi(progress.quizDone ? 'rally.progress.quiz.done' : 'rally.progress.quiz.todo')}</span>
      </div>
      {qualifies && (
        <div className="rally-gifts-line" data-testid="rally-qualifies">
          {gifts.length > 0 ? (
            <>
              {bi('rally.progress.qualifies')}: <b>{gifts.map((g) => `${name(g)} (${otherName(g)})`).join(', ')}</b>
            </>
          ) : (
            bi('rally.progress.none')
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Keeps a scan field focused whenever nothing else is being typed into — also after a
 * tap on a button (language, change point), so the next scan never lands on that button.
 */
export function useKeepFocus(ref: { current: HTMLInputElement | null }, enabled = true) {
  useEffect(() => {
    if (!enabled) return;
    ref.current?.focus();
    const refocus = () =>
      setTimeout(() => {
        const a = document.activeElement;
        if (!a || a === document.body || a instanceof HTMLButtonElement) ref.current?.focus();
      }, 0);
    document.addEventListener('focusout', refocus);
    document.addEventListener('click', refocus);
    return () => {
      document.removeEventListener('focusout', refocus);
      document.removeEventListener('click', refocus);
    };
  }, [ref, enabled]);
}

/** The public-screen name mask, shared with the server (contract/display-mask.ts). */
export { maskName } from '@contract/index';
