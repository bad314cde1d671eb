import { useState } from 'react';
import { PHONE_CHARS, type Category, type OutputOf } from '@contract/index';
import { eventCategories } from '../setup/event-categories';
import { call, nonce } from '../api/client';
import { useI18n } from '../i18n/i18n';

type WalkInResult = OutputOf<'visitors.walkIn'>;
type Similar = OutputOf<'visitors.walkIn.similar'>['hits'];

/**
 * Walk-in registration: one form, one transaction (visitor + check-in). Shown over the
 * desk as a dialog; Esc or Cancel closes it and the scan field takes focus again.
 */
export function WalkInForm({ onDone, onCancel, onUseExisting }: { onDone: (r: WalkInResult) => void; onCancel: () => void; onUseExisting: (code: string) => void }) {
  const { t, other, lang, categoryText, errorText } = useI18n();
  // Visitors already registered with this mobile number: asked about once before registering someone twice.
  const [similar, setSimilar] = useState<Similar | null>(null);
  const [f, setF] = useState({ nameKo: '', nameEn: '', organisation: '', title: '', phone: '', email: '', category: (eventCategories().some((c) => c.id === 'visitor') ? 'visitor' : (eventCategories()[0]?.id ?? 'visitor')) as Category, consent: false });
  const [showConsent, setShowConsent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One nonce per form: a double click or a retry registers the visitor once.
  const [actionNonce] = useState(nonce);
  // Any edit answers the last complaint, so it goes away rather than linger over a fixed field.
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => {
    setF((s) => ({ ...s, [k]: v }));
    setError(null);
    if (k === 'nameKo' || k === 'phone') setSimilar(null);
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!f.nameKo.trim()) return setError(t('desk.walkin.missingName'));
    if (!f.phone.trim()) return setError(t('desk.walkin.missingPhone'));
    if (!PHONE_CHARS.test(f.phone)) return setError(t('desk.walkin.badPhone'));
    if (!f.consent) return setError(t('desk.walkin.missingConsent'));
    setBusy(true);
    setError(null);
    // First press: is this person already here (pre-registered, or walked in before)? Then the
    // desk offers that registration; a second press registers a new one anyway.
    if (similar === null) {
      const found = await call('visitors.walkIn.similar', { nameKo: f.nameKo, phone: f.phone });
      if (found.ok && found.value.hits.length > 0) {
        setBusy(false);
        return setSimilar(found.value.hits);
      }
    }
    const r = await call('visitors.walkIn', {
      ...(similar?.length ? { duplicateOk: true } : {}),
      nonce: actionNonce,
      nameKo: f.nameKo,
      nameEn: f.nameEn || undefined,
      organisation: f.organisation || undefined,
      title: f.title || undefined,
      phone: f.phone,
      email: f.email || undefined,
      category: f.category,
      consent: true,
    });
    setBusy(false);
    if (r.ok) onDone(r.value);
    else setError(errorText(r.error));
  }

  const lbl = (k: Parameters<typeof t>[0]) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );
  return (
    <form className="panel walkin" onSubmit={submit} data-testid="walkin-form" role="dialog" aria-modal="true" aria-label={t('desk.walkin.title')}>
      <h2>{lbl('desk.walkin.title')}</h2>
      <div className="row">
        <div>
          <label>{lbl('desk.walkin.name')}</label>
          <input name="nameKo" autoFocus maxLength={100} value={f.nameKo} onChange={(e) => set('nameKo', e.target.value)} />
        </div>
        <div>
          <label>{lbl('desk.walkin.nameEn')}</label>
          <input name="nameEn" maxLength={100} value={f.nameEn} onChange={(e) => set('nameEn', e.target.value)} />
        </div>
      </div>
      <div className="row">
        <div>
          <label>{lbl('desk.walkin.organisation')}</label>
          <input name="organisation" maxLength={200} value={f.organisation} onChange={(e) => set('organisation', e.target.value)} />
        </div>
        <div>
          <label>{lbl('desk.walkin.title.field')}</label>
          <input name="title" maxLength={100} value={f.title} onChange={(e) => set('title', e.target.value)} />
        </div>
      </div>
      <div className="row">
        <div>
          <label>{lbl('desk.walkin.phone')}</label>
          <input name="phone" inputMode="tel" maxLength={30} value={f.phone} onChange={(e) => set('phone', e.target.value)} />
        </div>
        <div>
          <label>{lbl('desk.walkin.email')}</label>
          <input name="email" type="email" maxLength={200} value={f.email} onChange={(e) => set('email', e.target.value)} />
        </div>
      </div>
      <label>{lbl('desk.walkin.category')}</label>
      <select name="category" value={f.category} onChange={(e) => set('category', e.target.value as Category)}>
        {eventCategories().map(({ id }) => (
          <option key={id} value={id}>
            {categoryText(id)} · {categoryText(id, lang === 'ko' ? 'en' : 'ko')}
          </option>
        ))}
      </select>
      <div className="check">
        <input id="consent" name="consent" type="checkbox" checked={f.consent} onChange={(e) => set('consent', e.target.checked)} />
        <label htmlFor="consent" style={{ margin: 0 }}>
          {lbl('desk.walkin.consent')}
        </label>
        <button type="button" className="consent-info" onClick={() => setShowConsent((s) => !s)} aria-expanded={showConsent}>
          i
        </button>
      </div>
      {showConsent && (
        <p className="consent-text">
          {t('desk.walkin.consentText')} <span className="sub">{other('desk.walkin.consentText')}</span>
        </p>
      )}
      {similar && similar.length > 0 && (
        <div className="walkin-similar" role="alert" data-testid="walkin-similar">
          <div className="print-msg warn">{lbl(similar.some((h) => h.sameName) ? 'walkin.similar.same' : 'walkin.similar.phone')}</div>
          <ul>
            {similar.map((h) => (
              <li key={h.code}>
                <span className="who">
                  <b>{h.nameKo}</b> {h.organisation ?? ''} · {categoryText(h.category)} · {h.phoneMasked ?? ''} · {h.code}
                  {h.checkedInToday ? ` · ${t('desk.search.checkedIn')}` : ''}
                </span>
                <button type="button" className="primary" data-testid="walkin-use-existing" onClick={() => onUseExisting(h.code)}>
                  {lbl('walkin.similar.use')}
                </button>
              </li>
            ))}
          </ul>
          <div className="sub">{lbl('walkin.similar.anyway')}</div>
        </div>
      )}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="row walkin-actions">
        <button type="button" onClick={onCancel} data-testid="walkin-cancel">
          {lbl('desk.walkin.cancel')}
        </button>
        <button className="primary" type="submit" disabled={busy} data-testid="walkin-submit">
          {lbl(similar?.length ? 'walkin.similar.submitNew' : 'desk.walkin.submit')}
        </button>
      </div>
    </form>
  );
}
