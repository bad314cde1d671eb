import { useEffect, useState } from 'react';
import type { AppError, ExportDone, ExporterInfo } from '@contract/index';
import { call, transport } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';
import './reports.css';

type Choice = 'xlsx' | 'csv' | 'cp949';
const FORMATS: Choice[] = ['xlsx', 'csv', 'cp949'];

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/**
 * Pick an export, a format, download. The station writes the file (streamed, under a
 * temporary name until complete) into its exports folder; a browser station then
 * downloads it from /reports/download/<id>, Electron shows where it was saved.
 */
export function ReportsScreen() {
  const { t, other, lang, errorText } = useI18n();
  const hello = useStation();
  const admin = hello.station.role === 'admin';
  const guard = useBusyGuard();
  const [list, setList] = useState<ExporterInfo[] | null>(null);
  const [name, setName] = useState<string>('');
  const [format, setFormat] = useState<Choice>('xlsx');
  const [personal, setPersonal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportDone | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('reports.list', {}).then((r) => {
      if (r.ok) {
        setList(r.value);
        setName((n) => n || r.value[0]?.name || '');
      } else setError(errorText(r.error));
    });
  }, [errorText]);

  const failText = (e: AppError) => {
    const reason = (e.details as { reason?: string } | undefined)?.reason;
    return e.code === 'conflict' && (reason === 'disk_full' || reason === 'unwritable') ? t(`reports.fail.${reason}` as MessageKey) : errorText(e);
  };

  const download = (d: ExportDone) => {
    if (transport() !== 'http') return;
    const a = document.createElement('a');
    a.href = `reports/download/${encodeURIComponent(d.fileId)}`;
    a.download = d.fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  const run = () =>
    guard(async () => {
      setBusy(true);
      setError(null);
      setDone(null);
      const r = await call('reports.export', { name, format: format === 'xlsx' ? 'xlsx' : 'csv', encoding: format === 'cp949' ? 'cp949' : 'utf8', personal: admin && personal });
      setBusy(false);
      if (!r.ok) return setError(failText(r.error));
      setDone(r.value);
      download(r.value);
    });

  const chosen = list?.find((e) => e.name === name);
  const fmtKey = (f: Choice) => `reports.format.${f}` as MessageKey;
  return (
    <main className="screen reports-screen">
      <h2>
        {t('reports.title')} <span className="sub">{other('reports.title')}</span>
      </h2>
      <div className="reports-layout">
        <fieldset className="reports-list" aria-label={t('reports.pick')}>
          {(list ?? []).map((e) => (
            <label key={e.name} className={`report-item${e.name === name ? ' on' : ''}`} data-testid={`report-${e.name}`}>
              <input type="radio" name="report" value={e.name} checked={e.name === name} onChange={() => setName(e.name)} />
              <span>
                <b>{lang === 'ko' ? e.title.ko : e.title.en}</b>
                <span className="sub">{lang === 'ko' ? e.title.en : e.title.ko}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <section className="reports-side">
          <label>
            {t('reports.format')} <span className="sub">{other('reports.format')}</span>
          </label>
          <div className="reports-formats" role="radiogroup">
            {FORMATS.map((f) => (
              <button key={f} type="button" role="radio" aria-checked={f === format} className={f === format ? 'primary' : ''} onClick={() => setFormat(f)}>
                {t(fmtKey(f))}
              </button>
            ))}
          </div>
          {chosen && (
            <p className="reports-columns">
              <b>{t('reports.columns', { n: chosen.columns.filter((c) => admin && personal ? true : !c.personal).length })}</b>:{' '}
              {chosen.columns.map((c) => (
                <span key={c.key} className={c.personal ? `col personal${admin && personal ? '' : ' off'}` : 'col'}>
                  {lang === 'ko' ? c.ko : c.en}
                </span>
              ))}
            </p>
          )}
          {admin && (
            <label className="reports-personal">
              <input type="checkbox" checked={personal} onChange={(e) => setPersonal(e.target.checked)} data-testid="reports-personal" />
              <span>
                {t('reports.personal')} <span className="sub">{other('reports.personal')}</span>
              </span>
            </label>
          )}
          {admin && personal && <p className="reports-note">{t('reports.personal.note')}</p>}
          <button className="primary big" disabled={!name || busy} onClick={() => void run()} data-testid="reports-export">
            {busy ? t('reports.working') : t('reports.export')} <span className="sub">{busy ? other('reports.working') : other('reports.export')}</span>
          </button>
          {error && (
            <p className="reports-error" role="alert">
              {error}
            </p>
          )}
          {done && (
            <div className="reports-done" data-testid="reports-done">
              <p>{t('reports.done', { rows: done.rows.toLocaleString(), size: size(done.bytes), file: done.fileName })}</p>
              {transport() === 'http' ? (
                <button onClick={() => download(done)}>
                  {t('reports.again')} <span className="sub">{other('reports.again')}</span>
                </button>
              ) : (
                <p className="sub">{t('reports.savedAt', { path: done.path })}</p>
              )}
            </div>
          )}
        </section>
      </div>
    </main>
  );
}
