/**
 * The staff corner of a kiosk: a PIN pad (checked and throttled by the server), then
 * printer status, reprint for the visitor at the kiosk, and leaving kiosk mode. The
 * staff token lives only in this component: closing the panel ends the session.
 */
import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '@contract/index';
import { call, nonce } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { empty, text, type ComposeState } from './hangul-compose';
import { Keyboard } from './Keyboard';

type Printer = OutputOf<'kiosk.status'>;

export function StaffPanel({ ticket, onClose }: { ticket: string | null; onClose: () => void }) {
  const { t, errorText } = useI18n();
  const [pin, setPin] = useState<ComposeState>(empty());
  const [token, setToken] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [printer, setPrinter] = useState<Printer | null>(null);
  const [busy, setBusy] = useState(false);
  const tokenRef = useRef<string | null>(null);
  tokenRef.current = token;

  // Leaving the panel (or the kiosk resetting under it) ends the staff session.
  useEffect(
    () => () => {
      if (tokenRef.current) void call('kiosk.staffLock', { token: tokenRef.current });
    },
    [],
  );

  async function unlock() {
    if (busy) return;
    setBusy(true);
    const r = await call('kiosk.staffUnlock', { pin: text(pin) });
    setBusy(false);
    setPin(empty());
    if (!r.ok) return setMessage(errorText(r.error));
    const o = r.value;
    if (o.status === 'unlocked') {
      setToken(o.token);
      setMessage(null);
      const p = await call('kiosk.status', {});
      if (p.ok) setPrinter(p.value);
    } else if (o.status === 'wrong_pin') setMessage(t('kiosk.staff.wrong', { n: o.attemptsLeft }));
    else if (o.status === 'locked') setMessage(t('kiosk.staff.locked', { s: o.retryInSeconds }));
    else setMessage(t('kiosk.staff.noPin'));
  }

  async function staffCall(fn: (token: string) => Promise<{ ok: boolean; error?: { code: string } }>, done: string) {
    if (!token || busy) return;
    setBusy(true);
    const r = await fn(token);
    setBusy(false);
    if (r.ok) return setMessage(done);
    if (r.error?.code === 'unauthorized') {
      setToken(null);
      return setMessage(t('kiosk.staff.expired'));
    }
    setMessage(t('kiosk.msg.error'));
  }

  return (
    <div className="kiosk-modal" role="dialog" data-testid="staff-panel">
      <div className="kiosk-modal-box staff">
        {!token ? (
          <>
            <h2>{t('kiosk.staff.pin')}</h2>
            <div className="kiosk-field-value pin" data-testid="pin-value">
              {'●'.repeat(text(pin).length)}
              <span className="kiosk-caret" aria-hidden />
            </div>
            <Keyboard layout="numeric" value={pin} onChange={setPin} maxLength={8} />
            <div className="kiosk-foot">
              <button type="button" className="kbtn ghost" data-testid="staff-close" onClick={onClose}>
                {t('kiosk.nav.close')}
              </button>
              <button type="button" className="kbtn big primary" data-testid="pin-submit" disabled={busy || text(pin).length < 4} onClick={() => void unlock()}>
                {t('kiosk.staff.unlock')}
              </button>
            </div>
          </>
        ) : (
          <>
            <h2>{t('kiosk.staff.title')}</h2>
            {printer && (
              <p data-testid="staff-printer">
                {t('kiosk.staff.printer')}: <b>{printer.printerName ?? '—'}</b> · {printer.online ? t('kiosk.staff.printerOnline') : t('kiosk.staff.printerOffline')}
                {printer.reason ? ` (${printer.reason})` : ''}
              </p>
            )}
            <div className="kiosk-choices">
              <button
                type="button"
                className="kbtn big"
                data-testid="staff-reprint"
                disabled={!ticket || busy}
                onClick={() => ticket && void staffCall((tk) => call('kiosk.staffReprint', { token: tk, ticket, nonce: nonce() }), t('kiosk.staff.reprinted'))}
              >
                {ticket ? t('kiosk.staff.reprint') : t('kiosk.staff.noVisitor')}
              </button>
              <button type="button" className="kbtn big danger" data-testid="staff-exit" disabled={busy} onClick={() =>
                  void staffCall(async (tk) => {
                    const r = await call('kiosk.staffExit', { token: tk });
                    // Browser kiosk: leave full screen (the Electron shell releases its own lockdown on the event).
                    if (r.ok && document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
                    return r;
                  }, t('kiosk.staff.exited'))
                }
              >
                {t('kiosk.staff.exit')}
              </button>
              <button type="button" className="kbtn big" data-testid="staff-close" onClick={onClose}>
                {t('kiosk.nav.close')}
              </button>
            </div>
          </>
        )}
        {message && (
          <div className="kiosk-banner warn" role="alert" data-testid="staff-message">
            {message}
          </div>
        )}
      </div>
    </div>
  );
}
