import { useCallback, useEffect, useState } from 'react';
import { assertNever, type SessionView, type SignupOutcome, type VisitorSignup } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard, usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './sessions.css';

/**
 * A visitor's sign-ups for tours and trainings, and a sign-up for one more: on the desk's
 * visitor card (staff) and on the kiosk after the visitor scanned their own badge. With
 * `ticket` (the kiosk) each sign-up has a button that prints a small ticket here.
 */
export function SignupPanel({ code, ticket = false }: { code: string; ticket?: boolean }) {
  const { t, other, time, errorText } = useI18n();
  const [mine, setMine] = useState<VisitorSignup[]>([]);
  const [open, setOpen] = useState<SessionView[]>([]);
  const [answer, setAnswer] = useState<string | null>(null);
  const guard = useBusyGuard();
  const load = useCallback(async () => {
    const [a, b] = await Promise.all([call('sessions.signups.of', { code }), call('sessions.list', {})]);
    if (a.ok) setMine(a.value);
    if (b.ok) {
      const now = Date.parse(b.value.now);
      setOpen(b.value.sessions.filter((s) => s.details.signupRequired && !s.schedule.cancelled && Date.parse(s.schedule.end) > now));
    }
  }, [code]);
  useEffect(() => {
    setAnswer(null);
    void load();
  }, [load]);
  usePushEvents((ev) => {
    if (ev.type === 'sessions.changed') void load();
  });
  const both = (k: MessageKey, p?: Record<string, string | number>) => `${t(k, p)} · ${other(k, p)}`;
  const say = (o: SignupOutcome): string => {
    switch (o.status) {
      case 'confirmed':
        return both('signup.confirmed');
      case 'waitlisted':
        return both('signup.waitlisted', { position: o.position });
      case 'overlap':
        return both('signup.overlap', { title: o.otherTitle });
      case 'no_signup':
      case 'session_ended':
      case 'session_cancelled':
      case 'unknown_code':
        return both(`signup.${o.status}`);
      default:
        return assertNever(o);
    }
  };
  const signUp = (sessionId: string) =>
    guard(async () => {
      const r = await call('sessions.signup', { nonce: nonce(), sessionId, code });
      setAnswer(r.ok ? say(r.value) : errorText(r.error));
      await load();
    });
  const cancel = (sessionId: string) =>
    guard(async () => {
      const r = await call('sessions.signup.cancel', { nonce: nonce(), sessionId, code });
      if (!r.ok) setAnswer(errorText(r.error));
      await load();
    });
  const print = (sessionId: string) =>
    guard(async () => {
      const r = await call('sessions.ticket.print', { nonce: nonce(), sessionId, code });
      setAnswer(r.ok ? both(`ticket.${r.value.status}`) : errorText(r.error));
    });
  const taken = new Set(mine.map((m) => m.sessionId));
  return (
    <div className="panel signup-panel" data-testid="signup-panel">
      <h3>
        {t('signup.title')} <span className="sub">{other('signup.title')}</span>
      </h3>
      {mine.length === 0 ? (
        <div className="sub">{both('signup.none')}</div>
      ) : (
        <ul>
          {mine.map((m) => (
            <li key={m.sessionId} data-session={m.sessionId}>
              <span>
                {time(m.start)} {m.title} <span className="sub">{m.meetingPoint ?? m.room}</span>
              </span>
              <span className={`status ${m.status}`}>{m.status === 'confirmed' ? t('signup.confirmed') : t('signup.waitlisted', { position: m.position ?? 0 })}</span>
              {ticket && (
                <button onClick={() => void print(m.sessionId)} data-testid="signup-ticket">
                  {t('signup.ticket')} <span className="sub">{other('signup.ticket')}</span>
                </button>
              )}
              <button onClick={() => void cancel(m.sessionId)}>{t('signup.cancel')}</button>
            </li>
          ))}
        </ul>
      )}
      {/* One button per session (no select): the kiosk keeps focus on its scanner, which would close a dropdown. */}
      <div className="signup-open">
        {open
          .filter((s) => !taken.has(s.id))
          .map((s) => (
            <button key={s.id} onClick={() => void signUp(s.id)} data-testid="signup-go" data-session={s.id}>
              {time(s.schedule.start)} {s.title} ({s.signedUp}/{s.details.capacity ?? '∞'}) — <b>{t('signup.go')}</b> <span className="sub">{other('signup.go')}</span>
            </button>
          ))}
      </div>
      {answer && (
        <div className="signup-answer" data-testid="signup-answer" role="status">
          {answer}
        </div>
      )}
    </div>
  );
}
