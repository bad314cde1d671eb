/**
 * Registering at the kiosk without pre-registration: one question per screen with the
 * on-screen keyboard (Hangul for names), the categories the organiser allows at kiosks,
 * and consent with the full text one tap away. One nonce per form: a double tap on
 * "register" registers once and prints once.
 */
import { useState } from 'react';
import type { Category, OutputOf } from '@contract/index';
import { call, nonce } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { empty, text, type ComposeState } from './hangul-compose';
import { Keyboard } from './Keyboard';

type Result = OutputOf<'kiosk.walkIn'>;
type Stage = 'name' | 'organisation' | 'phone' | 'category' | 'consent';

/**
 * 01012345678 → 010-1234-5678 as it is typed (the visitor sees the shape they know); a
 * number with its country code ("+90 532 …", a foreign walk-in) stays as typed.
 */
function formatPhone(d: string): string {
  if (d.startsWith('+')) return d.trim();
  if (d.startsWith('02')) return [d.slice(0, 2), d.slice(2, d.length > 9 ? 6 : 5), d.slice(d.length > 9 ? 6 : 5)].filter(Boolean).join('-');
  if (d.length <= 3) return d;
  if (d.length <= 7) return `${d.slice(0, 3)}-${d.slice(3)}`;
  return `${d.slice(0, 3)}-${d.slice(3, d.length > 10 ? 7 : 6)}-${d.slice(d.length > 10 ? 7 : 6)}`;
}

export function WalkIn({
  categories,
  onBack,
  onDone,
  onError,
  waitOn,
}: {
  categories: Category[];
  /** The request the visitor now waits on (the kiosk's idle clock stands still meanwhile). */
  waitOn: <T>(p: Promise<T>) => Promise<T>;
  onBack: () => void;
  onDone: (r: Result) => void;
  onError: () => void;
}) {
  const { t, categoryText } = useI18n();
  const stages: Stage[] = ['name', 'organisation', 'phone', ...(categories.length > 1 ? (['category'] as const) : []), 'consent'];
  const [stage, setStage] = useState<Stage>('name');
  const [name, setName] = useState<ComposeState>(empty());
  const [org, setOrg] = useState<ComposeState>(empty());
  const [phone, setPhone] = useState<ComposeState>(empty());
  const [category, setCategory] = useState<Category>(categories[0] ?? 'visitor');
  const [consent, setConsent] = useState(false);
  const [showConsent, setShowConsent] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [formNonce] = useState(nonce);

  const i = stages.indexOf(stage);
  const go = (d: 1 | -1) => {
    setError(null);
    const next = stages[i + d];
    if (next) setStage(next);
    else if (d < 0) onBack();
  };
  const next = () => {
    if (stage === 'name' && !text(name).trim()) return setError('kiosk.walkin.needName');
    if (stage === 'phone' && text(phone).replace(/\D/g, '').length < 9) return setError('kiosk.walkin.needPhone');
    go(1);
  };

  async function submit() {
    if (busy) return;
    if (!consent) return setError('kiosk.walkin.needConsent');
    setBusy(true);
    const r = await waitOn(call('kiosk.walkIn', {
      nonce: formNonce,
      nameKo: text(name).trim(),
      organisation: text(org).trim() || undefined,
      phone: formatPhone(text(phone)),
      category,
      consent: true,
    }));
    setBusy(false);
    if (r.ok) onDone(r.value);
    else onError();
  }

  let content: React.ReactNode;
  switch (stage) {
    case 'name':
    case 'organisation': {
      const [v, set] = stage === 'name' ? [name, setName] : [org, setOrg];
      const label = stage === 'name' ? t('kiosk.walkin.name') : t('kiosk.walkin.organisation');
      content = (
        <>
          <div className="kiosk-field">
            <div className="kiosk-field-label">{label}</div>
            <div className="kiosk-field-value" data-testid={`walkin-${stage}`}>
              {text(v)}
              <span className="kiosk-caret" aria-hidden />
            </div>
          </div>
          <Keyboard key={stage} layout="hangul" value={v} onChange={set} maxLength={stage === 'name' ? 50 : 100} />
        </>
      );
      break;
    }
    case 'phone':
      content = (
        <>
          <div className="kiosk-field">
            <div className="kiosk-field-label">{t('kiosk.walkin.phone')}</div>
            <div className="kiosk-field-value" data-testid="walkin-phone">
              {formatPhone(text(phone))}
              <span className="kiosk-caret" aria-hidden />
            </div>
          </div>
          <Keyboard layout="numeric" intl value={phone} onChange={setPhone} maxLength={text(phone).startsWith('+') ? 20 : 11} />
        </>
      );
      break;
    case 'category':
      content = (
        <div className="kiosk-choices">
          <div className="kiosk-field-label">{t('kiosk.walkin.category')}</div>
          {categories.map((c) => (
            <button
              key={c}
              type="button"
              className={`kbtn big ${category === c ? 'primary' : ''}`}
              aria-pressed={category === c}
              data-testid={`category-${c}`}
              onClick={() => {
                setCategory(c);
                go(1);
              }}
            >
              {categoryText(c)}
            </button>
          ))}
        </div>
      );
      break;
    case 'consent':
      content = (
        <div className="kiosk-consent">
          <div className="kiosk-card summary">
            <div className="kiosk-name">{text(name)}</div>
            {text(org) && <div className="kiosk-org">{text(org)}</div>}
            <div className="kiosk-meta">
              <span className="kcat">{categoryText(category)}</span> {formatPhone(text(phone))}
            </div>
          </div>
          <button type="button" className={`kbtn big consent-toggle ${consent ? 'on' : ''}`} aria-pressed={consent} data-testid="consent" onClick={() => {
              setConsent((c) => !c);
              setError(null);
            }}
          >
            <span className="kbox" aria-hidden>
              {consent ? '✓' : ''}
            </span>
            {t('kiosk.walkin.consent')}
          </button>
          <button type="button" className="kbtn ghost" data-testid="consent-read" onClick={() => setShowConsent(true)}>
            {t('kiosk.walkin.consentRead')}
          </button>
          <button type="button" className="kbtn huge primary" data-testid="walkin-submit" disabled={busy} onClick={() => void submit()}>
            {t('kiosk.walkin.submit')}
          </button>
        </div>
      );
      break;
  }

  return (
    <div className="kiosk-page" data-testid="walkin-step" data-stage={stage}>
      <h1>
        {t('kiosk.walkin.title')} <span className="kiosk-step">{t('kiosk.walkin.step', { n: i + 1, total: stages.length })}</span>
      </h1>
      {content}
      {error && (
        <div className="kiosk-banner warn" role="alert" data-testid="walkin-error">
          {t(error)}
        </div>
      )}
      <div className="kiosk-foot">
        <button type="button" className="kbtn ghost" data-testid="walkin-back" onClick={() => go(-1)}>
          {t('kiosk.nav.back')}
        </button>
        {stage !== 'consent' && stage !== 'category' && (
          <button type="button" className="kbtn big primary" data-testid="walkin-next" onClick={next}>
            {t('kiosk.nav.next')}
          </button>
        )}
      </div>
      {showConsent && (
        <div className="kiosk-modal" role="dialog" data-testid="consent-text" onClick={() => setShowConsent(false)}>
          <div className="kiosk-modal-box">
            <h2>{t('kiosk.walkin.consent')}</h2>
            <p>{t('desk.walkin.consentText')}</p>
            <button type="button" className="kbtn big primary">
              {t('kiosk.nav.close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
