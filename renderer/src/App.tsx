import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '@contract/index';
import { call } from './api/client';
import { usePushEvents } from './hooks';
import { useI18n } from './i18n/i18n';
import { StaffAlerts } from './components/StaffAlerts';
import { screensFor } from './screens/registry';
import { StationContext, type Hello } from './station-context';
import { setEventZone } from './setup/event-zone';
import { setEventCategories } from './setup/event-categories';
import { OfflineBanner } from './offline/OfflineBanner';
import { useOfflineStatus } from './offline/useOfflineStatus';
import { OperatorBar } from './stations/OperatorBar';
import { CutOffScreen, cutOffReason } from './stations/CutOffScreen';

/** How often a screen re-asks its station while the venue database is down. */
const VENUE_RECHECK_MS = 3000;

function screenFromHash(): string | null {
  const h = location.hash.replace(/^#\/?/, '');
  return h || null;
}

export function App() {
  const { t, other, lang, setLang, errorText } = useI18n();
  const [hello, setHello] = useState<Hello | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [online, setOnline] = useState(true);
  // 'venue_db': this station is up but the shared venue database is not.
  const [offlineReason, setOfflineReason] = useState<string | undefined>();
  const [screenId, setScreenId] = useState<string | null>(screenFromHash());
  // Venue stations with a replica keep answering while the venue database is down (issue 13).
  const offline = useOfflineStatus();

  const load = useCallback(async () => {
    // The database's state comes with every load, asked of the station (not of the
    // database): a screen opened while the venue database is down says so at once.
    const [r, status] = await Promise.all([call('system.hello', {}), call('system.status', {})]);
    if (status.ok && !status.value.dbOnline) {
      setOnline(false);
      setOfflineReason('venue_db');
    }
    if (r.ok) {
      setEventZone(r.value.event.timeZone);
      setEventCategories(r.value.event.categories);
      setHello(r.value);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
    const onHash = () => setScreenId(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [load]);
  usePushEvents((ev) => {
    if (ev.type === 'station.status') {
      setOnline(ev.online);
      setOfflineReason(ev.reason);
      if (ev.online) void load();
    }
    // The rehearsal clock moved (floor console): "today" moved with it.
    if (ev.type === 'floor.clock') void load();
    // The organiser changed the event (days, halls, time zone, name): every screen follows.
    if (ev.type === 'event.changed') void load();
  });
  // While the venue database is away, also ask: the "back" event may have gone by
  // before this screen listened (or raced the answer that said "down").
  const venueDown = !online && offlineReason === 'venue_db';
  useEffect(() => {
    if (!venueDown) return;
    const h = setInterval(async () => {
      const s = await call('system.status', {});
      if (s.ok && s.value.dbOnline) {
        setOnline(true);
        setOfflineReason(undefined);
        void load();
      }
    }, VENUE_RECHECK_MS);
    return () => clearInterval(h);
  }, [venueDown, load]);

  // The station refuses this browser for good (revoked device, retired station): say so, and nothing else.
  const cutOff = online ? null : cutOffReason(offlineReason);
  if (cutOff) return <CutOffScreen reason={cutOff} />;
  if (!hello) {
    if (!online && offlineReason === 'venue_db') {
      // Nothing below can load without the database: say so in the middle of the screen, with what to do.
      return (
        <>
          <div className="banner offline" data-testid="offline-banner">
            {t('venue.offline')} <span className="sub">{other('venue.offline')}</span>
          </div>
          <div className="offline-card" role="alert">
            <p className="big">{t('venue.offline')}</p>
            <p>{t('venue.offline.what')}</p>
            <p className="sub">{other('venue.offline.what')}</p>
          </div>
        </>
      );
    }
    return <div className="banner offline">{error ? errorText(error) : '…'}</div>;
  }
  const screens = screensFor(hello.station.role);
  const current = screens.find((s) => s.id === screenId) ?? screens[0];
  const notEventDay = !hello.event.days.includes(hello.today);
  const Screen = current?.component;

  return (
    <StationContext.Provider value={hello}>
      {!current?.chromeless && (
        <>
          <header className="topbar">
            <div>
              <div className="event">{lang === 'ko' ? hello.event.name.ko : hello.event.name.en}</div>
              <div className="station">
                {hello.station.name} · {hello.station.role} · {hello.db}
              </div>
            </div>
            <div className="spacer" />
            <OperatorBar />
            <button onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')} data-testid="lang-toggle">
              {t('app.lang.toggle')}
            </button>
          </header>
          {screens.length > 1 && (
            <nav className="nav">
              {screens.map((s) => (
                <button key={s.id} className={s.id === current?.id ? 'active' : ''} onClick={() => (location.hash = `/${s.id}`)}>
                  {t(s.label)}
                </button>
              ))}
            </nav>
          )}
        </>
      )}
      <OfflineBanner status={offline} />
      {!online && !(offlineReason === 'venue_db' && (offline === null || offline.enabled)) && (
        <div className="banner offline" data-testid="offline-banner">
          {t(offlineReason === 'venue_db' ? 'venue.offline' : 'app.offline')}{' '}
          <span className="sub">{other(offlineReason === 'venue_db' ? 'venue.offline' : 'app.offline')}</span>
        </div>
      )}
      {!hello.event.configured && !current?.chromeless && (
        <div className="banner info" data-testid="event-not-configured">
          {t('setup.notConfigured')} <span className="sub">{other('setup.notConfigured')}</span>
        </div>
      )}
      {notEventDay && hello.event.configured && !current?.chromeless && (
        <div className="banner info" data-testid="not-event-day">
          {t('app.notEventDay', { today: hello.today, days: hello.event.days.join(', ') })}
        </div>
      )}
      {Screen && <Screen />}
      {!current?.chromeless && <StaffAlerts />}
    </StationContext.Provider>
  );
}
