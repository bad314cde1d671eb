import { useEffect, useRef, useState, type ReactNode } from 'react';
import { assertNever, type AppError, type DoorOutcome, type SessionView } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { seatsText, useSessions } from './useSessions';
import './sessions.css';

type Target = { sessionId: string } | { room: string };
type Shown = DoorOutcome | { status: 'error'; error: AppError };
const KEY = 'fairdesk.door.target';

function savedTarget(): Target | null {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Target | null;
    return v && (('sessionId' in v && typeof v.sessionId === 'string') || ('room' in v && typeof v.room === 'string')) ? v : null;
  } catch {
    return null;
  }
}

/**
 * A door station (role `door`, 1366×768): staff pick a session — or follow a room, so
 * the station moves on to the room's next session by itself — and scan badges in or out.
 * The count against capacity is big; a full room or someone off the sign-up list is
 * refused in both languages, with an override that needs a reason.
 */
export function DoorScreen() {
  const { t, other } = useI18n();
  const { sessions, error } = useSessions();
  const [target, setTarget] = useState<Target | null>(savedTarget);
  const choose = (tg: Target | null) => {
    if (tg) localStorage.setItem(KEY, JSON.stringify(tg));
    else localStorage.removeItem(KEY);
    setTarget(tg);
  };
  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );
  if (!sessions) return <main className="screen door">{error ? <div className="form-error">{t(`error.${error.code}` as MessageKey)}</div> : '…'}</main>;
  if (!target) return <DoorPicker sessions={sessions} onPick={choose} bi={bi} />;
  return <DoorScanner sessions={sessions} target={target} onChange={() => choose(null)} bi={bi} />;
}

function DoorPicker({ sessions, onPick, bi }: { sessions: SessionView[]; onPick: (t: Target) => void; bi: (k: MessageKey) => ReactNode }) {
  const { t, time } = useI18n();
  const rooms = [...new Set(sessions.map((s) => s.schedule.room))];
  return (
    <main className="screen door" data-testid="door-picker">
      <h2>{bi('door.pick.title')}</h2>
      {sessions.length === 0 && <p className="panel">{bi('door.none')}</p>}
      <h3>{bi('door.pick.room')}</h3>
      <div className="door-choices">
        {rooms.map((r) => (
          <button key={r} onClick={() => onPick({ room: r })} data-room={r}>
            <b>{r}</b>
          </button>
        ))}
      </div>
      <h3>{bi('door.pick.session')}</h3>
      <div className="door-choices">
        {sessions.map((s) => (
          <button key={s.id} disabled={s.schedule.cancelled} onClick={() => onPick({ sessionId: s.id })} data-session={s.id}>
            <b>{s.title}</b>
            <span className="sub">
              {time(s.schedule.start)}–{time(s.schedule.end)} · {s.schedule.room} · {t(`kind.${s.kind}`)}
              {s.schedule.cancelled && ` · ${t('sessions.cancelled')}`}
            </span>
          </button>
        ))}
      </div>
    </main>
  );
}

/** The session the door serves now: the picked one, or the room's running (or next within 30 min) one. */
function currentOf(sessions: SessionView[], target: Target, now: number): SessionView | null {
  if ('sessionId' in target) return sessions.find((s) => s.id === target.sessionId) ?? null;
  const here = sessions.filter((s) => s.schedule.room === target.room && !s.schedule.cancelled);
  const running = here.filter((s) => Date.parse(s.schedule.start) <= now && now < Date.parse(s.schedule.end));
  return running[running.length - 1] ?? here.find((s) => Date.parse(s.schedule.start) > now && Date.parse(s.schedule.start) - 30 * 60_000 <= now) ?? null;
}

function DoorScanner({ sessions, target, onChange, bi }: { sessions: SessionView[]; target: Target; onChange: () => void; bi: (k: MessageKey) => ReactNode }) {
  const { t, other, time } = useI18n();
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [scan, setScan] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [lastCode, setLastCode] = useState('');
  const guard = useBusyGuard();
  const scanRef = useRef<HTMLInputElement>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    // The screen's guess of the room's session; the server decides on every scan.
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, []);
  useEffect(() => scanRef.current?.focus(), [shown, direction]);
  const current = currentOf(sessions, target, now);

  async function send(code: string, override?: string) {
    await guard(async () => {
      try {
        const r = await call('sessions.door.scan', { nonce: nonce(), code, direction, ...target, ...(override ? { override: { reason: override } } : {}) });
        setShown(r.ok ? r.value : { status: 'error', error: r.error });
        setLastCode(code);
      } finally {
        setScan('');
        scanRef.current?.focus();
      }
    });
  }

  return (
    <main className="screen door">
      <div className="door-head">
        <div className="door-session" data-testid="door-session">
          {'room' in target && <div className="sub">{t('door.following', { room: target.room })}</div>}
          {current ? (
            <>
              <b>{current.title}</b>
              <div className="sub">
                {time(current.schedule.start)}–{time(current.schedule.end)} · {current.schedule.room}
                {current.schedule.cancelled && ` · ${t('sessions.cancelled')}`}
              </div>
            </>
          ) : (
            <b>{bi('door.no_session')}</b>
          )}
        </div>
        {current && (
          <div className={`door-count${current.full ? ' full' : ''}`} data-testid="door-count" data-occupancy={current.occupancy}>
            <span className="label">{bi('door.occupancy')}</span>
            <span className="num">{seatsText(current)}</span>
            {current.full ? <span className="chip">{t('door.full')} {other('door.full')}</span> : current.details.capacity === null && <span className="sub">{t('door.noLimit')}</span>}
          </div>
        )}
        <button onClick={onChange} data-testid="door-change">
          {bi('door.change')}
        </button>
      </div>
      <div className="door-dir" role="radiogroup">
        {(['in', 'out'] as const).map((d) => (
          <button key={d} role="radio" aria-checked={direction === d} className={direction === d ? `primary dir-${d}` : ''} onClick={() => setDirection(d)} data-testid={`door-${d}`}>
            {t(`door.${d}`)} <span className="sub">{other(`door.${d}`)}</span>
          </button>
        ))}
      </div>
      <form
        className="panel scan"
        onSubmit={(e) => {
          e.preventDefault();
          if (scan.trim()) void send(scan);
        }}
      >
        <label htmlFor="door-scan">{bi('door.scan.label')}</label>
        <input id="door-scan" ref={scanRef} data-testid="scan-input" value={scan} maxLength={200} autoComplete="off" spellCheck={false} placeholder={t('door.scan.placeholder')} onChange={(e) => setScan(e.target.value)} />
      </form>
      {shown && <DoorAnswer shown={shown} onOverride={(reason) => void send(lastCode, reason)} />}
    </main>
  );
}

/** One place where every door outcome becomes KO/EN text. */
function DoorAnswer({ shown, onOverride }: { shown: Shown; onOverride: (reason: string) => void }) {
  const { t, other, time, errorText } = useI18n();
  const card = (cls: string, title: MessageKey, body?: ReactNode, p?: Record<string, string | number>) => (
    <div className={`outcome door-outcome ${cls}`} data-testid="outcome" data-status={shown.status} role="status">
      <h2>
        {t(title, p)} <span className="sub">{other(title, p)}</span>
      </h2>
      {body}
    </div>
  );
  const who = (v: { nameKo: string; organisation: string | null }) => (
    <div className="who">
      {v.nameKo} {v.organisation && <span className="sub">{v.organisation}</span>}
    </div>
  );
  const both = (k: MessageKey, p?: Record<string, string | number>) => (
    <div>
      {t(k, p)} <span className="sub">{other(k, p)}</span>
    </div>
  );
  switch (shown.status) {
    case 'admitted':
      return card('checked_in', shown.overridden ? 'door.admitted.override' : shown.reentry ? 'door.admitted.reentry' : 'door.admitted', who(shown.visitor));
    case 'already_in':
      return card('already_checked_in', 'door.already_in', <>{who(shown.visitor)}{both('door.already_in.detail', { time: time(shown.since) })}</>);
    case 'left':
      return card('checked_in', 'door.left', who(shown.visitor));
    case 'not_inside':
      return card('already_checked_in', 'door.not_inside', <>{who(shown.visitor)}{both('door.not_inside.detail')}</>);
    case 'full':
      return card('not_registered_today', 'door.full.title', <>{who(shown.visitor)}{both('door.full.detail', { occupancy: shown.occupancy, capacity: shown.capacity })}<Override onGo={onOverride} /></>);
    case 'not_signed_up':
      return card(
        'not_registered_today',
        'door.not_signed_up',
        <>
          {who(shown.visitor)}
          {shown.waitlistPosition !== null && both('door.not_signed_up.waitlist', { position: shown.waitlistPosition })}
          {both('door.not_signed_up.detail')}
          <Override onGo={onOverride} />
        </>,
      );
    case 'not_checked_in':
      return card('not_registered_today', 'door.not_checked_in', <>{who(shown.visitor)}{both('door.not_checked_in.detail')}</>);
    case 'session_ended':
      return card('error', 'door.session_ended', both('door.session_ended.detail', { time: time(shown.end) }));
    case 'session_cancelled':
      return card('error', 'door.session_cancelled');
    case 'no_session':
      return card('error', 'door.no_session');
    case 'unknown_code':
      return card('unknown_code', 'door.unknown_code', both('door.unknown_code.detail', { code: shown.code }));
    case 'error':
      return (
        <div className="outcome error" data-testid="outcome" data-status="error" role="status">
          <h2>{errorText(shown.error)}</h2>
        </div>
      );
    default:
      return assertNever(shown);
  }
}

function Override({ onGo }: { onGo: (reason: string) => void }) {
  const { t, other } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <form
      className="door-override"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim().length >= 2) onGo(reason.trim());
      }}
    >
      <input data-testid="override-reason" value={reason} maxLength={200} placeholder={`${t('door.override.reason')} · ${other('door.override.reason')}`} onChange={(e) => setReason(e.target.value)} />
      <button className="primary" disabled={reason.trim().length < 2} data-testid="override-go">
        {t('door.override.go')} <span className="sub">{other('door.override.go')}</span>
      </button>
    </form>
  );
}
