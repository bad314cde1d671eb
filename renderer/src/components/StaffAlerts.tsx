import { useEffect, useState } from 'react';
import { KIOSK_ALERT_ROLES, type PushEvent, type Role } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n, type TFn } from '../i18n/i18n';
import { useStation } from '../station-context';
import { openAlertText } from './open-alert-text';
import './staff-alerts.css';

interface Alert {
  id: string;
  text: string;
  tone: 'bad' | 'ok' | 'warn';
  at: string;
  /** A kiosk alert: taking it here takes it off every console. */
  shared: boolean;
}

/** What a push event means for staff at a console of this role, or null if it is not an alert for them. */
function alertFor(ev: PushEvent, role: Role, t: TFn, lang: 'ko' | 'en'): (Omit<Alert, 'id' | 'at' | 'shared'> & { at?: string }) | null {
  switch (ev.type) {
    case 'kiosk.alert':
      // Only consoles whose staff can walk over to the kiosk (not a gift desk, a stamp post or a board).
      if (!KIOSK_ALERT_ROLES.includes(role)) return null;
      // The kiosk's own time (its station clock, also in a rehearsal), not this browser's.
      return { text: t(`alerts.kiosk.${ev.reason}`, { station: ev.stationName }), tone: 'bad', at: ev.at };
    case 'printing.printer':
      return { text: t(ev.online ? 'alerts.printer.online' : 'alerts.printer.offline', { printer: ev.printerName }), tone: ev.online ? 'ok' : 'bad', ...(ev.at ? { at: ev.at } : {}) };
    case 'printing.job':
      // Only a failure that the queue raised as an alert (the venue's record, taken once).
      if (ev.state !== 'failed' || !ev.alertId) return null;
      return { text: t('alerts.printer.jobFailed', { printer: ev.printerName }), tone: 'bad', ...(ev.at ? { at: ev.at } : {}) };
    case 'rally.stock.low':
      return { text: t('alerts.stock.low', { gift: lang === 'ko' ? ev.labelKo : ev.labelEn, remaining: ev.remaining }), tone: 'warn' };
    default:
      return null;
  }
}

const MAX_ALERTS = 5;

/**
 * Alerts from anywhere in the venue (a kiosk sending a visitor over, a printer going
 * offline, a gift running low) shown on staff consoles until acknowledged. A kiosk alert,
 * a printer gone offline and a failed print job are each one alert for the whole venue: acknowledged on one console, it leaves all of them
 * (kiosk.alert.ack), and the note says who took it. Bounded, so a console left open all
 * day does not grow.
 */
export function StaffAlerts() {
  const { t, lang, time } = useI18n();
  const { station } = useStation();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  // A console opened after alerts were raised shows the ones still open (the venue's store),
  // not only those it hears from now on; one heard meanwhile is not doubled (same id).
  const canTake = KIOSK_ALERT_ROLES.includes(station.role);
  useEffect(() => {
    if (!canTake) return;
    let live = true;
    void call('dashboard.alerts', {}).then((r) => {
      if (!live || !r.ok) return;
      const open = r.value.alerts.map((a): Alert => ({ id: a.id, text: openAlertText(a, t), tone: 'bad', at: a.at, shared: true }));
      setAlerts((xs) => [...xs, ...open.filter((a) => !xs.some((x) => x.id === a.id))].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_ALERTS));
    });
    return () => {
      live = false;
    };
    // Once per console opened (and per language: the texts are made here).
  }, [canTake, t]);
  usePushEvents((ev) => {
    if (ev.type === 'kiosk.alert.acked') return setAlerts((xs) => xs.filter((x) => x.id !== ev.id));
    const a = alertFor(ev, station.role, t, lang);
    if (!a) return;
    // Kiosk and printer alerts are the venue's: taken here, taken off every console (one ack, by id).
    const venueId = ev.type === 'kiosk.alert' ? ev.id : 'alertId' in ev ? ev.alertId : undefined;
    const shared = venueId !== undefined && KIOSK_ALERT_ROLES.includes(station.role);
    const id = venueId ?? `${Date.now()}-${Math.random()}`;
    setAlerts((xs) => [{ ...a, id, shared, at: a.at ?? new Date().toISOString() }, ...xs.filter((x) => x.id !== id)].slice(0, MAX_ALERTS));
  });
  if (alerts.length === 0) return null;
  const take = (a: Alert) => {
    setAlerts((xs) => xs.filter((x) => x.id !== a.id));
    if (a.shared) void call('kiosk.alert.ack', { id: a.id });
  };
  return (
    <div className="staff-alerts" role="log" aria-live="assertive" data-testid="staff-alerts">
      {alerts.map((a) => (
        <div key={a.id} className={`staff-alert ${a.tone}`} data-testid="staff-alert" data-shared={a.shared ? '1' : '0'}>
          <span className="when">{time(a.at)}</span>
          <span className="what">{a.text}</span>
          <button data-testid="staff-alert-ack" onClick={() => take(a)}>
            {t('alerts.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
