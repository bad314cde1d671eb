/**
 * What a browser station shows once the station refuses it for good (issue 11): its
 * device was revoked or the station retired. It replaces the screen — nothing on it
 * would work — and says so in Korean with English beside it; the page no longer retries
 * (api/client.ts closes the event stream).
 */
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';

export function CutOffScreen({ reason }: { reason: 'device_revoked' | 'station_retired' }) {
  const { t, other } = useI18n();
  const title = `cutOff.${reason}` as MessageKey;
  const what = `cutOff.${reason}.what` as MessageKey;
  return (
    <>
      <div className="banner offline" data-testid="cut-off-banner" data-reason={reason}>
        {t(title)} <span className="sub">{other(title)}</span>
      </div>
      <div className="offline-card" role="alert" data-testid="cut-off">
        <p className="big">{t(title)}</p>
        <p className="big sub">{other(title)}</p>
        <p>{t(what)}</p>
        <p className="sub">{other(what)}</p>
      </div>
    </>
  );
}

/** The reasons that put a browser on this screen (the `station.status` reason api/client.ts sends). */
export function cutOffReason(reason: string | undefined): 'device_revoked' | 'station_retired' | null {
  return reason === 'device_revoked' || reason === 'station_retired' ? reason : null;
}
