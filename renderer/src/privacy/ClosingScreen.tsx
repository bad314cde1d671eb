import { useCallback, useEffect, useState } from 'react';
import type { PersonRecord, PrivacySettings, PrivacyStatus } from '@contract/index';
import { NO_CONSENT_POLICIES, PURGE_MODES } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './privacy.css';

/**
 * 행사 종료 / Close the fair: the settings that decide what visitors without consent get
 * and how long personal data is kept; step 1 the report bundle, step 2 the purge (with
 * where it stands, and resume after an interruption); per-person look-up and deletion.
 * The rules (retention, one run at a time, batches) live on the server; this screen
 * only shows them.
 */
export function ClosingScreen() {
  const { t, other, errorText } = useI18n();
  const guard = useBusyGuard();
  const [status, setStatus] = useState<PrivacyStatus | null>(null);
  const [draft, setDraft] = useState<PrivacySettings | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [bundle, setBundle] = useState<string | null>(null);
  const [mode, setMode] = useState<(typeof PURGE_MODES)[number]>('pseudonymise');
  const [sure, setSure] = useState(false);
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<PersonRecord[] | null>(null);

  const load = useCallback(async () => {
    const r = await call('privacy.status', {});
    if (r.ok) {
      setStatus(r.value);
      setDraft((d) => d ?? r.value.settings);
    } else setNote(errorText(r.error));
  }, [errorText]);
  useEffect(() => void load(), [load]);
  // While a run is going the screen asks every second where it stands.
  useEffect(() => {
    if (status?.run?.state !== 'running') return;
    const h = setInterval(() => void load(), 1000);
    return () => clearInterval(h);
  }, [status?.run?.state, load]);

  const h = (k: MessageKey) => (
    <h3>
      {t(k)} <span className="sub">{other(k)}</span>
    </h3>
  );
  const run = status?.run;
  const runText = run
    ? run.state === 'running'
      ? t('privacy.run.running', { done: run.done, total: run.total })
      : run.state === 'done'
        ? t('privacy.run.done', { done: run.done, at: run.finishedAt?.slice(0, 16).replace('T', ' ') ?? '' })
        : t('privacy.run.failed', { done: run.done, total: run.total })
    : null;

  return (
    <main className="screen closing-screen">
      <h2>
        {t('privacy.title')} <span className="sub">{other('privacy.title')}</span>
      </h2>
      {status && (
        <p className="closing-summary" data-testid="closing-summary">
          {t('privacy.summary', { visitors: status.visitors, purged: status.purged, noConsent: status.noConsent })} · {t('privacy.eligible', { date: status.eligibleFrom })}
        </p>
      )}
      {note && <p className="closing-note" role="status">{note}</p>}
      <div className="closing-grid">
        <section className="closing-card">
          {h('privacy.settings')}
          {draft && (
            <>
              <label>{t('privacy.noConsent')}</label>
              {NO_CONSENT_POLICIES.map((p) => (
                <label key={p} className="closing-radio">
                  <input type="radio" checked={draft.noConsent === p} onChange={() => setDraft({ ...draft, noConsent: p })} />
                  {t(`privacy.noConsent.${p}` as MessageKey)}
                </label>
              ))}
              <label>{t('privacy.retention')}</label>
              <input type="number" min={0} max={3650} value={draft.retentionDays} onChange={(e) => setDraft({ ...draft, retentionDays: Math.max(0, Math.min(3650, Number(e.target.value) || 0)) })} data-testid="closing-retention" />
              <button
                onClick={() =>
                  void guard(async () => {
                    const r = await call('privacy.settings.save', draft);
                    setNote(r.ok ? t('privacy.saved') : errorText(r.error));
                    await load();
                  })
                }
              >
                {t('privacy.save')}
              </button>
            </>
          )}
        </section>
        <section className="closing-card">
          {h('privacy.step1')}
          <button
            data-testid="closing-bundle"
            onClick={() =>
              void guard(async () => {
                const r = await call('privacy.bundle', {});
                setBundle(r.ok ? t('privacy.bundle.done', { n: r.value.files.length, folder: r.value.folder }) : errorText(r.error));
              })
            }
          >
            {t('privacy.bundle')}
          </button>
          {bundle && <p className="closing-path">{bundle}</p>}
          {h('privacy.step2')}
          {PURGE_MODES.map((m) => (
            <label key={m} className="closing-radio">
              <input type="radio" checked={mode === m} onChange={() => setMode(m)} />
              {t(`privacy.mode.${m}` as MessageKey)}
            </label>
          ))}
          <p className="sub">{t('privacy.mode.note')}</p>
          <label className="closing-radio">
            <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} data-testid="closing-sure" />
            {t('privacy.confirm')}
          </label>
          <button
            className="primary danger"
            data-testid="closing-start"
            disabled={!sure || run?.state === 'running'}
            onClick={() =>
              void guard(async () => {
                const r = await call('privacy.purge.start', { mode, confirm: 'PURGE' });
                if (!r.ok) setNote(errorText(r.error));
                else if (r.value.status === 'not_yet') setNote(t('privacy.notYet', { date: r.value.eligibleFrom }));
                else if (r.value.status === 'nothing_to_do') setNote(t('privacy.nothing'));
                else if (r.value.status === 'already_running') setNote(t('privacy.already'));
                else setNote(null);
                await load();
              })
            }
          >
            {run && run.state === 'failed' ? t('privacy.resume') : t('privacy.start')}
          </button>
          {run && (
            <div className={`closing-run ${run.state}`} data-testid="closing-run">
              <progress max={Math.max(1, run.total)} value={run.done} />
              <span>{runText}</span>
            </div>
          )}
        </section>
        <section className="closing-card wide">
          {h('privacy.step3')}
          <form
            className="closing-lookup"
            onSubmit={(e) => {
              e.preventDefault();
              if (q.trim().length < 2) return;
              void guard(async () => {
                const r = await call('privacy.lookup', { q });
                setPeople(r.ok ? r.value : []);
                if (!r.ok) setNote(errorText(r.error));
              });
            }}
          >
            <input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('privacy.lookup')} maxLength={200} data-testid="closing-lookup" />
            <button type="submit">{t('privacy.find')}</button>
          </form>
          {people && people.length === 0 && <p>{t('privacy.none')}</p>}
          {people?.map((p) => (
            <div key={p.code} className="closing-person" data-testid="closing-person">
              <div>
                <b>{p.code}</b> {p.nameKo} {p.purged && <span className="tag">{t('privacy.purgedTag')}</span>}
                <div className="sub">
                  {[p.phone, p.email, p.organisation].filter(Boolean).join(' · ')} — {t('privacy.facts', p.facts)}
                </div>
              </div>
              {!p.purged && (
                <button
                  className="danger"
                  onClick={() =>
                    void guard(async () => {
                      const r = await call('privacy.erase', { code: p.code, nonce: `erase-${p.code.replace(/[^A-Za-z0-9_-]/g, '')}-${Date.now()}` });
                      setNote(r.ok ? t('privacy.erased') : errorText(r.error));
                      const again = await call('privacy.lookup', { q: p.code });
                      if (again.ok) setPeople(again.value);
                      await load();
                    })
                  }
                >
                  {t('privacy.erase')}
                </button>
              )}
            </div>
          ))}
        </section>
      </div>
    </main>
  );
}
