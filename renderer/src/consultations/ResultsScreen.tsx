import { useCallback, useEffect, useState } from 'react';
import { RESULT_GROUPS, type ExportFormat, type ResultGroup, type ResultRow, type ResultsReport } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard, usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './consultations.css';

/** Saves a file the station built (base64) through the browser's download. */
function download(fileName: string, mime: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Results of the consultations per SME, per buyer (구매기관) or per country, across the
 * fair: what the organiser reports afterwards. The export buttons write the same
 * figures (XLSX with one sheet per grouping, or the meetings as CSV).
 */
export function ResultsScreen() {
  const { t, other, errorText } = useI18n();
  const [by, setBy] = useState<ResultGroup>('seller');
  const [report, setReport] = useState<ResultsReport | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'bad'; text: string } | null>(null);
  const guard = useBusyGuard();
  const refetch = useCallback(async () => {
    const r = await call('consultations.results', { by, day: null });
    if (r.ok) setReport(r.value);
    else setNotice({ kind: 'bad', text: errorText(r.error) });
  }, [by, errorText]);
  useEffect(() => void refetch(), [refetch]);
  usePushEvents((ev) => {
    if (ev.type === 'consultations.outcome' || ev.type === 'floor.changed' || ev.type === 'programme.changed') void refetch();
  });
  const exportAs = (format: ExportFormat) =>
    guard(async () => {
      const r = await call('consultations.export', { format, day: null });
      if (!r.ok) return setNotice({ kind: 'bad', text: errorText(r.error) });
      download(r.value.fileName, r.value.mime, r.value.dataBase64);
      setNotice({ kind: 'ok', text: t('results.exported', { file: r.value.fileName, rows: r.value.rows }) });
    });
  const head = (k: MessageKey) => (
    <th>
      {t(k)}
      <br />
      <span className="sub">{other(k)}</span>
    </th>
  );
  const cells = (r: ResultRow) => (
    <>
      <td>{r.meetings}</td>
      <td>{r.held}</td>
      <td>
        {r.sellerNoShow}/{r.buyerNoShow}/{r.bothNoShow}
      </td>
      <td>{r.connectionFailed}</td>
      <td>{r.unrecorded}</td>
      <td>{r.upcoming}</td>
      <td>
        {r.interest.strong}/{r.interest.some}/{r.interest.none}
      </td>
      <td>
        {r.followUps.sample}/{r.followUps.quote}/{r.followUps.site_visit}/{r.followUps.next_meeting}
      </td>
      <td>
        {Object.entries(r.amounts)
          .map(([c, v]) => `${c} ${Number(v).toLocaleString('ko-KR')}`)
          .join(' · ')}
      </td>
    </>
  );
  return (
    <main className="screen results" data-testid="results">
      <section className="panel">
        <h2>
          {t('results.title')} <span className="sub">{other('results.title')}</span>
        </h2>
        <div className="results-tabs">
          {RESULT_GROUPS.map((g) => (
            <button key={g} className={by === g ? 'on' : ''} aria-pressed={by === g} data-testid={`results-by-${g}`} onClick={() => setBy(g)}>
              {t(`results.by.${g}`)} <span className="sub">{other(`results.by.${g}`)}</span>
            </button>
          ))}
          <span className="spacer" />
          <button data-testid="results-export-xlsx" onClick={() => void exportAs('xlsx')}>
            {t('results.export.xlsx')}
          </button>
          <button data-testid="results-export-csv" onClick={() => void exportAs('csv')}>
            {t('results.export.csv')}
          </button>
        </div>
        {notice && (
          <div className={`floor-notice ${notice.kind}`} data-testid="results-notice" role="status">
            {notice.text}
          </div>
        )}
        {report && (
          <table className="results-table" data-testid="results-table">
            <thead>
              <tr>
                {head('results.col.name')}
                {head('results.col.meetings')}
                {head('results.col.held')}
                {head('results.col.noShow')}
                {head('results.col.failed')}
                {head('results.col.unrecorded')}
                {head('results.col.upcoming')}
                {head('results.col.interest')}
                {head('results.col.followUps')}
                {head('results.col.amounts')}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.key} data-testid="results-row">
                  <td>{r.key || '—'}</td>
                  {cells(r)}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="results-total">
                <td>
                  {t('results.total')} <span className="sub">{other('results.total')}</span>
                </td>
                {cells(report.total)}
              </tr>
            </tfoot>
          </table>
        )}
      </section>
    </main>
  );
}
