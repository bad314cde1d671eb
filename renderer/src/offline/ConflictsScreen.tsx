import { useEffect, useState } from 'react';
import type { OfflineConflict } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import './offline.css';

const REFRESH_MS = 5000;

/** The console's list of facts acknowledged offline that the venue database settled differently or refused. */
export function ConflictsScreen() {
  const { t, other, time } = useI18n();
  const [rows, setRows] = useState<OfflineConflict[] | null>(null);
  const load = async () => {
    const r = await call('offline.conflicts', {});
    if (r.ok) setRows(r.value);
  };
  useEffect(() => {
    void load();
    const h = setInterval(load, REFRESH_MS);
    return () => clearInterval(h);
  }, []);
  usePushEvents((ev) => {
    if (ev.type === 'offline.status' && !ev.status.replay) void load();
  });
  const head = (k: Parameters<typeof t>[0]) => (
    <th>
      {t(k)} <span className="sub">{other(k)}</span>
    </th>
  );
  const settled = (c: OfflineConflict) => {
    if (c.settledStatus.startsWith('refused:')) return t('offline.conflicts.refused', { code: c.settledStatus.slice(8) });
    if (c.firstAt) return `${c.settledStatus} — ${t('offline.conflicts.already', { at: time(c.firstAt), station: c.firstStation ?? '?' })}`;
    return c.settledStatus;
  };
  return (
    <main className="screen offline-conflicts">
      <h2>
        {t('offline.conflicts.title')} <span className="sub">{other('offline.conflicts.title')}</span>
      </h2>
      {rows && rows.length === 0 && <p className="hint">{t('offline.conflicts.empty')} <span className="sub">{other('offline.conflicts.empty')}</span></p>}
      {rows && rows.length > 0 && (
        <table className="grid" data-testid="offline-conflicts">
          <thead>
            <tr>
              {head('offline.conflicts.col.when')}
              {head('offline.conflicts.col.station')}
              {head('offline.conflicts.col.what')}
              {head('offline.conflicts.col.code')}
              {head('offline.conflicts.col.settled')}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-status={c.settledStatus}>
                <td>{time(c.offlineAt)}</td>
                <td>{c.stationName}</td>
                <td>
                  {c.channel} <span className="sub">{c.offlineStatus}</span>
                </td>
                <td className="code">{c.subject ?? '—'}</td>
                <td>{settled(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
