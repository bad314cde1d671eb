import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Bi } from './bi';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';
import './stations-setup.css';

/**
 * 스테이션 설정 / Set up this station: what a fresh station (no role) shows. A handheld
 * scanner types the QR's text into the same box as a typed code. The organiser's laptop
 * step is offered only while the database has no admin. Either way, success reloads the
 * page: the station comes back with its role's screens.
 */
export function StationSetupScreen() {
  const { t, other, errorText, lang, setLang } = useI18n();
  const hello = useStation();
  const [code, setCode] = useState('');
  // The admin station's address, for a typed code (a scanned QR carries it): host:port is enough.
  const [admin, setAdmin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [canBeOrganiser, setCanBeOrganiser] = useState(false);
  const [organiser, setOrganiser] = useState(false);
  const [name, setName] = useState(hello.station.name);
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const codeRef = useRef<HTMLInputElement>(null);
  const adminRef = useRef<HTMLInputElement>(null);
  const otherError = (c: string) => other(`error.${c}` as MessageKey);

  useEffect(() => {
    void call('stations.setup.state', {}).then((r) => r.ok && setCanBeOrganiser(r.value.canBeOrganiser));
    codeRef.current?.focus();
  }, []);


  async function redeem(e: FormEvent) {
    e.preventDefault();
    if (busy || !code.trim()) return;
    setBusy(true);
    setError(null);
    // The station asks the admin station itself (or its own database, with no address) and,
    // when the code says so, moves onto the venue database before answering.
    const r = await call('stations.setup.join', { code, admin: admin.trim() || undefined });
    setBusy(false);
    if (r.ok) return location.reload();
    const both = `${errorText(r.error)} · ${otherError(r.error.code)}`;
    const needAdmin = r.error.code === 'setup_code_unknown' && hello.db === 'sqlite' && !admin.trim() && !/@http/i.test(code);
    setError(needAdmin ? `${both}\n${t('stationSetup.needAdmin')} · ${other('stationSetup.needAdmin')}` : both);
    if (r.error.code === 'setup_admin_unreachable' || r.error.code === 'setup_admin_address' || needAdmin) adminRef.current?.select();
    else codeRef.current?.select();
  }

  async function becomeOrganiser(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (pin !== pin2) return setError(`${t('stationSetup.organiser.mismatch')} · ${other('stationSetup.organiser.mismatch')}`);
    setBusy(true);
    setError(null);
    const r = await call('stations.setup.organiser', { name, pin });
    setBusy(false);
    if (r.ok) location.reload();
    else setError(r.error.code === 'conflict' ? `${t('stationSetup.organiser.taken')} · ${other('stationSetup.organiser.taken')}` : errorText(r.error));
  }

  return (
    <main className="station-setup" data-testid="station-setup">
      <header>
        <h1><Bi k="stationSetup.title" /></h1>
        <button onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')}>{t('app.lang.toggle')}</button>
      </header>
      <p className="lead">
        {t('stationSetup.lead')}
        <br />
        <span className="sub">{other('stationSetup.lead')}</span>
      </p>
      <form onSubmit={redeem} className="setup-code-form">
        <label htmlFor="setup-code"><Bi k="stationSetup.code" /></label>
        <input
          id="setup-code"
          ref={codeRef}
          data-testid="setup-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder="K7M4-PQ3X"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={200}
        />
        <button type="submit" className="primary" disabled={busy || !code.trim()} data-testid="setup-redeem">
          <Bi k={busy ? 'stationSetup.joining' : 'stationSetup.go'} />
        </button>
        {hello.db === 'sqlite' && (
          <>
            <label htmlFor="setup-admin"><Bi k="stationSetup.admin" /></label>
            <input
              id="setup-admin"
              ref={adminRef}
              className="setup-admin"
              data-testid="setup-admin"
              value={admin}
              onChange={(e) => setAdmin(e.target.value)}
              placeholder="10.0.0.5:4810"
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
            />
            <p className="hint">
              {t('stationSetup.admin.hint')} <span className="sub">{other('stationSetup.admin.hint')}</span>
            </p>
          </>
        )}
      </form>
      {error && (
        <div className="form-error" role="alert" data-testid="setup-error">
          {error}
        </div>
      )}
      {canBeOrganiser && !organiser && (
        <button className="organiser-open" onClick={() => setOrganiser(true)} data-testid="organiser-open">
          <Bi k="stationSetup.organiser" />
        </button>
      )}
      {canBeOrganiser && organiser && (
        <form onSubmit={becomeOrganiser} className="organiser-form" data-testid="organiser-form">
          <h2><Bi k="stationSetup.organiser" /></h2>
          <p>
            {t('stationSetup.organiser.lead')} <span className="sub">{other('stationSetup.organiser.lead')}</span>
          </p>
          <label>
            <Bi k="stationSetup.organiser.name" />
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} />
          </label>
          <label>
            <Bi k="stationSetup.organiser.pin" />
            <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} maxLength={8} data-testid="organiser-pin" />
          </label>
          <label>
            <Bi k="stationSetup.organiser.pin2" />
            <input type="password" inputMode="numeric" value={pin2} onChange={(e) => setPin2(e.target.value.replace(/\D/g, ''))} maxLength={8} data-testid="organiser-pin2" />
          </label>
          <button type="submit" className="primary" disabled={busy || pin.length < 4 || !name.trim()} data-testid="organiser-go">
            <Bi k="stationSetup.organiser.go" />
          </button>
        </form>
      )}
      <footer className="sub">
        {hello.station.name} · {t('stationSetup.where', { db: hello.db })}
      </footer>
    </main>
  );
}
