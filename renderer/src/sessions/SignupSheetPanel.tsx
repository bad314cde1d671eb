import { useEffect, useState } from 'react';
import type { SignupSheet, SignupSheetRow, SessionView } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { saveFile } from './save-file';

/**
 * The list a guide leaves with (admin, floor): confirmed in sign-up order, then the
 * waitlist with its positions, who checked in at the entrance and who came through the
 * door; printable as an A4 PDF or saved as CSV.
 */
export function SignupSheetPanel({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const { t, other, time, errorText } = useI18n();
  const [sheet, setSheet] = useState<SignupSheet | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const guard = useBusyGuard();
  useEffect(() => {
    void call('sessions.signups.sheet', { sessionId: session.id }).then((r) => (r.ok ? setSheet(r.value) : setProblem(errorText(r.error))));
  }, [session.id, session.signedUp, session.waitlisted, errorText]);
  const both = (k: MessageKey, p?: Record<string, string | number>) => `${t(k, p)} · ${other(k, p)}`;
  const exportAs = (format: 'pdf' | 'csv') =>
    guard(async () => {
      const r = await call('sessions.signups.sheet.export', { sessionId: session.id, format });
      if (r.ok) saveFile(r.value.fileName, r.value.mime, r.value.dataBase64, format === 'pdf');
      setProblem(r.ok ? null : errorText(r.error));
    });
  const yn = (b: boolean) => <span className={b ? 'yes' : 'no'}>{b ? t('sheet.yes') : t('sheet.no')}</span>;
  const rows = (list: SignupSheetRow[], waiting: boolean) =>
    list.map((r) => (
      <tr key={r.code} data-code={r.code} data-status={r.status}>
        <td className="num">{waiting ? `${t('sheet.waitlist')} ${r.place}` : r.place}</td>
        <td>
          {r.nameKo}
          {r.nameEn && r.nameEn !== r.nameKo && <span className="sub"> {r.nameEn}</span>}
        </td>
        <td>{r.organisation ?? '—'}</td>
        <td className="num">{r.code}</td>
        <td>{yn(r.checkedIn)}</td>
        <td>{yn(r.admitted)}</td>
      </tr>
    ));
  const head = (k: MessageKey, n: number) => (
    <tr className="sheet-section">
      <th colSpan={6}>
        {both(k)} ({n})
      </th>
    </tr>
  );
  return (
    <div className="panel signup-sheet" data-testid="signup-sheet">
      <h3>
        {t('sheet.title')} <span className="sub">{other('sheet.title')}</span> — {session.title}
      </h3>
      {sheet && (
        <p className="sub">
          {time(sheet.start)}–{time(sheet.end)} · {sheet.room}
          {sheet.meetingPoint && <> · {both('sheet.meeting', { place: sheet.meetingPoint })}</>}
        </p>
      )}
      {problem && <div className="form-error">{problem}</div>}
      <div className="row">
        <button className="primary" onClick={() => void exportAs('pdf')} data-testid="sheet-pdf">
          {both('sheet.print')}
        </button>
        <button onClick={() => void exportAs('csv')} data-testid="sheet-csv">
          CSV
        </button>
        <button onClick={onClose}>{both('session.edit.close')}</button>
      </div>
      {sheet && sheet.confirmed.length + sheet.waitlist.length === 0 && <p>{both('sheet.empty')}</p>}
      {sheet && sheet.confirmed.length + sheet.waitlist.length > 0 && (
        <table className="sessions-table">
          <thead>
            <tr>
              <th>{both('sheet.col.no')}</th>
              <th>{both('sheet.col.name')}</th>
              <th>{both('sheet.col.org')}</th>
              <th>{both('sheet.col.code')}</th>
              <th>{both('sheet.col.checkedIn')}</th>
              <th>{both('sheet.col.admitted')}</th>
            </tr>
          </thead>
          <tbody>
            {head('sheet.confirmed', sheet.confirmed.length)}
            {rows(sheet.confirmed, false)}
            {sheet.waitlist.length > 0 && head('sheet.waitlist', sheet.waitlist.length)}
            {rows(sheet.waitlist, true)}
          </tbody>
        </table>
      )}
    </div>
  );
}
