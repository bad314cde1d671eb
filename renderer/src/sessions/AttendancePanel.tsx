import { useEffect, useState } from 'react';
import type { SessionAttendance, SessionView } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { saveFile } from './save-file';

/**
 * A training's attendance on the console: time inside per attendee against the minimum,
 * the certificates (one person, one institution merged, everyone who completed) and the
 * CSV/XLSX exports.
 */
export function AttendancePanel({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const { t, other, errorText } = useI18n();
  const [a, setA] = useState<SessionAttendance | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const guard = useBusyGuard();
  useEffect(() => {
    void call('sessions.attendance', { sessionId: session.id }).then((r) => (r.ok ? setA(r.value) : setProblem(errorText(r.error))));
  }, [session.id, errorText]);
  const both = (k: MessageKey, p?: Record<string, string | number>) => `${t(k, p)} · ${other(k, p)}`;
  const certs = (filter: { code?: string; organisation?: string }) =>
    guard(async () => {
      const r = await call('sessions.certificates', { sessionId: session.id, ...filter });
      if (!r.ok) return setProblem(errorText(r.error));
      if (r.value.count === 0) return setProblem(both('attendance.noCertificates'));
      setProblem(null);
      saveFile(r.value.fileName, 'application/pdf', r.value.dataBase64, true);
    });
  const exportAs = (format: 'csv' | 'xlsx', organisation?: string) =>
    guard(async () => {
      const r = await call('sessions.attendance.export', { format, ...(organisation !== undefined ? { organisation } : { sessionId: session.id }) });
      if (r.ok) saveFile(r.value.fileName, r.value.mime, r.value.dataBase64);
      else setProblem(errorText(r.error));
    });
  const orgs = [...new Set((a?.rows ?? []).map((r) => r.organisation ?? ''))];
  return (
    <div className="panel attendance-panel" data-testid="attendance-panel">
      <h3>
        {t('attendance.title')} <span className="sub">{other('attendance.title')}</span> — {session.title}
      </h3>
      {a && <p className="sub">{a.minAttendancePct !== null ? both('attendance.rule', { pct: a.minAttendancePct }) : both('attendance.noRule')}</p>}
      {problem && <div className="form-error">{problem}</div>}
      <div className="row">
        <button className="primary" onClick={() => void certs({})} data-testid="certs-all">
          {both('attendance.certs.all')}
        </button>
        <button onClick={() => void exportAs('xlsx')}>XLSX</button>
        <button onClick={() => void exportAs('csv')}>CSV</button>
        <button onClick={onClose}>{both('session.edit.close')}</button>
      </div>
      {orgs.length > 0 && (
        <div className="row">
          {orgs.map((o) => (
            <span key={o} className="org-actions">
              <b>{o || '—'}</b>
              <button onClick={() => void certs({ organisation: o })}>{t('attendance.certs.org')}</button>
              <button onClick={() => void exportAs('xlsx', o)}>XLSX</button>
            </span>
          ))}
        </div>
      )}
      {a && (
        <table className="sessions-table">
          <thead>
            <tr>
              <th>{both('attendance.col.name')}</th>
              <th>{both('attendance.col.org')}</th>
              <th>{both('attendance.col.time')}</th>
              <th>{both('attendance.col.done')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {a.rows.map((r) => (
              <tr key={r.code} data-code={r.code}>
                <td>{r.nameKo}</td>
                <td>{r.organisation ?? '—'}</td>
                <td className="num">
                  {r.minutes}′ · {r.pct}%
                </td>
                <td>{r.completed ? both('attendance.done') : both('attendance.notDone')}</td>
                <td>{r.completed && <button onClick={() => void certs({ code: r.code })}>{t('attendance.certs.one')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
