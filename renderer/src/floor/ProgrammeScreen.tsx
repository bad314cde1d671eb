import { useState } from 'react';
import type { AppError, ProgrammeImportReport } from '@contract/index';
import { call } from '../api/client';
import { readBase64 } from '../api/read-file';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './floor.css';

/** Import the programme and consultation schedule: pick a file, check the preview, apply. */
export function ProgrammeScreen() {
  const { t, other, errorText } = useI18n();
  const [file, setFile] = useState<{ fileName: string; dataBase64: string } | null>(null);
  const [report, setReport] = useState<ProgrammeImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const guard = useBusyGuard();

  const failureText = (e: AppError) => {
    const d = e.details as { reason?: string; missing?: string[] } | undefined;
    if (e.code === 'import_failed' && d?.reason) return t(`programme.failure.${d.reason}` as MessageKey, { missing: (d.missing ?? []).join(', ') });
    return errorText(e);
  };

  // `busy` only greys the buttons out; the guard is what drops a second tap before React re-renders.
  const run = (channel: 'programme.import.preview' | 'programme.import.commit', input: { fileName: string; dataBase64: string }) =>
    guard(async () => {
      setBusy(true);
      setError(null);
      try {
        const r = await call(channel, input);
        if (r.ok) setReport(r.value);
        else {
          setReport(null);
          setError(failureText(r.error));
        }
      } finally {
        setBusy(false);
      }
    });

  async function pick(f: File | undefined) {
    if (!f) return;
    setReport(null);
    const input = { fileName: f.name.slice(0, 200), dataBase64: await readBase64(f) };
    setFile(input);
    await run('programme.import.preview', input);
  }

  return (
    <main className="screen">
      <h2>
        {t('programme.title')} <span className="sub">{other('programme.title')}</span>
      </h2>
      <p className="sub">{t('programme.hint')}</p>
      <div className="panel">
        <label htmlFor="programme-file">{t('programme.pick')}</label>
        <input id="programme-file" type="file" accept=".csv,.xlsx,text/csv" data-testid="programme-file" onChange={(e) => void pick(e.target.files?.[0])} />
        {busy && <p>{t('programme.reading')}</p>}
        {error && (
          <div className="form-error" data-testid="programme-error">
            {error}
          </div>
        )}
      </div>
      {report && (
        <div className="panel" style={{ marginTop: 16 }} data-testid="programme-report">
          <h3>{report.applied ? t('programme.applied.title') : t('programme.preview.title')}</h3>
          <p data-testid="programme-summary">
            {t('programme.summary', { total: report.totalRows, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, rejected: report.rejectedTotal })}
          </p>
          <p>{t('programme.summary.what', { consultations: report.consultations, tables: report.tables, sessions: report.sessions, days: report.days.join(', ') })}</p>
          {/* How badges will find their meetings: by code where the file lists codes, else by organisation. */}
          <p data-testid="programme-codes">{report.codes.consultations > 0 ? t('programme.codes.some', report.codes) : t('programme.codes.none')}</p>
          {report.codes.listed > 0 && report.codes.registered === 0 && (
            <div className="floor-notice warn" data-testid="programme-codes-warning">
              {t('programme.codes.unregistered')}
            </div>
          )}
          {!report.applied && file && (
            <div className="row" style={{ maxWidth: 480 }}>
              <button className="primary" disabled={busy || report.validRows === 0} onClick={() => void run('programme.import.commit', file)} data-testid="programme-apply">
                {t('programme.apply')}
              </button>
              <button disabled={busy} onClick={() => setReport(null)}>
                {t('programme.cancel')}
              </button>
            </div>
          )}
          {report.rejected.length > 0 && (
            <>
              <h3>
                {t('programme.rejected.title')} ({report.rejectedTotal})
              </h3>
              <table className="grid" data-testid="programme-rejected">
                <tbody>
                  {report.rejected.map((x) => (
                    <tr key={`${x.row}-${x.reason}`}>
                      <td>{t('programme.rejected.row', { row: x.row })}</td>
                      <td>{t(`programme.reject.${x.reason}` as MessageKey)}</td>
                      <td>
                        {x.detail ?? ''}
                        {x.firstRow ? ` · ${t('programme.rejected.firstRow', { row: x.firstRow })}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </main>
  );
}
