import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { OPERATOR_ROLES, type OperatorInfo, type SignInResult } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { useStation } from '../station-context';
import './stations-setup.css';

type Current = { id: string; name: string; admin: boolean } | null;

/**
 * Who is working this station, in the top bar: one tap opens the panel (tap a name, type
 * the PIN — or scan a staff badge into the same box). Signing in is its own call: a scan
 * already on its way is never held up by it.
 */
export function OperatorBar() {
  const hello = useStation();
  const { t, other, time, errorText } = useI18n();
  const [current, setCurrent] = useState<Current>(null);
  const [ops, setOps] = useState<OperatorInfo[]>([]);
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const [entry, setEntry] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const enabled = OPERATOR_ROLES.includes(hello.station.role);

  const load = useCallback(async () => {
    if (!enabled) return;
    const r = await call('operators.list', {});
    if (r.ok) {
      setCurrent(r.value.current);
      setOps(r.value.operators);
    }
  }, [enabled]);
  useEffect(() => void load(), [load]);
  usePushEvents((ev) => ev.type === 'operators.changed' && void load());
  if (!enabled) return null;

  const answer = (r: SignInResult) => {
    if (r.status === 'signed_in') {
      setOpen(false);
      setEntry('');
      setNote(null);
      setCurrent(r.operator);
    } else if (r.status === 'wrong_pin') setNote(`${t('operator.wrongPin', { n: r.triesLeft })} · ${other('operator.wrongPin', { n: r.triesLeft })}`);
    else if (r.status === 'locked') setNote(`${t('operator.locked', { time: time(r.until) })} · ${other('operator.locked', { time: time(r.until) })}`);
    else setNote(`${t('operator.unknownBadge')} · ${other('operator.unknownBadge')}`);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = entry.trim();
    if (!text) return;
    // Digits only with a name picked: a PIN; anything else is a scanned badge.
    const r = picked && /^\d{1,8}$/.test(text) ? await call('operators.signIn', { operatorId: picked, pin: text }) : await call('operators.signIn', { badge: text });
    setEntry('');
    if (r.ok) answer(r.value);
    else setNote(errorText(r.error));
    inputRef.current?.focus();
  }

  async function signOut() {
    await call('operators.signOut', {});
    setCurrent(null);
  }

  return (
    <div className="operator-bar" data-testid="operator-bar">
      <span className="who" data-testid="operator-current">
        {current ? current.name : `${t('operator.none')} · ${other('operator.none')}`}
      </span>
      <button onClick={() => setOpen(true)} data-testid="operator-open">
        {current ? t('operator.switch') : t('operator.signIn')}
      </button>
      {current && <button onClick={() => void signOut()}>{t('operator.signOut')}</button>}
      {open && (
        <div className="operator-panel" role="dialog">
          <div>
            <h3>
              {t('operator.signIn')} <span className="sub">{other('operator.signIn')}</span>
            </h3>
            <div className="operator-names">
              {ops.map((o) => (
                <button
                  key={o.id}
                  className={picked === o.id ? 'active' : ''}
                  onClick={() => {
                    setPicked(o.id);
                    setNote(null);
                    inputRef.current?.focus();
                  }}
                >
                  {o.name}
                </button>
              ))}
            </div>
            <form onSubmit={submit}>
              <input ref={inputRef} type="password" autoFocus value={entry} onChange={(e) => setEntry(e.target.value)} aria-label={t('operator.pin')} maxLength={200} data-testid="operator-pin" />
            </form>
            <div className="sub">
              {t('operator.badge')} · {other('operator.badge')}
            </div>
            {note && (
              <div className="form-error" role="alert">
                {note}
              </div>
            )}
            <button onClick={() => setOpen(false)}>{t('operator.cancel')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
