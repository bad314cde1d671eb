import { useCallback, useEffect, useState } from 'react';
import type { Counters } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';

/** Live "checked in today / registered for today", updated by push events from any station. */
export function CountersBar() {
  const { t } = useI18n();
  const [c, setC] = useState<Counters | null>(null);
  const refresh = useCallback(async () => {
    const r = await call('checkin.counters', {});
    if (r.ok) setC(r.value);
  }, []);
  useEffect(() => void refresh(), [refresh]);
  usePushEvents((ev) => {
    // Check-ins are never undone, so within a day the count only grows: an event that
    // left another station earlier but arrives later must not step the counter back.
    if (ev.type === 'checkin.recorded') setC((prev) => (prev && prev.day === ev.counters.day && prev.checkedIn > ev.counters.checkedIn ? { ...ev.counters, checkedIn: prev.checkedIn } : ev.counters));
    else if (ev.type === 'visitors.changed' || (ev.type === 'station.status' && ev.online)) void refresh();
  });
  if (!c) return null;
  return (
    <div className="counters" data-testid="counters">
      <div className="counter">
        <b data-testid="count-checked-in">{c.checkedIn.toLocaleString()}</b>
        <span>{t('counters.checkedIn')}</span>
      </div>
      <div className="counter">
        <b data-testid="count-registered">{c.registered.toLocaleString()}</b>
        <span>{t('counters.registered')}</span>
      </div>
    </div>
  );
}
