import { useState } from 'react';
import { assertNever, type AppError, type CheckinOutcome } from '@contract/index';
import { useI18n } from '../i18n/i18n';

export type DeskOutcome = CheckinOutcome | { status: 'error'; error: AppError } | { status: 'walk_in_done'; outcome: Extract<CheckinOutcome, { status: 'checked_in' }> };

/** The big coloured answer a desk worker reads from a step away. */
export function OutcomeCard({ outcome, onOverride }: { outcome: DeskOutcome; onOverride?: (code: string, reason: string) => void }) {
  const { t, other, categoryText, time, errorText } = useI18n();
  const [reason, setReason] = useState('');
  const title = (k: Parameters<typeof t>[0]) => (
    <h2>
      {t(k)} <span className="sub">{other(k)}</span>
    </h2>
  );
  switch (outcome.status) {
    case 'checked_in':
    case 'walk_in_done': {
      const o = outcome.status === 'walk_in_done' ? outcome.outcome : outcome;
      return (
        <div className="outcome checked_in" data-testid="outcome" data-status="checked_in" role="status">
          {title(outcome.status === 'walk_in_done' ? 'outcome.walkin.done' : 'outcome.checked_in')}
          <div className="who">{o.visitor.nameKo}</div>
          <div>
            {o.visitor.organisation} <span className="cat">{categoryText(o.visitor.category)}</span> · {o.visitor.code}
          </div>
        </div>
      );
    }
    case 'already_checked_in':
      return (
        <div className="outcome already_checked_in" data-testid="outcome" data-status="already_checked_in" role="status">
          {title('outcome.already_checked_in')}
          <div className="who">{outcome.visitor.nameKo}</div>
          <div data-testid="first-checkin">
            {t('outcome.already.detail', { time: time(outcome.first.at), station: outcome.first.stationName })}
          </div>
        </div>
      );
    case 'not_registered_today':
      return (
        <div className="outcome not_registered_today" data-testid="outcome" data-status="not_registered_today" role="alert">
          {title('outcome.not_registered_today')}
          <div className="who">{outcome.visitor.nameKo}</div>
          <div>{t('outcome.not_registered.detail', { days: outcome.visitor.registeredDays.join(', ') || '—' })}</div>
          {onOverride && (
            <form
              className="row"
              style={{ marginTop: 12 }}
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim().length >= 2) onOverride(outcome.visitor.code, reason.trim());
              }}
            >
              <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} placeholder={t('outcome.override.reason')} data-testid="override-reason" />
              <button className="primary" disabled={reason.trim().length < 2} data-testid="override-submit">
                {t('outcome.override.submit')}
              </button>
            </form>
          )}
        </div>
      );
    case 'unknown_code':
      return (
        <div className="outcome unknown_code" data-testid="outcome" data-status="unknown_code" role="alert">
          {title('outcome.unknown_code')}
          <div>{t('outcome.unknown.detail', { code: outcome.code })}</div>
        </div>
      );
    case 'error':
      return (
        <div className="outcome error" data-testid="outcome" data-status="error" role="alert">
          <h2>{errorText(outcome.error)}</h2>
        </div>
      );
    default:
      return assertNever(outcome);
  }
}
