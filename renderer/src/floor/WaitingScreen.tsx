import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { clockText, minutesOf, useFloorState, useTick } from './useFloorState';
import { waitingView } from './waiting';
import './board.css';

/** A soft two-note chime (WebAudio, no files): "please go to your table". */
function chime(): void {
  if (typeof AudioContext === 'undefined') return;
  const ctx = new AudioContext();
  [660, 880].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const at = ctx.currentTime + 0.05 + i * 0.45;
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.3, at + 0.02);
    gain.gain.linearRampToValueAtTime(0, at + 0.6);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.65);
  });
  setTimeout(() => void ctx.close(), 2_000);
}

/**
 * The waiting area's screen (a board page, `#/waiting`, 1920×1080): "next round: table N
 * — company" for every table, a call tone a minute before the round, and the SMEs late
 * for a slot that has begun (for the floor manager walking past).
 */
export function WaitingScreen() {
  const { t, other, lang } = useI18n();
  const { state, serverNow } = useFloorState();
  useTick(1_000);
  const now = serverNow();
  const view = waitingView(state?.tables ?? [], now);
  // One call per round: remembered by its slot, sounded once the clock passes toneAt.
  const called = useRef<number | null>(null);
  useEffect(() => {
    if (view.slot !== null && view.toneAt !== null && now >= view.toneAt && called.current !== view.slot) {
      called.current = view.slot;
      chime();
    }
  });
  return (
    <div className="board waiting" data-testid="waiting" lang={lang}>
      <header className="board-head">
        <div className="board-title">
          <div className="board-sub">
            {view.slot !== null ? t('waiting.next', { time: clockText(view.slot) }) : t('waiting.none')}{' '}
            <span className="en">{view.slot !== null ? other('waiting.next', { time: clockText(view.slot) }) : other('waiting.none')}</span>
          </div>
          {view.slot !== null && (
            <div className="board-event" data-testid="waiting-in">
              {t('waiting.in', { min: minutesOf(view.slot - now) })} · {other('waiting.in', { min: minutesOf(view.slot - now) })}
            </div>
          )}
        </div>
        <div className="board-clock">{state ? clockText(now, 'Asia/Seoul', true) : '--:--:--'}</div>
      </header>
      <div className="waiting-body">
        <ol className="waiting-calls">
          {view.calls.map((c) => (
            <li key={c.table} data-testid="waiting-call">
              <b>{c.table}</b>
              <span>
                {c.seller} <small>· {c.buyer}</small>
              </span>
            </li>
          ))}
        </ol>
        {view.late.length > 0 && (
          <aside className="waiting-late" data-testid="waiting-late">
            <h2>
              {t('waiting.late')} <span className="en">{other('waiting.late')}</span>
            </h2>
            {view.late.map((l) => (
              <div key={l.table}>
                <b>{l.table}</b> {l.seller} <span className="bt-delay">{t('waiting.lateBy', { min: l.minutes })}</span>
              </div>
            ))}
          </aside>
        )}
      </div>
    </div>
  );
}
