import { useEffect, useState } from 'react';
import type { DoorSettings, SessionAction, SessionView } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { AttendancePanel } from './AttendancePanel';
import { SessionEditForm } from './SessionEditForm';
import { SignupSheetPanel } from './SignupSheetPanel';
import { seatsText, useSessions } from './useSessions';
import './sessions.css';

/**
 * The floor console's sessions (admin, floor): today's sessions with live occupancy and
 * sign-ups, and the day's changes — delay, extend, cancel, move — plus the edit form
 * and the door settings.
 */
export function SessionsScreen() {
  const { t, other, time, errorText } = useI18n();
  const { sessions, error, reload } = useSessions();
  const [editing, setEditing] = useState<SessionView | null>(null);
  const [attendance, setAttendance] = useState<SessionView | null>(null);
  const [sheet, setSheet] = useState<SessionView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const guard = useBusyGuard();
  const bi = (k: MessageKey, p?: Record<string, string | number>) => (
    <>
      {t(k, p)} <span className="sub">{other(k, p)}</span>
    </>
  );
  const act = (s: SessionView, action: SessionAction, extra: { minutes?: number; room?: string } = {}) =>
    guard(async () => {
      const r = await call('sessions.act', { nonce: nonce(), sessionId: s.id, action, ...extra });
      setProblem(r.ok ? null : errorText(r.error));
      if (r.ok) await reload();
    });

  return (
    <main className="screen sessions-screen">
      <h2>{bi('sessions.title')}</h2>
      <DoorSettingsPanel />
      {error && <div className="form-error">{errorText(error)}</div>}
      {problem && <div className="form-error">{problem}</div>}
      {editing && (
        <SessionEditForm
          session={editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) void reload();
          }}
        />
      )}
      {attendance && <AttendancePanel session={attendance} onClose={() => setAttendance(null)} />}
      {sheet && <SignupSheetPanel session={sessions?.find((x) => x.id === sheet.id) ?? sheet} onClose={() => setSheet(null)} />}
      {sessions && sessions.length === 0 && <p className="panel">{bi('sessions.empty')}</p>}
      {sessions && sessions.length > 0 && (
        <table className="sessions-table" data-testid="sessions-table">
          <thead>
            <tr>
              <th>{bi('sessions.col.time')}</th>
              <th>{bi('sessions.col.session')}</th>
              <th>{bi('sessions.col.room')}</th>
              <th>{bi('sessions.col.occupancy')}</th>
              <th>{bi('sessions.col.signups')}</th>
              <th>{bi('sessions.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-session={s.id} className={s.schedule.cancelled ? 'cancelled' : s.full ? 'full' : ''}>
                <td className="num">
                  {time(s.schedule.start)}–{time(s.schedule.end)}
                  {s.schedule.delayMin > 0 && <div className="tag warn">{t('sessions.delayed', { min: s.schedule.delayMin })}</div>}
                </td>
                <td>
                  <b>{s.title}</b>
                  <div className="sub">
                    {t(`kind.${s.kind}`)} · {t(`mode.${s.details.mode}`)}
                    {s.schedule.cancelled && <span className="tag bad"> {t('sessions.cancelled')}</span>}
                  </div>
                </td>
                <td>
                  {s.schedule.room}
                  {s.schedule.moved && <div className="tag warn">{t('sessions.moved')}</div>}
                </td>
                <td className="num" data-testid="session-occupancy">
                  {seatsText(s)}
                  {s.full && <span className="tag bad"> {t('door.full')}</span>}
                </td>
                <td className="num">{s.details.signupRequired ? `${s.signedUp} / ${s.waitlisted}` : '—'}</td>
                <td className="actions">
                  <button onClick={() => setEditing(s)} data-testid="edit">
                    {t('sessions.edit')}
                  </button>
                  {(s.details.signupRequired || s.signedUp + s.waitlisted > 0) && (
                    <button onClick={() => setSheet(s)} data-testid="signup-sheet-open">
                      {t('sessions.sheet')}
                    </button>
                  )}
                  {s.details.minAttendancePct !== null && (
                    <button onClick={() => setAttendance(s)} data-testid="attendance">
                      {t('sessions.attendance')}
                    </button>
                  )}
                  <button onClick={() => void act(s, 'delay', { minutes: 10 })}>{t('sessions.delay', { min: 10 })}</button>
                  <button onClick={() => void act(s, 'extend', { minutes: 10 })}>{t('sessions.extend', { min: 10 })}</button>
                  <button
                    onClick={() => {
                      const room = window.prompt(`${t('sessions.move.prompt')} · ${other('sessions.move.prompt')}`, s.schedule.room);
                      if (room?.trim()) void act(s, 'move', { room: room.trim().slice(0, 200) });
                    }}
                  >
                    {t('sessions.move')}
                  </button>
                  {s.schedule.cancelled ? (
                    <button onClick={() => void act(s, 'reinstate')}>{t('sessions.reinstate')}</button>
                  ) : (
                    <button className="danger" onClick={() => window.confirm(t('sessions.cancel.confirm', { title: s.title })) && void act(s, 'cancel')} data-testid="cancel">
                      {t('sessions.cancel')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function DoorSettingsPanel() {
  const { t, other, errorText } = useI18n();
  const [s, setS] = useState<DoorSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void call('sessions.door.settings.get', {}).then((r) => r.ok && setS(r.value));
  }, []);
  if (!s) return null;
  const save = async (next: DoorSettings) => {
    const r = await call('sessions.door.settings.set', next);
    if (r.ok) setS(r.value);
    setProblem(r.ok ? null : errorText(r.error));
  };
  return (
    <div className="panel door-settings">
      <span>
        {t('sessions.settings.notCheckedIn')} <span className="sub">{other('sessions.settings.notCheckedIn')}</span>
      </span>
      {(['admit', 'send_to_desk'] as const).map((v) => (
        <label key={v} className="check">
          <input type="radio" name="notCheckedIn" checked={s.notCheckedIn === v} onChange={() => void save({ ...s, notCheckedIn: v })} /> {t(`sessions.settings.${v}`)}
        </label>
      ))}
      <label>
        {t('sessions.settings.noShow')}{' '}
        <select value={s.noShowMin} onChange={(e) => void save({ ...s, noShowMin: Number(e.target.value) })}>
          {[5, 10, 15, 20, 30].map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      {problem && <span className="form-error">{problem}</span>}
    </div>
  );
}
