import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { localTime, type AppError, type BoothMeeting, type BoothSummary, type BoothView, type ConnectionAnswer, type ConnectionMark } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard, usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { openJoinLink, safeJoinLink } from './join-link';
import './booth.css';

const KEY = 'fairdesk.booth.name';
/** Without events the view is still refetched this often: "now" and "next" move with the clock. */
const REFETCH_MS = 20_000;

type Notice = { kind: 'ok' | 'warn' | 'bad'; key: MessageKey; params?: Record<string, string | number> } | { kind: 'bad'; error: AppError };

/**
 * The video booth PC (role `booth`, 1366×768): staff pick the booth once, then see its
 * current and next meeting — buyer, country, the buyer's own clock, SME, interpreter —
 * open the join link in one tap, and mark the link connected / failed / retry. Before the
 * day's first meeting a tech check stands at the top until it passes. The server decides
 * every tap; what the screen shows is the booth's state as last fetched.
 */
export function BoothScreen() {
  const [booth, setBooth] = useState<string | null>(() => localStorage.getItem(KEY));
  const choose = (b: string | null) => {
    if (b) localStorage.setItem(KEY, b);
    else localStorage.removeItem(KEY);
    setBooth(b);
  };
  return booth ? <BoothDesk booth={booth} onChange={() => choose(null)} /> : <BoothPicker onPick={choose} />;
}

function useBi() {
  const { t, other } = useI18n();
  return (k: MessageKey, p?: Record<string, string | number>): ReactNode => (
    <>
      {t(k, p)} <span className="sub">{other(k, p)}</span>
    </>
  );
}

function BoothPicker({ onPick }: { onPick: (b: string) => void }) {
  const { time, errorText } = useI18n();
  const bi = useBi();
  const [list, setList] = useState<BoothSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    void call('booth.list', {}).then((r) => (r.ok ? setList(r.value) : setError(r.error)));
  }, []);
  return (
    <main className="screen booth" data-testid="booth-picker">
      <h2>{bi('booth.pick.title')}</h2>
      {error && <div className="form-error">{errorText(error)}</div>}
      {list && list.length === 0 && <p className="panel">{bi('booth.pick.none')}</p>}
      <div className="booth-choices">
        {list?.map((b) => (
          <button key={b.name} onClick={() => onPick(b.name)} data-booth={b.name}>
            <b>{b.name}</b>
            <span className="sub">{bi('booth.pick.meetings', { count: b.meetings, time: time(b.first) })}</span>
          </button>
        ))}
      </div>
    </main>
  );
}

function BoothDesk({ booth, onChange }: { booth: string; onChange: () => void }) {
  const { t, errorText } = useI18n();
  const bi = useBi();
  const [view, setView] = useState<BoothView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const guard = useBusyGuard();

  const refetch = useCallback(() => {
    void call('booth.view', { booth }).then((r) => {
      if (r.ok) {
        setView(r.value);
        setError(null);
      } else setError(r.error);
    });
  }, [booth]);
  useEffect(() => {
    refetch();
    const h = setInterval(refetch, REFETCH_MS);
    return () => clearInterval(h);
  }, [refetch]);
  usePushEvents((ev) => {
    if ((ev.type === 'booth.changed' && ev.booth === booth) || ev.type === 'floor.changed' || ev.type === 'programme.changed' || ev.type === 'floor.clock' || ev.type === 'station.status') refetch();
  });

  const mark = (m: BoothMeeting, what: ConnectionMark, note?: string) =>
    guard(async () => {
      const r = await call('booth.connection.mark', { nonce: nonce(), meetingId: m.id, mark: what, ...(note ? { note } : {}) });
      if (!r.ok) return setNotice({ kind: 'bad', error: r.error });
      setNotice(answerNotice(r.value));
      refetch();
    });

  const techCheck = (result: 'ok' | 'failed', note?: string) =>
    guard(async () => {
      const r = await call('booth.techcheck.record', { nonce: nonce(), booth, result, ...(note ? { note } : {}) });
      if (!r.ok) return setNotice({ kind: 'bad', error: r.error });
      setNotice(null);
      refetch();
    });

  if (!view) return <main className="screen booth">{error ? <div className="form-error">{errorText(error)}</div> : '…'}</main>;
  // Before a meeting starts, the next one takes the big place: that is the one to prepare.
  const big = view.current ?? view.next;
  const small = view.current ? view.next : null;
  return (
    <main className="screen booth" data-testid="booth-screen" data-booth={booth}>
      <div className="booth-head">
        <h2 data-testid="booth-name">{booth}</h2>
        {view.interpreter && (
          <span className="booth-interp" data-testid="booth-interpreter">
            {t('booth.interpreter')}: <b>{view.interpreter}</b>
          </span>
        )}
        <span className="sub">{bi('booth.remaining', { count: view.remaining })}</span>
        <TechStatus view={view} />
        <button onClick={onChange} data-testid="booth-change">
          {bi('booth.change')}
        </button>
      </div>
      {view.techCheckDue && <TechCheckPanel onDone={(r, n) => void techCheck(r, n)} />}
      {notice && (
        <div className={`floor-notice ${notice.kind}`} role="status" data-testid="booth-notice">
          {'error' in notice ? errorText(notice.error) : bi(notice.key, notice.params)}
        </div>
      )}
      <div className="booth-body">
        {big ? (
          <MeetingCard key={big.id} m={big} label={view.current ? 'booth.current' : 'booth.next'} now={Date.parse(view.now)} big onMark={(w, n) => void mark(big, w, n)} />
        ) : (
          <section className="panel booth-empty">{bi('booth.none')}</section>
        )}
        {small && <MeetingCard key={small.id} m={small} label="booth.next" now={Date.parse(view.now)} onMark={(w, n) => void mark(small, w, n)} />}
      </div>
    </main>
  );
}

function answerNotice(a: ConnectionAnswer): Notice {
  switch (a.status) {
    case 'recorded':
      return { kind: 'ok', key: 'booth.answer.recorded' };
    case 'unchanged':
    case 'not_failed':
      return { kind: 'warn', key: `booth.answer.${a.status}` };
    case 'not_online':
    case 'too_early':
    case 'over':
      return { kind: 'bad', key: `booth.answer.${a.status}` };
  }
}

function TechStatus({ view }: { view: BoothView }) {
  const { time } = useI18n();
  const bi = useBi();
  const c = view.techCheck;
  if (!c) return null;
  return (
    <span className={`booth-tech-chip ${c.result}`} data-testid="booth-tech" data-result={c.result}>
      {c.result === 'ok' ? bi('booth.tech.passed', { time: time(c.at) }) : bi('booth.tech.failedAt', { time: time(c.at), note: c.note ?? '' })}
    </span>
  );
}

const TECH_ITEMS = ['booth.tech.camera', 'booth.tech.audio', 'booth.tech.link', 'booth.tech.interpreter'] as const;

function TechCheckPanel({ onDone }: { onDone: (r: 'ok' | 'failed', note?: string) => void }) {
  const { t, other } = useI18n();
  const bi = useBi();
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [note, setNote] = useState('');
  const all = TECH_ITEMS.every((k) => checked.has(k));
  return (
    <section className="panel booth-tech" data-testid="booth-techcheck">
      <h3>{bi('booth.tech.title')}</h3>
      <div className="booth-tech-items">
        {TECH_ITEMS.map((k) => (
          <label key={k} className={checked.has(k) ? 'on' : ''}>
            <input
              type="checkbox"
              checked={checked.has(k)}
              data-testid={`tech-${k.split('.').pop()}`}
              onChange={(e) => {
                const next = new Set(checked);
                if (e.target.checked) next.add(k);
                else next.delete(k);
                setChecked(next);
              }}
            />
            {t(k)} <span className="sub">{other(k)}</span>
          </label>
        ))}
      </div>
      <div className="row">
        <button className="primary" disabled={!all} onClick={() => onDone('ok')} data-testid="tech-ok">
          {bi('booth.tech.ok')}
        </button>
        <input value={note} maxLength={200} placeholder={`${t('booth.tech.note')} · ${other('booth.tech.note')}`} onChange={(e) => setNote(e.target.value)} data-testid="tech-note" />
        <button className="danger" onClick={() => onDone('failed', note.trim() || undefined)} data-testid="tech-failed">
          {bi('booth.tech.failed')}
        </button>
      </div>
    </section>
  );
}

/** The buyer's clock: now and the meeting's start in their zone (a day apart says so). */
function BuyerClock({ m, now }: { m: BoothMeeting; now: number }) {
  const { t, other } = useI18n();
  if (!m.buyerTimeZone) return null;
  const tz = m.buyerTimeZone;
  const zone = tz.split('/').pop()!.replace(/_/g, ' ');
  const dayKey = (d: number): MessageKey | null => (d > 0 ? 'booth.local.nextDay' : d < 0 ? 'booth.local.prevDay' : null);
  const here = localTime(new Date(now).toISOString(), tz);
  const start = localTime(m.start, tz);
  const p = (tr: typeof t) => ({ time: here.time, day: dayKey(here.dayOffset) ? tr(dayKey(here.dayOffset)!) : '', zone });
  const s = (tr: typeof t) => ({ time: start.time, day: dayKey(start.dayOffset) ? tr(dayKey(start.dayOffset)!) : '' });
  return (
    <div className="booth-local" data-testid="booth-local" title={tz}>
      <b>{t('booth.local', p(t))}</b>
      <div className="sub">{other('booth.local', p(other))}</div>
      <div className="sub">
        {t('booth.local.start', s(t))} · {other('booth.local.start', s(other))}
      </div>
    </div>
  );
}

function MeetingCard({ m, label, now, big, onMark }: { m: BoothMeeting; label: MessageKey; now: number; big?: boolean; onMark: (w: ConnectionMark, note?: string) => void }) {
  const { t, other, time } = useI18n();
  const bi = useBi();
  const [note, setNote] = useState('');
  const [blocked, setBlocked] = useState(false);
  const link = safeJoinLink(m.joinLink);
  const over = m.phase === 'done' || m.phase === 'no_show' || m.phase === 'cancelled';
  return (
    <section className={`panel booth-meeting conn-${m.connection}${big ? ' big' : ''}`} data-testid={big ? 'booth-main' : 'booth-next'} data-meeting={m.id} data-connection={m.connection}>
      <header>
        <span className="booth-label">{bi(label)}</span>
        <span className="booth-time">
          {time(m.start)}–{time(m.end)}
        </span>
        <span className={`chip phase-${m.phase}`}>
          {t(`booth.phase.${m.phase}`)} <span className="sub">{other(`booth.phase.${m.phase}`)}</span>
        </span>
        <span className={`chip conn conn-${m.connection}`} data-testid="booth-conn">
          {t(`booth.conn.${m.connection}`)} <span className="sub">{other(`booth.conn.${m.connection}`)}</span>
          {m.failures > 0 && ` · ${t('booth.conn.failures', { count: m.failures })}`}
        </span>
      </header>
      <div className="booth-parties">
        <div>
          <span className="booth-role">{bi('booth.buyer')}</span>
          <b className="booth-buyer" data-testid="booth-buyer">
            {m.buyer}
          </b>
          {m.country && <span className="sub"> · {m.country}</span>}
        </div>
        <div>
          <span className="booth-role">{bi('booth.seller')}</span>
          <b>{m.seller}</b>
        </div>
      </div>
      <BuyerClock m={m} now={now} />
      <div className="booth-interp-line" data-testid="booth-meeting-interpreter">
        {t('booth.interpreter')} <span className="sub">{other('booth.interpreter')}</span>: <b>{m.interpreter ?? t('booth.interpreter.none')}</b>
      </div>
      {!over && (
        <div className="booth-actions">
          {link ? (
            <button
              className="primary booth-open"
              data-testid="booth-open"
              onClick={() => setBlocked(!openJoinLink(link))}
              title={link}
            >
              {bi('booth.open')}
              <span className="booth-host">{new URL(link).host}</span>
            </button>
          ) : (
            <span className="booth-nolink">{bi(m.joinLink ? 'booth.open.blocked' : 'booth.open.none')}</span>
          )}
          {blocked && <span className="booth-nolink">{bi('booth.open.blocked')}</span>}
          <button className="ok" data-testid="mark-connected" disabled={m.connection === 'connected'} onClick={() => onMark('connected')}>
            {bi('booth.mark.connected')}
          </button>
          {m.connection === 'failed' ? (
            <button data-testid="mark-retry" onClick={() => onMark('retry')}>
              {bi('booth.mark.retry')}
            </button>
          ) : (
            <span className="booth-fail">
              <input value={note} maxLength={200} placeholder={`${t('booth.failed.note')} · ${other('booth.failed.note')}`} onChange={(e) => setNote(e.target.value)} data-testid="fail-note" />
              <button
                className="danger"
                data-testid="mark-failed"
                onClick={() => {
                  onMark('failed', note.trim() || undefined);
                  setNote('');
                }}
              >
                {bi('booth.mark.failed')}
              </button>
            </span>
          )}
        </div>
      )}
    </section>
  );
}
