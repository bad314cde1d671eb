import { useCallback, useEffect, useState } from 'react';
import type { AuditRow } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './reports.css';

interface Filters {
  stationId: string;
  operatorId: string;
  channel: string;
  entityId: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { stationId: '', operatorId: '', channel: '', entityId: '', from: '', to: '' };

/** A datetime-local value is the venue's wall clock (the fair runs in Korea): send it with its offset. */
const toInstant = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}+09:00` : undefined);
const stamp = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/**
 * Who did what, when, from where: every audited write, newest first, filtered by
 * station, operator (when the database records one), action, visitor or other entity,
 * and time. Each row shows the fact's stored detail; a click on an entity filters by it.
 */
export function AuditScreen() {
  const { t, other, errorText } = useI18n();
  const guard = useBusyGuard();
  const [facets, setFacets] = useState<{ stations: { id: string; name: string }[]; channels: string[]; hasOperator: boolean } | null>(null);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [next, setNext] = useState<{ at: string; id: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const query = useCallback(
    (f: Filters, before?: { at: string; id: string }) =>
      guard(async () => {
        const r = await call('audit.search', {
          stationId: f.stationId || undefined,
          operatorId: f.operatorId || undefined,
          channel: f.channel || undefined,
          entityId: f.entityId.trim() || undefined,
          from: toInstant(f.from),
          to: toInstant(f.to),
          before,
          limit: 50,
        });
        setLoaded(true);
        if (!r.ok) return setError(errorText(r.error));
        setError(null);
        setRows((old) => (before ? [...old, ...r.value.rows] : r.value.rows));
        setNext(r.value.next);
      }),
    [guard, errorText],
  );

  useEffect(() => {
    void call('audit.facets', {}).then((r) => r.ok && setFacets(r.value));
    void query(EMPTY);
  }, [query]);

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const lbl = (k: MessageKey) => (
    <label>
      {t(k)} <span className="sub">{other(k)}</span>
    </label>
  );
  const filterBy = (patch: Partial<Filters>) => {
    const f = { ...draft, ...patch };
    setDraft(f);
    void query(f);
  };

  return (
    <main className="screen audit-screen">
      <h2>
        {t('audit.title')} <span className="sub">{other('audit.title')}</span>
      </h2>
      <form
        className="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void query(draft);
        }}
      >
        <div>
          {lbl('audit.station')}
          <select value={draft.stationId} onChange={set('stationId')} data-testid="audit-station">
            <option value="">{t('audit.all')}</option>
            {facets?.stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          {lbl('audit.operator')}
          <input value={draft.operatorId} onChange={set('operatorId')} disabled={!facets?.hasOperator} title={facets?.hasOperator ? undefined : t('audit.noOperator')} maxLength={120} />
        </div>
        <div>
          {lbl('audit.channel')}
          <select value={draft.channel} onChange={set('channel')} data-testid="audit-channel">
            <option value="">{t('audit.all')}</option>
            {facets?.channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div>
          {lbl('audit.entity')}
          <input value={draft.entityId} onChange={set('entityId')} maxLength={120} data-testid="audit-entity" />
        </div>
        <div>
          {lbl('audit.from')}
          <input type="datetime-local" value={draft.from} onChange={set('from')} />
        </div>
        <div>
          {lbl('audit.to')}
          <input type="datetime-local" value={draft.to} onChange={set('to')} />
        </div>
        <button className="primary" type="submit" data-testid="audit-search">
          {t('audit.search')}
        </button>
        <button type="button" onClick={() => filterBy(EMPTY)}>
          {t('audit.reset')}
        </button>
      </form>
      {error && (
        <p className="reports-error" role="alert">
          {error}
        </p>
      )}
      <table className="audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th>{t('audit.col.at')}</th>
            <th>{t('audit.station')}</th>
            {facets?.hasOperator && <th>{t('audit.operator')}</th>}
            <th>{t('audit.channel')}</th>
            <th>{t('audit.entity')}</th>
            <th>{t('audit.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="at">{stamp.format(new Date(r.at))}</td>
              <td>
                <button className="link" type="button" onClick={() => filterBy({ stationId: r.stationId })}>
                  {r.stationName ?? r.stationId.slice(0, 8)}
                </button>
              </td>
              {facets?.hasOperator && <td>{r.operatorId ?? ''}</td>}
              <td>
                <button className="link" type="button" onClick={() => filterBy({ channel: r.channel })}>
                  {r.channel}
                </button>
              </td>
              <td>
                {r.entityId && (
                  <button className="link" type="button" onClick={() => filterBy({ entityId: r.entityId! })}>
                    {r.entityId}
                  </button>
                )}
              </td>
              <td className="detail">{r.detail == null ? '' : <code>{JSON.stringify(r.detail)}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="audit-foot">
        {loaded && rows.length === 0 && <p>{t('audit.empty')}</p>}
        {rows.length > 0 && <span>{t('audit.count', { n: rows.length })}</span>}
        {next && (
          <button onClick={() => void query(draft, next)} data-testid="audit-more">
            {t('audit.more')} <span className="sub">{other('audit.more')}</span>
          </button>
        )}
      </div>
    </main>
  );
}
