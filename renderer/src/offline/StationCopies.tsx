import { useEffect, useState } from 'react';
import type { StationInfo, StationSync } from '@contract/index';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ageKey } from './useOfflineStatus';
import './offline.css';

const REFRESH_MS = 3000;

/** The Stations screen's part: each venue station's replica lag and outbox depth, as it last reported. */
export function StationCopies({ stations }: { stations: StationInfo[] }) {
  const { t, other, time } = useI18n();
  const [rows, setRows] = useState<StationSync[] | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const r = await call('offline.stations', {});
      if (alive && r.ok) setRows(r.value);
    };
    void load();
    const h = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(h);
    };
  }, []);
  if (!rows || rows.length === 0) return null;
  const head = (k: Parameters<typeof t>[0]) => (
    <th>
      {t(k)} <span className="sub">{other(k)}</span>
    </th>
  );
  const nameOf = (id: string) => stations.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  return (
    <section className="station-copies">
      <h3>
        {t('offline.lag.title')} <span className="sub">{other('offline.lag.title')}</span>
      </h3>
      <table className="grid" data-testid="station-copies">
        <thead>
          <tr>
            {head('venue.col.name')}
            {head('offline.lag.col.lag')}
            {head('offline.lag.col.outbox')}
            {head('offline.lag.col.refused')}
            {head('offline.lag.col.reported')}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const lag = r.replicaLagMs === null ? null : ageKey(r.replicaLagMs);
            return (
              <tr key={r.stationId} className={r.outboxDepth > 0 ? 'waiting' : ''}>
                <td>{nameOf(r.stationId)}</td>
                <td>{lag ? (r.replicaLagMs! < 1000 ? `${r.replicaLagMs} ms` : t(lag.key, { n: lag.n })) : '—'}</td>
                <td>{r.outboxDepth}</td>
                <td>{r.refused}</td>
                <td>{time(r.reportedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
