import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceRow, Role, StationRow } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';
import './stations.css';
import { StationCopies } from '../offline/StationCopies';
import { SetupCodePanel, StationRowActions } from '../stations/SetupCodePanel';
import { DeviceList } from '../stations/DeviceList';

const REFRESH_MS = 10_000;
/** Push events say something changed somewhere; refetch at most this often because of them. */
const EVENT_REFRESH_MIN_MS = 3_000;

/**
 * Stations sharing this database (in venue mode: every desk, kiosk and console on the
 * venue PostgreSQL), with their heartbeat. Offline ones sink to the bottom, greyed,
 * with how long ago they were last heard from. Refreshes by itself, and sooner when
 * push events arrive (another station's check-in, this station's link coming back).
 */
export function StationsScreen() {
  const { t, other, time, errorText } = useI18n();
  const hello = useStation();
  const [rows, setRows] = useState<StationRow[] | null>(null);
  const [devices, setDevices] = useState<DeviceRow[]>([]);
  const isAdmin = hello.station.role === 'admin';
  const [error, setError] = useState<string | null>(null);
  const lastLoad = useRef(0);
  const alive = useRef(true);

  const load = useCallback(async () => {
    lastLoad.current = Date.now();
    const r = await call('stations.list', {});
    if (!alive.current) return;
    if (r.ok) {
      setRows(r.value);
      setError(null);
    } else setError(errorText(r.error));
    // The browsers paired with LAN stations: the admin's to revoke.
    if (isAdmin) {
      const d = await call('stations.devices.list', {});
      if (alive.current && d.ok) setDevices(d.value);
    }
  }, [errorText, isAdmin]);

  useEffect(() => {
    alive.current = true;
    void load();
    const h = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive.current = false;
      clearInterval(h);
    };
  }, [load]);
  usePushEvents((ev) => {
    if (ev.type === 'station.status' || ev.type === 'stations.changed' || ev.type === 'stations.device.revoked' || Date.now() - lastLoad.current > EVENT_REFRESH_MIN_MS) void load();
  });

  const sorted = [...(rows ?? [])].sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name, 'ko'));
  const online = sorted.filter((s) => s.online).length;
  const dbKey: MessageKey = hello.db === 'postgres' ? 'venue.db.postgres' : 'venue.db.sqlite';
  // "n min ago" is measured against the newest heartbeat in the list (this station's
  // own, at most one heartbeat old), so a rehearsal clock or a skewed browser clock
  // cannot make every station look hours away.
  const newest = Math.max(0, ...sorted.map((s) => Date.parse(s.lastSeenAt)));
  const ago = (iso: string) => {
    const min = Math.floor((newest - Date.parse(iso)) / 60_000);
    if (min < 1) return t('venue.ago.now');
    return min < 60 ? t('venue.ago.min', { n: min }) : t('venue.ago.hour', { n: Math.floor(min / 60) });
  };
  const col = (k: MessageKey) => (
    <th>
      {t(k)} <span className="sub">{other(k)}</span>
    </th>
  );

  return (
    <main className="screen stations-screen">
      <div className="stations-head">
        <h2>
          {t('stations.title')} <span className="sub">{other('stations.title')}</span>
        </h2>
        {rows && (
          <div className="stations-summary" data-testid="stations-summary">
            {t('venue.summary', { online, total: sorted.length })}
          </div>
        )}
      </div>
      <div className={`stations-db ${hello.db}`} data-testid="stations-db">
        <b>{t(dbKey)}</b>
        <span className="sub">{other(dbKey)}</span>
      </div>
      {isAdmin && <SetupCodePanel onMade={() => void load()} />}
      {error && (
        <div className="form-error" role="alert">
          {error} {rows && <span>— {t('venue.stale')}</span>}
        </div>
      )}
      {rows && sorted.length === 0 && <p className="hint">{t('venue.empty')}</p>}
      {sorted.length > 0 && (
        <table className="grid stations-table" data-testid="stations">
          <thead>
            <tr>
              {col('venue.col.status')}
              {col('venue.col.name')}
              {col('venue.col.role')}
              {col('venue.col.lastSeen')}
              {col('venue.col.version')}
              {isAdmin && col('stations.col.actions')}
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => [
              <tr key={s.id} className={`${s.online ? 'on' : 'off'}${s.retired ? ' retired' : ''}`} data-online={s.online} data-station={s.name}>
                <td>
                  <span className={`station-dot ${s.online ? 'on' : 'off'}`} aria-hidden="true" />
                  <b>{s.online ? t('stations.online') : t('stations.offline')}</b>{' '}
                  <span className="sub">{s.online ? other('stations.online') : other('stations.offline')}</span>
                </td>
                <td>
                  <b>{s.name}</b>
                  {s.id === hello.station.id && <span className="this-station">{t('venue.thisStation')}</span>}
                </td>
                <td>
                  {t(`venue.role.${s.role satisfies Role}` as MessageKey)} <span className="sub">{other(`venue.role.${s.role}` as MessageKey)}</span>
                </td>
                <td>
                  {time(s.lastSeenAt)} <span className="sub">({ago(s.lastSeenAt)})</span>
                </td>
                <td className="version">{s.version}</td>
                {isAdmin && (
                  <td>
                    <StationRowActions station={s} self={s.id === hello.station.id} onDone={() => void load()} />
                  </td>
                )}
              </tr>,
              isAdmin && devices.some((d) => d.stationId === s.id) && (
                <tr key={`${s.id}-devices`} className="devices-row" data-devices-of={s.name}>
                  <td colSpan={6}>
                    <DeviceList devices={devices.filter((d) => d.stationId === s.id)} onDone={() => void load()} />
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
      )}
      {newest > 0 && <p className="hint sub">{t('venue.updated', { time: time(new Date(newest).toISOString()) })}</p>}
      {rows && <StationCopies stations={rows} />}
    </main>
  );
}
