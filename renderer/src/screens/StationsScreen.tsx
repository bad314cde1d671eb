import { useEffect, useState } from 'react';
import type { StationInfo } from '@contract/index';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** Stations sharing this database, with their heartbeat. */
export function StationsScreen() {
  const { t, time, errorText } = useI18n();
  const [rows, setRows] = useState<StationInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const r = await call('system.stations', {});
      if (!alive) return;
      if (r.ok) setRows(r.value);
      else setError(errorText(r.error));
    };
    void load();
    const h = setInterval(load, 10_000);
    return () => {
      alive = false;
      clearInterval(h);
    };
  }, [errorText]);
  return (
    <main className="screen">
      <h2>{t('stations.title')}</h2>
      {error && <div className="form-error">{error}</div>}
      <table className="grid" data-testid="stations">
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.role}</td>
              <td>{s.version}</td>
              <td>{time(s.lastSeenAt)}</td>
              <td style={{ color: s.online ? 'var(--ok)' : 'var(--bad)', fontWeight: 700 }}>{s.online ? t('stations.online') : t('stations.offline')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
