import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { BoardSessionCard, SessionBoard } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import './sessions.css';

/** Tours are announced this long before they leave. */
const TOUR_SOON_MS = 30 * 60_000;

/**
 * The sessions part of the hall board: each running session's fill ("만석 / Full" the
 * moment a door records the last seat — the door's event carries the count, no refetch),
 * online/hybrid sessions with a QR of their link, tours leaving soon with the meeting
 * point, and today's cancellations. It sits under the rooms list of BoardScreen.
 */
export function BoardSessions() {
  const { t, other, time } = useI18n();
  const [board, setBoard] = useState<SessionBoard | null>(null);
  const [offset, setOffset] = useState(0);
  const [, setTick] = useState(0);
  const load = useCallback(async () => {
    const r = await call('sessions.board', {});
    if (r.ok) {
      setBoard(r.value);
      setOffset(Date.parse(r.value.now) - Date.now());
    }
  }, []);
  useEffect(() => {
    void load();
    // Sessions start and end by the minute: a slow refetch moves them along.
    const h = setInterval(() => void load(), 30_000);
    const k = setInterval(() => setTick((x) => x + 1), 5_000);
    return () => {
      clearInterval(h);
      clearInterval(k);
    };
  }, [load]);
  usePushEvents((ev) => {
    if (ev.type === 'sessions.occupancy') {
      performance.mark('sessions.occupancy');
      const patch = (c: BoardSessionCard) => (c.id === ev.sessionId ? { ...c, occupancy: ev.occupancy, full: ev.full } : c);
      setBoard((b) => b && { ...b, live: b.live.map(patch), next: b.next.map(patch) });
    } else if (ev.type === 'sessions.changed' || ev.type === 'programme.changed' || ev.type === 'floor.clock') void load();
  });
  // How long a door's count takes to reach the screen (read by the bench), cleared at once.
  useLayoutEffect(() => {
    if (performance.getEntriesByName('sessions.occupancy').length === 0) return;
    performance.measure('board.sessions', 'sessions.occupancy');
    performance.clearMarks('sessions.occupancy');
  }, [board]);

  if (!board) return null;
  const now = Date.now() + offset;
  const tours = board.next.filter((s) => s.kind === 'tour' && Date.parse(s.start) - now <= TOUR_SOON_MS);
  const bi = (k: MessageKey, p?: Record<string, string | number>) => (
    <>
      {t(k, p)} <small>{other(k, p)}</small>
    </>
  );
  if (board.live.length === 0 && tours.length === 0 && board.cancelled.length === 0) return null;
  return (
    <section className="board-sessions" data-testid="board-sessions">
      <h2>{bi('boardSessions.title')}</h2>
      {board.live.map((s) => (
        <div key={s.id} className={`bs-card${s.full ? ' full' : ''}`} data-testid="board-session" data-session={s.id} data-occupancy={s.occupancy} data-full={s.full ? '1' : '0'}>
          <div className="bs-main">
            <div className="bs-room">
              {s.room} <span className="bs-mode">{t(`mode.${s.mode}`)}</span>
              {s.delayMin > 0 && <span className="bs-warn">{t('boardSessions.delayed', { min: s.delayMin })}</span>}
              {s.moved && <span className="bs-warn">{t('boardSessions.moved')}</span>}
            </div>
            <div className="bs-title">{s.title}</div>
            <div className="bs-fill">
              {s.full ? (
                <span className="bs-full" data-testid="board-full">
                  {t('boardSessions.full')} <small>{other('boardSessions.full')}</small>
                </span>
              ) : (
                <span className="bs-count">{s.capacity !== null ? t('boardSessions.seats', { occupancy: s.occupancy, capacity: s.capacity }) : t('boardSessions.people', { occupancy: s.occupancy })}</span>
              )}
              <span className="bs-time">
                {time(s.start)}–{time(s.end)}
              </span>
            </div>
          </div>
          {s.streamUrl && <LinkQr url={s.streamUrl} label={`${t('boardSessions.scan')} · ${other('boardSessions.scan')}`} />}
        </div>
      ))}
      {tours.map((s) => {
        const min = Math.max(0, Math.ceil((Date.parse(s.start) - now) / 60_000));
        return (
          <div key={s.id} className="bs-tour" data-testid="board-tour" data-session={s.id}>
            <div className="bs-tour-when">
              {t('boardSessions.tourLeaves', { min })} <small>{other('boardSessions.tourLeaves', { min })}</small>
            </div>
            <div className="bs-title">{s.title}</div>
            <div className="bs-meet">{bi('boardSessions.meetingPoint', { place: s.meetingPoint ?? s.room })}</div>
          </div>
        );
      })}
      {board.cancelled.map((c) => (
        <div key={c.id} className="bs-cancelled" data-testid="board-cancelled" data-session={c.id}>
          <span className="bs-warn">{bi('boardSessions.cancelled')}</span> {time(c.start)} {c.title}
        </div>
      ))}
    </section>
  );
}

function LinkQr({ url, label }: { url: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(url, { margin: 1, width: 220, errorCorrectionLevel: 'M' }).then(
      (d) => live && setSrc(d),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return src ? (
    <figure className="bs-qr" data-testid="board-qr">
      <img src={src} alt={label} />
      <figcaption>{label}</figcaption>
    </figure>
  ) : null;
}
