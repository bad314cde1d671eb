import type { OfflineStatus } from '@contract/index';
import { useI18n } from '../i18n/i18n';
import { ageKey } from './useOfflineStatus';
import './offline.css';

/** A replica older than this while online is worth saying (the feed normally keeps it within a second). */
const STALE_MS = 60_000;

/**
 * Every station's offline banner: offline since T with N facts waiting and the oldest's
 * age; on reconnect the replay's progress; facts the server refused. Nothing while the
 * station is online with an empty outbox.
 */
export function OfflineBanner({ status }: { status: OfflineStatus | null }) {
  const { t, other, time } = useI18n();
  if (!status?.enabled) return null;
  const both = (k: Parameters<typeof t>[0], p?: Record<string, string | number>) => (
    <>
      {t(k, p)} <span className="sub">{other(k, p)}</span>
    </>
  );
  const age = (ms: number) => {
    const a = ageKey(ms);
    return { ko: t(a.key, { n: a.n }), en: other(a.key, { n: a.n }) };
  };
  const lines = [];
  if (status.replay) {
    lines.push(
      <div key="sync" className="banner offline-sync" data-testid="offline-syncing">
        {both('offline.banner.syncing', { done: status.replay.done, total: status.replay.total })}
        <progress max={status.replay.total} value={status.replay.done} />
      </div>,
    );
  } else if (!status.online && status.offlineSince) {
    const oldest = status.oldestAgeMs !== null ? age(status.oldestAgeMs) : null;
    lines.push(
      <div key="off" className="banner offline" role="status" data-testid="offline-banner" data-waiting={status.waiting}>
        {both('offline.banner', { since: time(status.offlineSince), n: status.waiting })}
        {oldest && (
          <span className="offline-oldest">
            {' · '}
            {t('offline.banner.oldest', { age: oldest.ko })} <span className="sub">{other('offline.banner.oldest', { age: oldest.en })}</span>
          </span>
        )}
      </div>,
    );
  } else if (status.waiting > 0) {
    lines.push(
      <div key="wait" className="banner offline-sync" data-testid="offline-syncing">
        {both('offline.banner.waiting', { n: status.waiting })}
      </div>,
    );
  }
  if (status.replicaAgeMs !== null && status.replicaAgeMs > STALE_MS && (status.online || status.offlineSince)) {
    const a = age(status.replicaAgeMs);
    lines.push(
      <div key="stale" className="banner info" data-testid="offline-stale">
        {t('offline.banner.stale', { age: a.ko })} <span className="sub">{other('offline.banner.stale', { age: a.en })}</span>
      </div>,
    );
  }
  if (status.refused > 0) {
    lines.push(
      <div key="refused" className="banner info" data-testid="offline-refused">
        {both('offline.banner.refused', { n: status.refused })}
      </div>,
    );
  }
  return <>{lines}</>;
}
