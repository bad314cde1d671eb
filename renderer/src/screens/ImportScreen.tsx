import { useRef, useState, type DragEvent } from 'react';
import { MAX_IMPORT_BASE64, type AppError, type ImportFailureDetails, type ImportPreview, type ImportSummary } from '@contract/index';
import { call, nonce } from '../api/client';
import { readBase64 } from '../api/read-file';
import { useBusyGuard, usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './import.css';

/** Largest file accepted before uploading (the contract's limit is on base64 text). */
const MAX_FILE_BYTES = Math.floor((MAX_IMPORT_BASE64 / 4) * 3);

type Stage =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string; progressId: string; done: number; total: number }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'applying'; preview: ImportPreview; done: number; total: number; cancelling?: boolean }
  | { kind: 'done'; preview: ImportPreview; summary: ImportSummary };

interface ErrorView {
  text: string;
  /** The same message in the other language. */
  other?: string;
  detail?: string;
}

const shortDay = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}`;

/**
 * Pre-registration import: choose or drop a file → preview (column mapping, first rows
 * masked, counts, rejected rows with reasons) → apply with a progress bar → summary.
 * Nothing is written until "Import" is pressed; a refused file changes nothing.
 */
export function ImportScreen() {
  const { t, other, errorText, categoryText } = useI18n();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState<ErrorView | null>(null);
  const [dragging, setDragging] = useState(false);
  const guard = useBusyGuard();
  const inputRef = useRef<HTMLInputElement>(null);

  usePushEvents((ev) => {
    if (ev.type !== 'import.progress') return;
    setStage((s) =>
      (s.kind === 'applying' && s.preview.importId === ev.importId) || (s.kind === 'reading' && s.progressId === ev.importId) ? { ...s, done: ev.done, total: ev.total } : s,
    );
  });

  const bi = (k: MessageKey, p?: Record<string, string | number>) => (
    <>
      {t(k, p)} <span className="sub">{other(k, p)}</span>
    </>
  );

  /** The refusal in the screen's language with the other beside it, plus what the file had. */
  function failureText(e: AppError): ErrorView {
    const d = e.details as ImportFailureDetails | undefined;
    if (e.code !== 'import_failed' || !d?.reason) return { text: errorText(e) };
    if (d.reason === 'missing_columns') {
      const fields = (tr: typeof t) => ({ missing: (d.missing ?? []).map((f) => tr(`import.field.${f}` as MessageKey)).join(', ') });
      return {
        text: t('import.failure.missing_columns', fields(t)),
        other: other('import.failure.missing_columns', fields(other)),
        detail: t('import.failure.found', { found: (d.found ?? []).join(', ') }),
      };
    }
    const k = `import.failure.${d.reason}` as MessageKey;
    const p = { line: d.line ?? '' };
    return { text: t(k, p), other: other(k, p) };
  }

  async function choose(file: File | undefined) {
    if (!file) return;
    await guard(async () => {
      setError(null);
      if (file.size > MAX_FILE_BYTES) {
        const p = { size: (file.size / 1e6).toFixed(1), max: Math.floor(MAX_FILE_BYTES / 1e6) };
        setError({ text: t('import.tooLarge', p), other: other('import.tooLarge', p) });
        return;
      }
      // The station parses in a worker and reports rows checked under this id.
      const progressId = nonce();
      setStage({ kind: 'reading', fileName: file.name, progressId, done: 0, total: 0 });
      try {
        const dataBase64 = await readBase64(file);
        const r = await call('import.registrations.preview', { fileName: file.name.slice(0, 200), dataBase64, progressId });
        if (r.ok) setStage({ kind: 'preview', preview: r.value });
        else {
          setError(failureText(r.error));
          setStage({ kind: 'idle' });
        }
      } catch {
        setError({ text: t('import.failure.not_a_table'), other: other('import.failure.not_a_table') });
        setStage({ kind: 'idle' });
      } finally {
        if (inputRef.current) inputRef.current.value = '';
      }
    });
  }

  const apply = (preview: ImportPreview) =>
    guard(async () => {
      setError(null);
      setStage({ kind: 'applying', preview, done: 0, total: preview.newCount + preview.updateCount });
      const r = await call('import.registrations.commit', { importId: preview.importId });
      if (r.ok) setStage({ kind: 'done', preview, summary: r.value });
      else {
        setError(failureText(r.error));
        setStage(r.error.code === 'import_failed' ? { kind: 'idle' } : { kind: 'preview', preview });
      }
    });

  function cancel(importId: string) {
    setStage((st) => (st.kind === 'applying' ? { ...st, cancelling: true } : st));
    void call('import.registrations.cancel', { importId });
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void choose(e.dataTransfer.files[0]);
  }

  const preview = stage.kind === 'preview' || stage.kind === 'applying' || stage.kind === 'done' ? stage.preview : null;

  return (
    <main className="screen import" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <h2>{bi('import.title')}</h2>

      {(stage.kind === 'idle' || stage.kind === 'reading') && (
        <div
          className={`drop panel${dragging ? ' dragging' : ''}`}
          onDragEnter={() => setDragging(true)}
          onDragLeave={() => setDragging(false)}
          data-testid="import-drop"
        >
          <p className="hint">{t('import.hint')}</p>
          <p className="hint sub">{other('import.hint')}</p>
          <label className="pick">
            <input
              ref={inputRef}
              type="file"
              accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              data-testid="import-file"
              disabled={stage.kind === 'reading'}
              onChange={(e) => void choose(e.target.files?.[0])}
            />
            <span className="button primary">{stage.kind === 'reading' ? bi('import.reading') : bi('import.pick')}</span>
          </label>
          <p className="sub">{bi('import.drop')}</p>
          {stage.kind === 'reading' && stage.total > 0 && (
            <div data-testid="import-read-progress">
              <div className="progress big-bar">
                <div style={{ width: `${Math.round((stage.done / stage.total) * 100)}%` }} />
              </div>
              <p className="num">{bi('import.readProgress', { done: stage.done.toLocaleString(), total: stage.total.toLocaleString() })}</p>
            </div>
          )}
        </div>
      )}

      {error && (
        <div className="import-error" role="alert" data-testid="import-error">
          <b>{error.text}</b>
          {error.other && <div>{error.other}</div>}
          {error.detail && <div className="sub">{error.detail}</div>}
        </div>
      )}

      {preview && (
        <>
          <div className="file-line">
            {t('import.file', { name: preview.fileName, format: preview.format.toUpperCase(), encoding: preview.encoding.toUpperCase() })}
          </div>
          <div className="import-counts" data-testid="import-counts">
            <Count k="import.count.total" n={preview.totalRows} />
            <Count k="import.count.new" n={preview.newCount} tone="ok" testid="count-new" />
            <Count k="import.count.update" n={preview.updateCount} tone="warn" testid="count-update" />
            <Count k="import.count.rejected" n={preview.rejectedTotal} tone={preview.rejectedTotal ? 'bad' : undefined} testid="count-rejected" />
            <Count k="import.count.noConsent" n={preview.noConsentCount} tone={preview.noConsentCount ? 'warn' : undefined} testid="count-no-consent" />
          </div>
          {preview.noConsentCount > 0 && (
            <p className="hint" data-testid="import-no-consent">
              {t('import.noConsent.rows', { rows: noConsentList(preview) })} <span className="sub">{other('import.noConsent.rows', { rows: noConsentList(preview) })}</span>
            </p>
          )}
        </>
      )}

      {stage.kind === 'preview' && (
        <>
          <div className="actions">
            <button
              className="primary big"
              data-testid="import-apply"
              disabled={stage.preview.validRows === 0}
              onClick={() => void apply(stage.preview)}
            >
              {bi('import.apply')}
            </button>
            <button className="big" onClick={() => setStage({ kind: 'idle' })}>
              {bi('import.cancel')}
            </button>
            {stage.preview.validRows === 0 && <span className="import-error inline">{bi('import.nothing')}</span>}
          </div>

          <section className="panel">
            <h3>{stage.preview.rejectedTotal ? bi('import.rejected.title', { n: stage.preview.rejectedTotal }) : bi('import.rejected.none')}</h3>
            {stage.preview.rejected.length > 0 && (
              <div className="scroll tall">
                <table className="grid rejected" data-testid="import-rejected">
                  <thead>
                    <tr>
                      <th>{t('import.rejected.row')}</th>
                      <th>{t('import.rejected.reason')}</th>
                      <th>{t('import.rejected.detail')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stage.preview.rejected.map((r) => (
                      <tr key={r.row}>
                        <td className="mono">{r.row}</td>
                        <td>
                          {t(`import.reject.${r.reason}` as MessageKey)} <span className="sub">{other(`import.reject.${r.reason}` as MessageKey)}</span>
                        </td>
                        <td>
                          {r.detail}
                          {r.firstRow && <span className="sub"> · {t('import.rejected.firstRow', { row: r.firstRow })}</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {stage.preview.rejectedTotal > stage.preview.rejected.length && (
                  <p className="sub">
                    {t('import.rejected.more', { n: stage.preview.rejectedTotal - stage.preview.rejected.length, shown: stage.preview.rejected.length })}
                  </p>
                )}
              </div>
            )}
          </section>

          <section className="panel">
            <h3>{bi('import.columns')}</h3>
            <div className="mapping" data-testid="import-columns">
              {stage.preview.columns.map((c, i) => (
                <span key={i} className={`map${c.field ? '' : ' ignored'}`}>
                  <b>{c.header || '—'}</b> → {c.field ? t(`import.field.${c.field}` as MessageKey) : t('import.column.ignored')}
                </span>
              ))}
            </div>
          </section>

          <section className="panel">
            <h3>{bi('import.sample', { n: stage.preview.sample.length })}</h3>
            <div className="scroll">
              <table className="grid" data-testid="import-sample">
                <thead>
                  <tr>
                    <th>{t('import.field.code')}</th>
                    <th>{t('import.field.nameKo')}</th>
                    <th>{t('import.field.organisation')}</th>
                    <th>{t('import.field.category')}</th>
                    <th>{t('import.field.phone')}</th>
                    <th>{t('import.field.days')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stage.preview.sample.map((v) => (
                    <tr key={v.code}>
                      <td className="mono">{v.code}</td>
                      <td>
                        {v.nameKo}
                        {v.nameEn && v.nameEn !== v.nameKo && <span className="sub"> {v.nameEn}</span>}
                      </td>
                      <td>{v.organisation}</td>
                      <td>{categoryText(v.category as never)}</td>
                      <td className="mono">{v.phoneMasked}</td>
                      <td>{v.registeredDays.map(shortDay).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

        </>
      )}

      {stage.kind === 'applying' && (
        <section className="panel" data-testid="import-progress">
          <h3>{bi('import.applying')}</h3>
          <div className="progress big-bar">
            <div style={{ width: `${stage.total ? Math.round((stage.done / stage.total) * 100) : 0}%` }} />
          </div>
          <p className="num" data-testid="import-progress-text">{t('import.progress', { done: stage.done.toLocaleString(), total: stage.total.toLocaleString() })}</p>
          {/* Stops after the batch in progress; what is applied stays, and the same file finishes it. */}
          <button className="big" data-testid="import-cancel" disabled={stage.cancelling} onClick={() => cancel(stage.preview.importId)}>
            {bi(stage.cancelling ? 'import.cancelling' : 'import.stop')}
          </button>
        </section>
      )}

      {stage.kind === 'done' && (
        <section className="panel done" data-testid="import-result">
          <h3>{bi(stage.summary.cancelled ? 'import.cancelled.title' : 'import.done.title')}</h3>
          {stage.summary.cancelled && <p className="hint" data-testid="import-cancelled-note">{bi('import.cancelled.note')}</p>}
          <div className="progress big-bar">
            <div style={{ width: '100%' }} />
          </div>
          <div className="import-counts">
            <Count k="import.count.new" n={stage.summary.inserted} tone="ok" testid="result-inserted" />
            <Count k="import.count.update" n={stage.summary.updated} tone="warn" testid="result-updated" />
            <Count k="import.count.unchanged" n={stage.summary.unchanged} testid="result-unchanged" />
            {(stage.summary.purged ?? 0) > 0 && <Count k="import.count.purged" n={stage.summary.purged!} testid="result-purged" />}
            <Count k="import.count.rejected" n={stage.summary.rejected} tone={stage.summary.rejected ? 'bad' : undefined} testid="result-rejected" />
          </div>
          <p className="sub">{t('import.done.seconds', { s: (stage.summary.ms / 1000).toFixed(1) })}</p>
          <button className="primary big" data-testid="import-again" onClick={() => setStage({ kind: 'idle' })}>
            {bi('import.again')}
          </button>
        </section>
      )}
    </main>
  );
}

/** "3, 4, 17 …": the consent = N rows the preview lists (the first 20). */
function noConsentList(p: { noConsentRows: number[]; noConsentCount: number }): string {
  return p.noConsentRows.join(', ') + (p.noConsentCount > p.noConsentRows.length ? ' …' : '');
}

function Count({ k, n, tone, testid }: { k: MessageKey; n: number; tone?: 'ok' | 'warn' | 'bad'; testid?: string }) {
  const { t, other } = useI18n();
  return (
    <div className={`count${tone ? ` ${tone}` : ''}`} data-testid={testid}>
      <b>{n.toLocaleString()}</b>
      <span>
        {t(k)} <span className="sub">{other(k)}</span>
      </span>
    </div>
  );
}
