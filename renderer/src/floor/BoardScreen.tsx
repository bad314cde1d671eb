import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { BoardMeeting, BoardRoom, BoardTable } from '@contract/index';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';
import { clockText, countdown, minutesOf, timeIsUp, useFloorState, useTick } from './useFloorState';
import { eventZone } from '../setup/event-zone';
import './board.css';
import { BoardSessions } from '../sessions/BoardSessions';

/** Grids by table count; beyond 12 tables the board pages. */
const LAYOUTS = [
  { cols: 2, rows: 2 },
  { cols: 3, rows: 2 },
  { cols: 3, rows: 3 },
  { cols: 4, rows: 3 },
] as const;
const PAGE_MS = 12_000;
const TICK_MS = 250;

/**
 * The live board on the hall floor (board role, full screen, 1920×1080, read from ten
 * metres): every table's and booth's now (phase, countdown, parties) and next, the
 * seminar rooms' now/next, the fair's clock. Rebuilt from the station on every change.
 */
export function BoardScreen() {
  const { t, other, lang } = useI18n();
  const hello = useStation();
  const { state, serverNow } = useFloorState();
  useTick(TICK_MS);
  const now = serverNow();

  const tables = state?.tables ?? [];
  const layout = LAYOUTS.find((l) => l.cols * l.rows >= tables.length) ?? LAYOUTS[3];
  const perPage = layout.cols * layout.rows;
  const pages = Math.max(1, Math.ceil(tables.length / perPage));
  // ?page=2 pins this screen to one page (a hall with two screens side by side).
  const pinned = useMemo(() => {
    const n = Number(new URLSearchParams(location.search).get('page'));
    return Number.isInteger(n) && n >= 1 ? n - 1 : null;
  }, []);
  const [page, setPage] = useState(pinned ?? 0);
  useEffect(() => {
    if (pages <= 1 || pinned !== null) return;
    const h = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => clearInterval(h);
  }, [pages, pinned]);
  const shown = tables.slice((page % pages) * perPage, (page % pages) * perPage + perPage);

  // How long a pushed change takes to reach the screen (read by the bench); the entries
  // are cleared at once so a board left running all day keeps no growing buffer.
  useLayoutEffect(() => {
    if (!state || performance.getEntriesByName('floor.data').length === 0) return;
    performance.measure('board.update', 'floor.data');
    performance.clearMarks('floor.data');
    performance.clearMeasures('board.update');
  }, [state]);

  const bi = (k: MessageKey, p?: Record<string, string | number>) => (
    <>
      {t(k, p)} <span className="en">{other(k, p)}</span>
    </>
  );

  return (
    <div className="board" data-testid="board" lang={lang}>
      <header className="board-head">
        <div className="board-title">
          <div className="board-event">{hello.event.name.ko}</div>
          <div className="board-sub">{bi('board.tables')}</div>
        </div>
        {state?.rehearsal && <div className="board-rehearsal">{bi('floor.clock.rehearsal')}</div>}
        {pages > 1 && (
          <div className="board-pages" data-testid="board-page">
            {Array.from({ length: pages }, (_, i) => (
              <span key={i} className={i === page % pages ? 'on' : ''} />
            ))}
          </div>
        )}
        <div className="board-clock" data-testid="board-clock">
          {state ? clockText(now, eventZone(), true) : '--:--:--'}
        </div>
      </header>
      <div className="board-body">
        <section className="board-tables" style={{ gridTemplateColumns: `repeat(${layout.cols}, 1fr)`, gridTemplateRows: `repeat(${layout.rows}, 1fr)` }}>
          {state && tables.length === 0 && <div className="board-empty">{bi('board.empty')}</div>}
          {shown.map((tb) => (
            <TableCard key={tb.name} table={tb} now={now} />
          ))}
        </section>
        <aside className="board-rooms">
          <BoardSessions />
          <h2>{bi('board.rooms')}</h2>
          {state?.rooms.length === 0 && <p className="room-none">{t('board.room.none')}</p>}
          {state?.rooms.map((r) => (
            <RoomCard key={r.name} room={r} now={now} />
          ))}
        </aside>
      </div>
    </div>
  );
}

/**
 * One table as read from across the hall. Three shapes: a meeting running (its phase and
 * "N min left" in large type); a meeting due (its start time, late in amber); and
 * between meetings — finished, no-show, or its time up and waiting for the next round —
 * where the large type is the NEXT start, never the old one, and nothing is red.
 */
function TableCard({ table, now }: { table: BoardTable; now: number }) {
  const { t, other } = useI18n();
  const next = table.next;
  const current = table.now;
  const up = current !== null && (timeIsUp(current, now) || current.timing === 'overrun');
  const closed = current !== null && (current.phase === 'done' || current.phase === 'no_show' || current.phase === 'cancelled');
  // Between meetings the card is about what comes next.
  const m = up || closed ? null : current;
  const cd = m ? countdown(m, now) : null;
  // Between refetches the clock may pass the planned start: show it late at once.
  const late = m && (m.phase === 'scheduled' || m.phase === 'waiting') && (m.timing === 'late' || now >= Date.parse(m.start) + 60_000);
  const shownTiming = up ? 'time_up' : closed ? current!.timing : late ? 'late' : (m?.timing ?? 'idle');
  const chip: MessageKey | null = up ? 'board.timeUp' : closed ? `phase.${current!.phase}` : m ? (late ? 'timing.late' : `phase.${m.phase}`) : null;
  const { prefix, key } = splitName(table.name);
  return (
    <article
      className={`bt timing-${shownTiming} phase-${current?.phase ?? 'idle'}`}
      data-testid="board-table"
      data-table={table.name}
      data-phase={current?.phase ?? ''}
      data-timing={shownTiming === 'idle' ? '' : shownTiming}
      data-delay={current?.delayMin ?? 0}
      data-meeting={current?.id ?? ''}
    >
      <header>
        <span className="bt-name">
          {/* "상담테이블 12": the number is what people look for from afar. */}
          {prefix && <small>{prefix}</small>}
          {key}
        </span>
        {chip && (
          <span className="bt-phase" data-testid="board-phase">
            {t(chip)}
            <small>{other(chip)}</small>
          </span>
        )}
      </header>
      {m ? (
        <>
          <div className="bt-count" data-testid="countdown">
            {cd ? (
              <>
                {minutesOf(cd.remaining)}
                <span className="bt-flag">
                  {t('board.minLeft')}
                  <small>{other('board.minLeft')}</small>
                </span>
              </>
            ) : (
              <>
                {clockText(Date.parse(m.start))}
                <span className="bt-flag">
                  {t('board.start')}
                  <small>{other('board.start')}</small>
                </span>
              </>
            )}
          </div>
          <div className="bt-bar">
            <div style={{ width: `${Math.round((cd?.fraction ?? 0) * 1000) / 10}%` }} />
          </div>
          <Parties m={m} now={now} />
        </>
      ) : (
        <div className="bt-idle" data-testid="countdown">
          {next ? (
            <>
              <div className="bt-count muted">
                {clockText(Date.parse(next.start))}
                <span className="bt-flag">
                  {t('board.next')}
                  <small>{other('board.next')}</small>
                </span>
              </div>
              <div className="bt-idle-label">
                {t('board.startsIn', { min: minutesOf(Date.parse(next.start) - now) })} <small>{other('board.startsIn', { min: minutesOf(Date.parse(next.start) - now) })}</small>
              </div>
            </>
          ) : (
            <div className="bt-idle-label">
              {t(current ? 'board.dayDone' : 'board.free')} <small>{other(current ? 'board.dayDone' : 'board.free')}</small>
            </div>
          )}
        </div>
      )}
      {next && m && (
        <footer className="bt-next">
          <b>
            {t('board.next')} {clockText(Date.parse(next.start))}
          </b>{' '}
          {/* Pushed back behind a longer meeting: the new time, and by how much. */}
          {next.delayMin > 0 && <span className="bt-delay">{t('board.delay', { min: next.delayMin })}</span>} {next.seller} · {next.buyer}
        </footer>
      )}
      {next && !m && (
        <footer className="bt-next">
          {next.delayMin > 0 && <span className="bt-delay">{t('board.delay', { min: next.delayMin })}</span>} {next.seller} · {next.buyer}
        </footer>
      )}
    </article>
  );
}

/** "상담테이블 12" → prefix "상담테이블", key "12"; a one-word name is all key. */
function splitName(name: string): { prefix: string; key: string } {
  const i = name.lastIndexOf(' ');
  return i > 0 ? { prefix: name.slice(0, i), key: name.slice(i + 1) } : { prefix: '', key: name };
}

function Parties({ m, now }: { m: BoardMeeting; now: number }) {
  const { t } = useI18n();
  return (
    <div className="bt-parties">
      <div className={`bt-party${m.arrivedSeller ? ' here' : ''}`}>{m.seller}</div>
      <div className={`bt-party buyer${m.arrivedBuyer ? ' here' : ''}`}>{m.buyer}</div>
      <div className="bt-meta">
        {/* Online: the buyer's country and local time matter more than the slot. */}
        {m.online && m.country ? (
          <span className="bt-local">
            {m.country}
            {m.buyerTimeZone && ` · ${t('board.local', { time: clockText(now, m.buyerTimeZone) })}`}
          </span>
        ) : (
          <>
            {/* Given more time while running: its new end, so the next meeting's pushed time adds up. */}
            {clockText(Date.parse(m.start))}–{clockText(Math.max(Date.parse(m.end), m.qaEndsAt ? Date.parse(m.qaEndsAt) : 0))}
          </>
        )}
        {m.delayMin > 0 && <span className="bt-delay">{t('board.delay', { min: m.delayMin })}</span>}
      </div>
    </div>
  );
}

function RoomCard({ room, now }: { room: BoardRoom; now: number }) {
  const { t, other } = useI18n();
  const running = room.now && now >= Date.parse(room.now.start) && now < Date.parse(room.now.end);
  const span = (s: { start: string; end: string }) => `${clockText(Date.parse(s.start))}–${clockText(Date.parse(s.end))}`;
  return useMemo(
    () => (
      <div className={`room${running ? ' live' : ''}`} data-testid="board-room" data-room={room.name}>
        <div className="room-name">{room.name}</div>
        {room.now && (
          <div className="room-now">
            <span className="room-tag">
              {t('board.room.now')} <small>{other('board.room.now')}</small>
            </span>
            <div className="room-title">{room.now.title}</div>
            <div className="room-time">
              {span(room.now)} · {t(`kind.${room.now.kind}`)}
            </div>
          </div>
        )}
        {room.next && (
          <div className="room-next">
            <span className="room-tag">
              {t('board.room.next')} <small>{other('board.room.next')}</small>
            </span>
            <div className="room-title">{room.next.title}</div>
            <div className="room-time">
              {span(room.next)} · {t(`kind.${room.next.kind}`)}
            </div>
          </div>
        )}
      </div>
    ),
    // Rooms change by the minute, not by the countdown tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [room, running, t, other],
  );
}
