import { useI18n } from '../i18n/i18n';
import { useOfflineStatus } from './useOfflineStatus';
import './offline.css';

/**
 * "Offline — will sync", beside an answer given while this station answers from its
 * replica: the fact is in the station's outbox (not in the page), and reaches the venue
 * database by itself when it is back.
 */
export function OfflineNote() {
  const { t, other } = useI18n();
  const status = useOfflineStatus();
  if (!status?.enabled || (status.online && status.waiting === 0)) return null;
  return (
    <div className="offline-note" data-testid="offline-note">
      {t('offline.willSync')} <span className="sub">{other('offline.willSync')}</span>
    </div>
  );
}
