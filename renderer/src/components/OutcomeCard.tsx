import { useState } from 'react';
import { assertNever, type AppError, type CheckinOutcome, type VisitorSummary } from '@contract/index';
import { useI18n } from '../i18n/i18n';
import { bandStyle } from '../setup/event-categories';
import type { MessageKey } from '../i18n/ko';
import { ConsentFlag } from '../privacy/ConsentFlag';

export type DeskOutcome =
  | CheckinOutcome
  | { status: 'error'; error: AppError }
  /** The station could not be reached: the scan is kept and sent later. */
  | { status: 'pending'; code: string }
  | { status: 'walk_in_done'; outcome: Extract<CheckinOutcome, { status: 'checked_in' }> };

/** What the card echoes of a scan: short, whatever was pasted. */
const ECHO_MAX = 40;
const echo = (s: string) => (s.length > ECHO_MAX ? `${s.slice(0, ECHO_MAX)}…` : s);

/**
 * The big coloured answer a desk worker reads from a step away: colour and icon say the
 * outcome before any word is read, then the visitor's name, large. The desk mounts a
 * fresh card (React key) for every answer, so it flashes even when an outcome repeats.
 */
export function OutcomeCard({
  outcome,
  onOverride,
}: {
  outcome: DeskOutcome;
  onOverride?: (code: string, reason: string) => void;
}) {
  const { t, other, categoryText, time, errorText } = useI18n();
  const [reason, setReason] = useState('');

  const card = (cls: string, icon: string, titleKey: MessageKey, body: React.ReactNode, alert = false) => (
    <div className={`outcome ${cls}`} data-testid="outcome" data-status={cls} role={alert ? 'alert' : 'status'}>
      <div className="outcome-head">
        <span className="outcome-icon" aria-hidden>
          {icon}
        </span>
        <h2>
          {t(titleKey)} <span className="sub">{other(titleKey)}</span>
        </h2>
      </div>
      {body}
    </div>
  );
  const who = (v: VisitorSummary, badgeWithheld?: boolean) => (
    <>
      <div className="who" data-testid="outcome-name">
        {v.nameKo}
        {v.nameEn && v.nameEn !== v.nameKo ? <span className="who-en">{v.nameEn}</span> : null}
      </div>
      <div className="org">
        {[v.organisation, v.title].filter(Boolean).join(' · ')} <span className="cat" data-testid="outcome-category" style={bandStyle(v.category)}>{categoryText(v.category)}</span>
        <span className="code">{v.code}</span>
      </div>
      <ConsentFlag visitor={v} badgeWithheld={badgeWithheld} />
    </>
  );
  // Not registered today and no consent under "refuse" are both admitted only by a reason.
  const override = (code: string) =>
    onOverride && (
      <form
        className="override"
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim().length >= 2) onOverride(code, reason.trim());
        }}
      >
        <input
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('outcome.override.reason')}
          aria-label={t('outcome.override.reason')}
          data-testid="override-reason"
        />
        <button className="primary" disabled={reason.trim().length < 2} data-testid="override-submit">
          {t('outcome.override.submit')}
        </button>
      </form>
    );

  switch (outcome.status) {
    case 'checked_in':
    case 'walk_in_done': {
      const o = outcome.status === 'walk_in_done' ? outcome.outcome : outcome;
      return card(
        'checked_in',
        '✓',
        outcome.status === 'walk_in_done' ? 'outcome.walkin.done' : 'outcome.checked_in',
        <>
          {who(o.visitor, o.badgeWithheld)}
          <div className="when">{t('outcome.checked_in.detail', { time: time(o.checkin.at), station: o.checkin.stationName })}</div>
        </>,
      );
    }
    case 'already_checked_in':
      return card(
        'already_checked_in',
        '!',
        'outcome.already_checked_in',
        <>
          {who(outcome.visitor)}
          <div className="first" data-testid="first-checkin">
            <span className="first-label">{t('outcome.already.first')}</span>
            <b>{time(outcome.first.at)}</b>
            <span>{outcome.first.stationName}</span>
          </div>
        </>,
      );
    case 'not_registered_today':
      return card(
        'not_registered_today',
        '?',
        'outcome.not_registered_today',
        <>
          {who(outcome.visitor)}
          <div className="when">{t('outcome.not_registered.detail', { days: outcome.visitor.registeredDays.join(', ') || '—' })}</div>
          {override(outcome.visitor.code)}
        </>,
        true,
      );
    case 'no_consent':
      return card(
        'no_consent',
        '⚠',
        'outcome.no_consent',
        <>
          {who(outcome.visitor)}
          <div className="when">{t('outcome.no_consent.detail')}</div>
          {override(outcome.visitor.code)}
        </>,
        true,
      );
    case 'unknown_code':
      return card(
        'unknown_code',
        '✕',
        'outcome.unknown_code',
        <>
          <div className="echo" data-testid="outcome-echo">
            {t('outcome.unknown.detail', { code: echo(outcome.code) })}
          </div>
          <div className="when">{t('outcome.unknown.searched')}</div>
        </>,
        true,
      );
    case 'pending':
      return card(
        'pending',
        '…',
        'outcome.offline.title',
        <div className="echo">{t('outcome.offline.detail', { code: echo(outcome.code) })}</div>,
        true,
      );
    case 'error':
      return (
        <div className="outcome error" data-testid="outcome" data-status="error" role="alert">
          <div className="outcome-head">
            <span className="outcome-icon" aria-hidden>
              ✕
            </span>
            <h2>{errorText(outcome.error)}</h2>
          </div>
          <p className="sub" data-testid="outcome-error-other">{other(`error.${outcome.error.code}` as MessageKey)}</p>
        </div>
      );
    default:
      return assertNever(outcome);
  }
}
