/**
 * The kiosk station's only screen. It owns nothing about the visitor: every trace of
 * them lives in <KioskFlow>, which is remounted with a new key when the kiosk goes
 * idle or a visit ends — React state, typed text, tickets and staff sessions are gone,
 * and no history entry leads back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OutputOf } from '@contract/index';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useBrowserLockdown } from './browser-lockdown';
import { KioskFlow } from './KioskFlow';
import './kiosk.css';

export type KioskConfig = OutputOf<'kiosk.config'>;
const FALLBACK: KioskConfig = { idleSeconds: 30, walkInEnabled: true, walkInCategories: ['visitor'], pinSet: false };
/** The countdown is shown for the last seconds before a reset (at most half the idle time). */
const COUNTDOWN_S = 10;
/**
 * What the kiosk is doing, as KioskFlow says, for the idle clock: 'idle' (nobody there,
 * no clock), 'visitor' (a visitor mid-flow: the clock runs), 'waiting' (the visitor waits
 * on the KIOSK — an answer from its station, a badge coming out — so the clock stands still).
 */
export type KioskActivity = 'idle' | 'visitor' | 'waiting';
/**
 * A wait that never ends (a station that died mid-answer; the printing screen ends its own
 * wait in 40 s) still may not keep a visitor's name on the screen for ever.
 */
const WAIT_HOLDS_CLOCK_MS = 120_000;

export function KioskScreen() {
  const { t, setLang } = useI18n();
  const [config, setConfig] = useState<KioskConfig>(FALLBACK);
  const [session, setSession] = useState(0);
  const [activity, setActivity] = useState<KioskActivity>('idle');
  const [large, setLarge] = useState(false);
  const [left, setLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());

  useEffect(() => {
    void call('kiosk.config', {}).then((r) => r.ok && setConfig(r.value));
  }, []);

  const reset = useCallback(() => {
    setSession((k) => k + 1);
    setActivity('idle');
    setLarge(false);
    setLeft(null);
    setLang('ko');
  }, [setLang]);
  useBrowserLockdown(reset);

  // Idle: any touch, key or scan counts as activity; only a visitor in mid-flow is timed,
  // and never while the kiosk itself keeps them waiting. On a busy machine a badge (or an
  // answer) can take longer than the idle time; resetting then threw the visitor back to
  // the welcome screen mid-print and cancelled their badge. The clock starts afresh when
  // the wait ends, so the visitor has the whole idle time to read the answer.
  useEffect(() => {
    const touch = () => {
      lastActivity.current = Date.now();
      setLeft(null);
    };
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const e of events) document.addEventListener(e, touch, true);
    return () => {
      for (const e of events) document.removeEventListener(e, touch, true);
    };
  }, []);
  useEffect(() => {
    if (activity === 'idle') return;
    const since = Date.now();
    lastActivity.current = since;
    const timer = setInterval(() => {
      if (activity === 'waiting' && Date.now() - since < WAIT_HOLDS_CLOCK_MS) {
        lastActivity.current = Date.now();
        setLeft(null);
        return;
      }
      const remaining = Math.ceil(config.idleSeconds - (Date.now() - lastActivity.current) / 1000);
      if (remaining <= 0) reset();
      else setLeft(remaining <= Math.min(COUNTDOWN_S, config.idleSeconds / 2) ? remaining : null);
    }, 250);
    return () => clearInterval(timer);
  }, [activity, config.idleSeconds, reset]);

  return (
    <div className={`kiosk ${large ? 'large' : ''}`} data-testid="kiosk" data-session={session}>
      <KioskFlow key={session} config={config} onActivity={setActivity} onFinished={reset} />
      <button type="button" className="kiosk-large-toggle" aria-pressed={large} data-testid="large-text" onClick={() => setLarge((l) => !l)}>
        <span aria-hidden>가+</span> {t('kiosk.largeText')}
      </button>
      {left !== null && (
        <div className="kiosk-idle" role="alertdialog" data-testid="idle-countdown">
          <div className="kiosk-idle-box">
            <h2>{t('kiosk.idle.title')}</h2>
            <div className="kiosk-idle-count">{left}</div>
            <p>{t('kiosk.idle.detail', { s: left })}</p>
          </div>
        </div>
      )}
    </div>
  );
}
