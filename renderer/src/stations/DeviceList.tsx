import { useState } from 'react';
import type { DeviceRow } from '@contract/index';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Bi } from './bi';
import './stations-setup.css';

/**
 * The browsers that opened one LAN station (issue 11), under its row on the admin's
 * Stations screen: label, address, first and last seen, and a Revoke button per device —
 * a lost tablet is cut off on its next call while the station's other devices keep
 * working. Revoked ones stay listed, struck through, with when.
 */
export function DeviceList({ devices, onDone }: { devices: DeviceRow[]; onDone(): void }) {
  const { t, other, time, errorText } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const revoke = async (d: DeviceRow) => {
    if (!window.confirm(`${t('stations.device.revoke.confirm', { label: d.label })}\n${other('stations.device.revoke.confirm', { label: d.label })}`)) return;
    setError(null);
    const r = await call('stations.devices.revoke', { deviceId: d.id });
    if (!r.ok) setError(errorText(r.error));
    onDone();
  };
  return (
    <div className="station-devices">
      <b className="station-devices-title">
        <Bi k="stations.devices" />
      </b>
      <ul>
        {devices.map((d) => (
          <li key={d.id} className={d.revokedAt ? 'revoked' : ''} data-testid="station-device" data-device={d.id} data-revoked={d.revokedAt !== null}>
            <b>{d.label}</b> <span className="addr">{d.address}</span>{' '}
            <span className="seen">
              {t('stations.device.seen', { first: time(d.firstSeenAt), last: time(d.lastSeenAt) })} <span className="sub">{other('stations.device.seen', { first: time(d.firstSeenAt), last: time(d.lastSeenAt) })}</span>
            </span>{' '}
            {d.revokedAt ? (
              <span className="device-revoked">
                {t('stations.device.revoked', { time: time(d.revokedAt) })} <span className="sub">{other('stations.device.revoked', { time: time(d.revokedAt) })}</span>
              </span>
            ) : (
              <button type="button" onClick={() => void revoke(d)} data-testid="device-revoke">
                <Bi k="stations.device.revoke" />
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
