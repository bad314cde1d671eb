import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OperatorInfo, OperatorSettings } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { Bi } from './bi';
import type { MessageKey } from '../i18n/ko';
import './stations-setup.css';

/** 근무자 / Operators (admin): who may sign in at desks, gift desks and the floor, and how. */
export function OperatorsScreen() {
  const { t, other, time, errorText } = useI18n();
  const [ops, setOps] = useState<OperatorInfo[]>([]);
  const [settings, setSettings] = useState<OperatorSettings | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [draft, setDraft] = useState({ name: '', pin: '', badgeCode: '', admin: false });
  const load = useCallback(async () => {
    const r = await call('operators.list', {});
    if (r.ok) {
      setOps(r.value.operators);
      setSettings(r.value.settings);
    } else setNote(errorText(r.error));
  }, [errorText]);
  useEffect(() => void load(), [load]);
  usePushEvents((ev) => ev.type === 'operators.changed' && void load());

  async function add(e: FormEvent) {
    e.preventDefault();
    const r = await call('operators.save', { name: draft.name, pin: draft.pin || undefined, badgeCode: draft.badgeCode || null, admin: draft.admin });
    setNote(r.ok ? t('operators.saved') : errorText(r.error));
    if (r.ok) setDraft({ name: '', pin: '', badgeCode: '', admin: false });
    void load();
  }
  async function unlock(o: OperatorInfo) {
    const r = await call('operators.save', { id: o.id, name: o.name, admin: o.admin });
    setNote(r.ok ? t('operators.saved') : errorText(r.error));
  }
  async function remove(o: OperatorInfo) {
    const r = await call('operators.retire', { id: o.id });
    if (!r.ok) setNote(errorText(r.error));
  }
  async function saveSettings(next: OperatorSettings) {
    const r = await call('operators.settings.set', next);
    if (r.ok) setSettings(r.value);
    else setNote(errorText(r.error));
  }

  return (
    <main className="screen operators-screen" data-testid="operators">
      <h2><Bi k="operators.title" /></h2>
      {settings && (
        <div className="setup-code-make">
          <label>
            <Bi k="operators.idle" />
            <input type="number" min={1} max={720} value={settings.idleMinutes} onChange={(e) => void saveSettings({ ...settings, idleMinutes: Math.max(1, Number(e.target.value) || 1) })} style={{ width: '6em' }} />
          </label>
          <label style={{ flexDirection: 'row', alignItems: 'center' }}>
            <input type="checkbox" checked={settings.requireOperator} onChange={(e) => void saveSettings({ ...settings, requireOperator: e.target.checked })} data-testid="require-operator" />
            <Bi k="operators.require" />
          </label>
        </div>
      )}
      <form className="setup-code-make" onSubmit={add}>
        <label>
          <Bi k="operators.name" />
          <input value={draft.name} maxLength={40} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="op-name" />
        </label>
        <label>
          <Bi k="operators.pin" />
          <input type="password" inputMode="numeric" maxLength={8} value={draft.pin} onChange={(e) => setDraft({ ...draft, pin: e.target.value.replace(/\D/g, '') })} data-testid="op-pin" />
        </label>
        <label>
          <Bi k="operators.badge" />
          <input value={draft.badgeCode} maxLength={64} onChange={(e) => setDraft({ ...draft, badgeCode: e.target.value })} />
        </label>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input type="checkbox" checked={draft.admin} onChange={(e) => setDraft({ ...draft, admin: e.target.checked })} />
          <Bi k="operators.admin" />
        </label>
        <button type="submit" className="primary" disabled={!draft.name.trim() || (!draft.pin && !draft.badgeCode)} data-testid="op-add">
          <Bi k="operators.add" />
        </button>
      </form>
      {note && <div className="hint" role="status">{note}</div>}
      <table className="grid">
        <tbody>
          {ops.map((o) => (
            <tr key={o.id}>
              <td>
                <b>{o.name}</b> {o.admin && <span className="this-station">{t('operators.admin')}</span>}
              </td>
              <td>{o.badgeCode ?? ''}</td>
              <td>
                {o.lockedUntil && (
                  <button onClick={() => void unlock(o)}>
                    {t('operators.lockedUntil', { time: time(o.lockedUntil) })} · {other('operators.lockedUntil', { time: time(o.lockedUntil) })}
                  </button>
                )}
              </td>
              <td>
                <button onClick={() => void remove(o)}>{t('operators.remove')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
