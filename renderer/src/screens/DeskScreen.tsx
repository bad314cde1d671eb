import { useCallback, useEffect, useRef, useState } from 'react';
import type { OutputOf } from '@contract/index';
import { call, nonce } from '../api/client';
import { CountersBar } from '../components/CountersBar';
import { OutcomeCard, type DeskOutcome } from '../components/OutcomeCard';
import { WalkInForm } from '../components/WalkInForm';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';

type Search = OutputOf<'visitors.search'>;

/**
 * The check-in desk. The scan field keeps focus so a keyboard-wedge scanner (code +
 * Enter) always lands in it; search and walk-in take focus only while used.
 */
export function DeskScreen() {
  const { t, other, categoryText } = useI18n();
  const [scan, setScan] = useState('');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<Search | null>(null);
  const [outcome, setOutcome] = useState<DeskOutcome | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const busy = useRef(false);
  const scanRef = useRef<HTMLInputElement>(null);
  const searchSeq = useRef(0);

  const refocus = useCallback(() => {
    if (!walkIn) scanRef.current?.focus();
  }, [walkIn]);

  // Keep the scan field focused whenever nothing else is being typed in.
  useEffect(() => {
    refocus();
    const onFocusOut = () =>
      setTimeout(() => {
        const a = document.activeElement;
        if (!a || a === document.body) refocus();
      }, 0);
    document.addEventListener('focusout', onFocusOut);
    return () => document.removeEventListener('focusout', onFocusOut);
  }, [refocus]);

  const runSearch = useCallback(async (text: string) => {
    const seq = ++searchSeq.current;
    if (!text.trim()) return setSearch(null);
    const r = await call('visitors.search', { q: text, limit: 20 });
    if (seq === searchSeq.current && r.ok) setSearch(r.value);
  }, []);

  useEffect(() => {
    const h = setTimeout(() => void runSearch(q), 120);
    return () => clearTimeout(h);
  }, [q, runSearch]);

  // A check-in anywhere (this desk or another) refreshes the "checked in" marks.
  usePushEvents((ev) => {
    if (ev.type === 'checkin.recorded' && search?.hits.some((h) => h.code === ev.code)) void runSearch(q);
  });

  async function checkIn(code: string, method: 'scan' | 'search') {
    // A scanner's double Enter (or a double click) must not send a second request
    // while the first is in flight.
    if (busy.current || !code.trim()) return;
    busy.current = true;
    try {
      const r = await call('checkin.scan', { code, nonce: nonce(), method });
      setOutcome(r.ok ? r.value : { status: 'error', error: r.error });
      if (method === 'search' && r.ok) void runSearch(q);
    } finally {
      busy.current = false;
      setScan('');
      refocus();
    }
  }

  async function override(code: string, reason: string) {
    if (busy.current) return;
    busy.current = true;
    try {
      const r = await call('checkin.override', { code, nonce: nonce(), reason });
      setOutcome(r.ok ? r.value : { status: 'error', error: r.error });
    } finally {
      busy.current = false;
      refocus();
    }
  }

  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );

  return (
    <main className="screen">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
        <CountersBar />
        <button className="primary" onClick={() => setWalkIn(true)} data-testid="walkin-open">
          {t('desk.walkin.open')}
        </button>
      </div>
      <div className="desk">
        <section>
          <form
            className="panel scan"
            onSubmit={(e) => {
              e.preventDefault();
              void checkIn(scan, 'scan');
            }}
          >
            <label htmlFor="scan">{bi('desk.scan.label')}</label>
            <input
              id="scan"
              ref={scanRef}
              data-testid="scan-input"
              value={scan}
              maxLength={200}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('desk.scan.placeholder')}
              onChange={(e) => setScan(e.target.value)}
            />
          </form>
          {outcome && <OutcomeCard outcome={outcome} onOverride={override} />}
          {walkIn && (
            <div style={{ marginTop: 16 }}>
              <WalkInForm
                onCancel={() => setWalkIn(false)}
                onDone={(r) => {
                  setWalkIn(false);
                  setOutcome({ status: 'walk_in_done', outcome: { status: 'checked_in', ...r } });
                }}
              />
            </div>
          )}
        </section>
        <section className="panel">
          <label htmlFor="search">{bi('desk.search.label')}</label>
          <input
            id="search"
            data-testid="search-input"
            value={q}
            maxLength={200}
            autoComplete="off"
            placeholder={t('desk.search.placeholder')}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setQ('');
                refocus();
              }
            }}
          />
          {search && (
            <div className="sub" style={{ marginTop: 6 }} data-testid="search-kind">
              {search.kind ? t(`desk.search.kind.${search.kind}` as MessageKey) : ''} · {search.hits.length}
            </div>
          )}
          {search && search.hits.length === 0 && <p data-testid="search-none">{t('desk.search.none')}</p>}
          <ul className="results" data-testid="search-results">
            {search?.hits.map((h) => (
              <li key={h.code} data-code={h.code}>
                <div className="info">
                  <div className="name">
                    {h.nameKo} {h.nameEn && h.nameEn !== h.nameKo ? <span className="sub">{h.nameEn}</span> : null}{' '}
                    <span className="cat">{categoryText(h.category)}</span>
                  </div>
                  <div className="meta">
                    {[h.organisation, h.title].filter(Boolean).join(' · ')} · {h.code}
                  </div>
                  <div className="meta">{[h.phoneMasked, h.emailMasked].filter(Boolean).join(' · ')}</div>
                </div>
                {h.checkedInToday ? (
                  <span className="badge-done">✓ {t('desk.search.checkedIn')}</span>
                ) : (
                  <button className="primary" onClick={() => void checkIn(h.code, 'search')} data-testid="search-checkin">
                    {t('desk.search.checkin')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
