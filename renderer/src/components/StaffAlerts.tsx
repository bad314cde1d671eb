import { useState } from 'react';
import type { PushEvent } from '@contract/index';
import { usePushEvents } from '../hooks';
import { useI18n, type TFn } from '../i18n/i18n';
import './staff-alerts.css';

interface Alert {
  id: number;
  text: string;
  tone: 'bad' | 'ok' | 'warn';
  at: string;
}

/** What a push event means for staff watching a console, or null if it is not an alert. */
function alertFor(ev: PushEvent, t: TFn, lang: 'ko' | 'en'): (Omit<Alert, 'id' | 'at'> & { at?: string }) | null {
  switch (ev.type) {
    case 'kiosk.alert':
      // The kiosk's own time (its station clock, also in a rehearsal), not this browser's.
      return { text: t(`alerts.kiosk.${ev.reason}`, { station: ev.stationName }), tone: 'bad', at: ev.at };
    case 'printing.printer':
      return { text: t(ev.online ? 'alerts.printer.online' : 'alerts.printer.offline', { printer: ev.printerName }), tone: ev.online ? 'ok' : 'bad' };
    case 'rally.stock.low':
      return { text: t('alerts.stock.low', { gift: lang === 'ko' ? ev.labelKo : ev.labelEn, remaining: ev.remaining }), tone: 'warn' };
    default:
      return null;
  }
}

const MAX_ALERTS = 5;

/**
 * Alerts from anywhere in the venue (a kiosk sending a visitor over, a printer going
 * offline, a gift running low) shown on staff consoles until acknowledged. Bounded, so
 * a console left open all day does not grow.
 */
export function StaffAlerts() {
  const { t, lang, time } = useI18n();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  usePushEvents((ev) => {
    const a = alertFor(ev, t, lang);
    if (!a) return;
    setAlerts((xs) => [{ ...a, id: Date.now() + Math.random(), at: a.at ?? new Date().toISOString() }, ...xs].slice(0, MAX_ALERTS));
  });
  if (alerts.length === 0) return null;
  return (
    <div className="staff-alerts" role="log" aria-live="assertive" data-testid="staff-alerts">
      {alerts.map((a) => (
        <div key={a.id} className={`staff-alert ${a.tone}`}>
          <span className="when">{time(a.at)}</span>
          <span className="what">{a.text}</span>
          <button onClick={() => setAlerts((xs) => xs.filter((x) => x.id !== a.id))}>{t('alerts.dismiss')}</button>
        </div>
      ))}
    </div>
  );
}
