import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { KIOSK_ALERT_ROLES, type Category, type DashboardSnapshot } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { useStation } from '../station-context';
import type { MessageKey } from '../i18n/ko';
import { BarChart } from './BarChart';
import { openAlertText } from '../components/open-alert-text';
import './dashboard.css';

/** Push events arrive with every check-in: refetch at most this often because of them. */
const DEBOUNCE_MS = 1500;
/** And without events (a quiet hour, a lost link), this often. */
const POLL_MS = 20_000;
const DAY_COLOURS = ['#93c5fd', '#3b82f6', '#1d4ed8', '#1e3a8a'];

/**
 * The organiser's one screen (admin; read-only for a board in the ops room): pictures,
 * not tables. All figures come from one `dashboard.snapshot` call; events only say
 * "something changed", debounced.
 */
export function DashboardScreen() {
  const { t, other, time, categoryText, lang } = useI18n();
  const { station } = useStation();
  const [s, setS] = useState<DashboardSnapshot | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    timer.current = null;
    const r = await call('dashboard.snapshot', {});
    if (r.ok) setS(r.value);
  }, []);
  useEffect(() => {
    void load();
    const h = setInterval(() => void load(), POLL_MS);
    return () => {
      clearInterval(h);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);
  usePushEvents(() => {
    if (!timer.current) timer.current = setTimeout(() => void load(), DEBOUNCE_MS);
  });

  const arrivals = useMemo(() => {
    if (!s) return null;
    const hours = [...new Set(s.arrivalsByHour.map((r) => r.hour))].sort();
    const days = [...new Set(s.arrivalsByHour.map((r) => r.day))].sort();
    return {
      labels: hours.map((h) => `${h}시`),
      datasets: days.map((d, i) => ({
        label: d.slice(5).replace('-', '/'),
        backgroundColor: d === s.today ? '#c2410c' : DAY_COLOURS[i % DAY_COLOURS.length]!,
        data: hours.map((h) => s.arrivalsByHour.find((r) => r.day === d && r.hour === h)?.n ?? 0),
      })),
    };
  }, [s]);
  const categories = useMemo(
    () =>
      s && {
        labels: s.categories.map((c) => categoryText(c.category as Category)),
        datasets: [
          { label: t('dash.registered'), backgroundColor: '#cbd5e1', data: s.categories.map((c) => c.registered) },
          { label: t('dash.arrived'), backgroundColor: '#047857', data: s.categories.map((c) => c.arrived) },
        ],
      },
    [s, t, categoryText],
  );
  const entrances = useMemo(() => s && { labels: s.arrivalsByStation.map((r) => r.name), datasets: [{ label: t('dash.arrived'), backgroundColor: '#1d4ed8', data: s.arrivalsByStation.map((r) => r.n) }] }, [s, t]);
  const stamps = useMemo(
    () => s && { labels: s.stamps.map((p) => (lang === 'ko' ? p.labelKo : p.labelEn)), datasets: [{ label: t('dash.stamps'), backgroundColor: '#7c3aed', data: s.stamps.map((p) => p.n) }] },
    [s, t, lang],
  );

  if (!s || !arrivals || !categories || !entrances || !stamps) return <main className="screen dash-screen" />;
  const h = (k: MessageKey) => (
    <h3>
      {t(k)} <span className="sub">{other(k)}</span>
    </h3>
  );
  const online = s.stations.filter((x) => x.online).length;
  const methodText = (m: string) => {
    const k = `dash.method.${m}` as MessageKey;
    return t(k) === k ? m : t(k);
  };

  // Taken here, taken on every console (kiosk.alert.acked); one already taken elsewhere just leaves.
  const canTake = KIOSK_ALERT_ROLES.includes(station.role);
  const take = async (id: string) => {
    await call('kiosk.alert.ack', { id });
    void load();
  };

  return (
    <main className="screen dash-screen" data-testid="dashboard">
      <div className="dash-head">
        <h2>
          {t('dash.title')} <span className="sub">{other('dash.title')}</span>
        </h2>
        <span className="dash-updated">{t('dash.updated', { time: time(s.now) })}</span>
      </div>
      <div className="dash-grid">
        <section className="dash-card span2">
          {h('dash.arrivals')}
          <BarChart labels={arrivals.labels} datasets={arrivals.datasets} height={200} testId="dash-arrivals" />
        </section>
        <section className="dash-card">
          {h('dash.categories')}
          <BarChart labels={categories.labels} datasets={categories.datasets} horizontal height={200} testId="dash-categories" />
        </section>
        <section className="dash-card">
          {h('dash.entrances')}
          <BarChart labels={entrances.labels} datasets={entrances.datasets} horizontal height={150} testId="dash-entrances" />
        </section>
        <section className="dash-card">
          {h('dash.gifts')}
          {s.gifts.map((g) => (
            <div key={g.id} className="dash-gift" data-testid="dash-gift">
              <b>{lang === 'ko' ? g.labelKo : g.labelEn}</b> {t('dash.gift.left', { n: g.remaining })}
              <div className={g.emptyAt ? 'dash-forecast' : 'sub'}>
                {g.emptyAt ? t('dash.gift.empty', { label: lang === 'ko' ? g.labelKo : g.labelEn, time: time(g.emptyAt) }) : t('dash.gift.noPace')} · {t('dash.gift.pace', { n: g.lastHour })}
              </div>
            </div>
          ))}
        </section>
        <section className="dash-card">
          {h('dash.stamps')}
          <BarChart labels={stamps.labels} datasets={stamps.datasets} height={150} testId="dash-stamps" />
        </section>
        <section className="dash-card">
          {h('dash.throughput')}
          <div className="dash-tiles">
            {s.throughput.length === 0 && <span className="sub">{t('dash.none')}</span>}
            {s.throughput.map((m) => (
              <div key={m.method} className="dash-tile">
                <span className="big">{m.today}</span>
                <span>{methodText(m.method)}</span>
                <span className="sub">+{m.last15} / 15′</span>
              </div>
            ))}
          </div>
        </section>
        <section className="dash-card">
          {h('dash.consult')}
          <div className="dash-tiles">
            {(['running', 'late', 'noShow', 'done', 'total'] as const).map((k) => (
              <div key={k} className={`dash-tile ${k === 'late' && s.consultations.late ? 'warn' : ''}`}>
                <span className="big">{s.consultations[k]}</span>
                <span>{t(`dash.consult.${k}` as MessageKey)}</span>
              </div>
            ))}
          </div>
        </section>
        <section className="dash-card">
          {h('dash.printers')}
          {s.printers.length === 0 && <span className="sub">{t('dash.none')}</span>}
          {s.printers.map((p) => (
            <div key={p.id} className={`dash-printer ${p.online === false || p.failed ? 'bad' : ''}`}>
              <b>{p.name}</b> {p.online === null ? t('dash.printer.unknown') : t(p.online ? 'dash.printer.online' : 'dash.printer.offline')}
              <div className="sub">{t('dash.printer.line', { queued: p.queued, failed: p.failed, printed: p.printedToday })}</div>
            </div>
          ))}
          {h('dash.stations')}
          <div className="dash-stations">
            <b>{t('dash.stations.line', { online, total: s.stations.length })}</b>
            {s.stations
              .filter((x) => !x.online)
              .map((x) => (
                <span key={x.id} className="dash-off">
                  {x.name} {time(x.lastSeenAt)}
                </span>
              ))}
          </div>
        </section>
        <section className="dash-card span2">
          {h('dash.rooms')}
          {s.rooms.length === 0 && <span className="sub">{t('dash.none')}</span>}
          <div className="dash-rooms">
            {s.rooms.map((r) => (
              <div key={r.sessionId} className={`dash-room ${r.full ? 'full' : ''}`} data-testid="dash-room">
                <span className="room">{r.room}</span>
                <span className="title">
                  <span className={`state ${r.state}`}>{t(r.state === 'running' ? 'dash.room.running' : 'dash.room.next')}</span> {time(r.start)}–{time(r.end)} {r.title}
                </span>
                <span className="count">{r.capacity === null ? t('dash.room.insideNoCap', { inside: r.inside }) : t('dash.room.inside', { inside: r.inside, capacity: r.capacity })}</span>
                {r.full && <span className="full-flag">{t('dash.room.full')}</span>}
              </div>
            ))}
          </div>
        </section>
        <section className="dash-card">
          {h('dash.alerts')}
          {s.alerts.length === 0 && <span className="sub">{t('dash.alerts.none')}</span>}
          {s.alerts.map((a) => (
            <div key={a.id} className="dash-alert" data-testid="dash-alert" data-kind={a.kind}>
              <span className="when">{time(a.at)}</span>
              <span className="what">{openAlertText(a, t)}</span>
              {canTake && (
                <button data-testid="dash-alert-take" onClick={() => void take(a.id)}>
                  {t('dash.alert.take')}
                </button>
              )}
            </div>
          ))}
        </section>
      </div>
    </main>
  );
}
