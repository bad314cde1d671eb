import { useCallback, useEffect, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { ROLES, type PendingSetupCode, type Role, type SetupCode } from '@contract/index';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Bi } from './bi';
import type { MessageKey } from '../i18n/ko';
import './stations-setup.css';

/** Every role an admin may give (never `setup`). */
export const GIVEN_ROLES = ROLES.filter((r) => r !== 'setup');

/**
 * The admin's "new station" card: name, role and validity → a one-time code shown large
 * (to type) and as a QR (to scan). The code is shown once; the database keeps its hash.
 */
export function SetupCodePanel({ onMade }: { onMade(): void }) {
  const { t, other, time, errorText } = useI18n();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('desk');
  const [minutes, setMinutes] = useState(120);
  const [made, setMade] = useState<(SetupCode & { qr: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PendingSetupCode[]>([]);
  const loadPending = useCallback(async () => {
    const r = await call('stations.code.list', {});
    if (r.ok) setPending(r.value);
  }, []);
  useEffect(() => {
    void loadPending();
  }, [loadPending]);

  async function cancel(code: PendingSetupCode) {
    setError(null);
    const r = await call('stations.code.cancel', { id: code.id });
    if (!r.ok) setError(errorText(r.error));
    // The card of a code just cancelled must not stay on screen as if it still worked.
    if (made && made.name === code.name && made.expiresAt === code.expiresAt) setMade(null);
    await loadPending();
  }

  async function make(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await call('stations.code.create', { name, role, validMinutes: minutes });
    if (r.ok) {
      const qr = await QRCode.toDataURL(r.value.payload, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
      setMade({ ...r.value, qr });
      setName('');
      onMade();
      await loadPending();
    } else setError(errorText(r.error));
    setBusy(false);
  }

  return (
    <section className="setup-code-panel" data-testid="setup-code-panel">
      <h3><Bi k="stations.code.title" /></h3>
      <form className="setup-code-make" onSubmit={make}>
        <label>
          <Bi k="stations.code.name" />
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} placeholder="Desk 4" data-testid="code-name" />
        </label>
        <label>
          <Bi k="stations.code.role" />
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="code-role">
            {GIVEN_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`venue.role.${r}` as MessageKey)} · {other(`venue.role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <Bi k="stations.code.minutes" />
          <input type="number" min={5} max={10080} value={minutes} onChange={(e) => setMinutes(Number(e.target.value) || 120)} style={{ width: '7em' }} />
        </label>
        <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="code-make">
          <Bi k="stations.code.make" />
        </button>
      </form>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {made && (
        <div className="setup-code-card" data-testid="setup-code-card">
          <img src={made.qr} alt={made.code} data-testid="setup-qr" />
          <div>
            <div className="code" data-testid="setup-code-text">
              {made.code}
            </div>
            <div>
              <b>{made.name}</b> · {t(`venue.role.${made.role}` as MessageKey)} <span className="sub">{other(`venue.role.${made.role}` as MessageKey)}</span>
            </div>
            <div>
              {t('stations.code.expires', { time: time(made.expiresAt) })} <span className="sub">{other('stations.code.expires', { time: time(made.expiresAt) })}</span>
            </div>
            <div className="sub" data-testid="setup-code-where">{t('stations.code.where', { where: made.where })}</div>
            {/^http:\/\/127\./.test(made.where) && (
              <p className="hint">
                {t('stations.code.localOnly')} <span className="sub">{other('stations.code.localOnly')}</span>
              </p>
            )}
            <p className="hint">
              {t('stations.code.hint')} <span className="sub">{other('stations.code.hint')}</span>
            </p>
          </div>
        </div>
      )}
      {pending.length > 0 && (
        <div className="setup-code-pending" data-testid="pending-codes">
          <h4>
            <Bi k="stations.code.pending" />
          </h4>
          <ul>
            {pending.map((c) => (
              <li key={c.id} data-testid={`pending-${c.id}`}>
                <b>{c.name}</b> · {t(`venue.role.${c.role}` as MessageKey)} · {t('stations.code.expires', { time: time(c.expiresAt) })}{' '}
                <button type="button" onClick={() => void cancel(c)} data-testid="code-cancel">
                  <Bi k="stations.code.cancel" />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Admin's per-row tools on the Stations screen: another role, or retire. */
export function StationRowActions({ station, self, onDone }: { station: { id: string; name: string; role: Role; retired: boolean }; self: boolean; onDone(): void }) {
  const { t, other, errorText } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState(false);
  if (station.retired) return <b>{t('stations.retired')}</b>;
  const setRole = async (role: Role) => {
    const r = await call('stations.role.set', { stationId: station.id, role });
    if (!r.ok) setError(errorText(r.error));
    onDone();
  };
  const retire = async () => {
    if (!window.confirm(`${t('stations.retire.confirm', { name: station.name })}\n${other('stations.retire.confirm', { name: station.name })}`)) return;
    const r = await call('stations.retire', { stationId: station.id });
    if (!r.ok) setError(errorText(r.error));
    onDone();
  };
  // The station's pairing address may have leaked: a new one; paired browsers keep working.
  const rotate = async () => {
    if (!window.confirm(`${t('stations.pairing.confirm', { name: station.name })}\n${other('stations.pairing.confirm', { name: station.name })}`)) return;
    setError(null);
    const r = await call('stations.pairing.rotate', { stationId: station.id });
    setError(r.ok ? null : errorText(r.error));
    if (r.ok) setNote(true);
  };
  return (
    <span className="station-actions">
      <select aria-label={t('stations.role.change')} value={station.role} disabled={self} onChange={(e) => void setRole(e.target.value as Role)} data-testid="station-role">
        {GIVEN_ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`venue.role.${r}` as MessageKey)}
          </option>
        ))}
      </select>{' '}
      {!self && (
        <button onClick={() => void retire()} data-testid="station-retire">
          {t('stations.retire')} <span className="sub">{other('stations.retire')}</span>
        </button>
      )}
      <button onClick={() => void rotate()} data-testid="station-pairing-rotate">
        {t('stations.pairing.rotate')} <span className="sub">{other('stations.pairing.rotate')}</span>
      </button>
      {note && (
        <span className="sub" role="status" data-testid="station-pairing-note">
          {t('stations.pairing.done')} · {other('stations.pairing.done')}
        </span>
      )}
      {error && <span className="form-error">{error}</span>}
    </span>
  );
}
