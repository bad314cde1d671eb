import { useRef, useState } from 'react';
import type { AppError, ArrivalOutcome, BoardMeeting, BoardTable, ConsultationConfig, MeetingAction, MeetingActOutcome } from '@contract/index';
import { localTime } from '@contract/index';
import { call, nonce } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { clockText, countdown, minutesOf, timeIsUp, useFloorState, useTick } from './useFloorState';
import { eventZone } from '../setup/event-zone';
import { LengthPanel } from './LengthPanel';
import { OutcomePanel } from '../consultations/OutcomePanel';
import { ItineraryLookup } from '../itinerary/ItineraryLookup';
import { waitingView } from './waiting';
import './floor.css';
import { BoothLine } from '../booth/BoothLine';
import '../booth/booth.css';

export type Notice = { kind: 'ok' | 'warn' | 'bad'; text: string };

/** "YYYY-MM-DDTHH:MM" of an instant in the fair's time zone, for the rehearsal clock field. */
function localInput(ms: number): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: eventZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(ms);
  const get = (k: string) => p.find((x) => x.type === k)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}`;
}

/**
 * The floor manager's console: one tap starts the round at every table; per table:
 * advance the phase, +5 min (pushing the table's later meetings back), no-show, undo;
 * arrivals by badge scan; the consultation length; the rehearsal clock. Every action is
 * a nonce'd call; a table's buttons are locked while its call runs.
 */
export function FloorScreen() {
  const { t, other, errorText } = useI18n();
  const { state, serverNow, refetch } = useFloorState();
  useTick(500);
  const now = serverNow();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [cardNotice, setCardNotice] = useState<Record<string, Notice>>({});
  const [lengthOpen, setLengthOpen] = useState(false);
  const [lateOpen, setLateOpen] = useState(false);
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const busyRef = useRef(new Set<string>());
  const [scan, setScan] = useState('');
  const [scanTable, setScanTable] = useState('');
  const [clockInput, setClockInput] = useState('');

  async function guarded(key: string, fn: () => Promise<void>) {
    // A double tap sends one request.
    if (busyRef.current.has(key)) return;
    busyRef.current.add(key);
    setBusy(new Set(busyRef.current));
    try {
      await fn();
    } finally {
      busyRef.current.delete(key);
      setBusy(new Set(busyRef.current));
    }
  }

  const fail = (e: AppError) => setNotice({ kind: 'bad', text: errorText(e) });

  const startRound = () =>
    guarded('round', async () => {
      const r = await call('floor.round.start', { nonce: nonce() });
      if (!r.ok) return fail(r.error);
      const v = r.value;
      if (!v.slot) return setNotice({ kind: 'warn', text: t('floor.round.nothing') });
      const parts = [t('floor.round.done', { time: clockText(Date.parse(v.slot)), started: v.started, running: v.alreadyRunning, skipped: v.skipped })];
      if (v.waiting) parts.push(t('floor.round.waiting', { waiting: v.waiting }));
      if (v.noShow) parts.push(t('floor.round.noShow', { noShow: v.noShow }));
      setNotice({ kind: v.waiting ? 'warn' : 'ok', text: parts.join(' · ') });
    });

  const act = (m: BoardMeeting, action: MeetingAction) =>
    guarded(m.id, async () => {
      const r = await call('floor.meeting.act', { nonce: nonce(), meetingId: m.id, action, ...(action === 'delay' ? { minutes: 5 } : {}) });
      const note = !r.ok ? { kind: 'bad' as const, text: errorText(r.error) } : actNotice(r.value);
      setCardNotice((c) => {
        const { [m.table]: _, ...rest } = c;
        return note ? { ...rest, [m.table]: note } : rest;
      });
    });

  function actNotice(o: MeetingActOutcome): Notice | null {
    switch (o.status) {
      case 'not_allowed':
        return { kind: 'bad', text: t('floor.act.notAllowed') };
      case 'too_late':
        return { kind: 'bad', text: t('floor.act.tooLate') };
      case 'done': {
        // Say where the table's day went: the next meeting's new time.
        const first = o.pushed[0];
        return first ? { kind: 'warn', text: t('floor.act.pushed', { count: o.pushed.length, time: clockText(Date.parse(first.start)), min: first.delayMin }) } : null;
      }
    }
  }

  const scanBadge = () =>
    guarded('scan', async () => {
      const code = scan.trim();
      if (!code) return;
      const r = await call('floor.arrival.scan', { nonce: nonce(), code, ...(scanTable ? { table: scanTable } : {}) });
      setScan('');
      if (!r.ok) return fail(r.error);
      setNotice(arrivalNotice(r.value));
    });

  function arrivalNotice(o: ArrivalOutcome): Notice {
    switch (o.status) {
      case 'arrived':
        return { kind: 'ok', text: `${t('floor.scan.arrived', { org: o.organisation, table: o.meeting.table })} · ${t(`floor.scan.by.${o.match}`)}` };
      case 'already_arrived':
        return { kind: 'warn', text: `${t('floor.scan.already', { org: o.organisation, table: o.meeting.table })} · ${t(`floor.scan.by.${o.match}`)}` };
      case 'unknown_code':
        return { kind: 'bad', text: t('floor.scan.unknown', { code: o.code }) };
      case 'no_meeting':
        return { kind: 'warn', text: t('floor.scan.noMeeting', { org: o.organisation ?? '—' }) };
      case 'ambiguous':
        return { kind: 'warn', text: t('floor.scan.ambiguous', { org: o.organisation, tables: o.tables.join(', ') }) };
      case 'not_listed':
        return { kind: 'warn', text: t('floor.scan.notListed', { org: o.organisation, tables: o.tables.join(', ') }) };
    }
  }

  const setClock = (at: string | null) =>
    guarded('clock', async () => {
      const r = await call('floor.clock.set', { at });
      if (!r.ok) return fail(r.error);
      setNotice(null);
      // The field follows the (new) clock again.
      setClockInput('');
    });

  const lengthText = (c: ConsultationConfig) => t('floor.length.value', { pitch: c.pitchMin, qa: c.qaMin, change: c.changeoverMin });
  const tables = state?.tables ?? [];
  const overrun = tables.filter((tb) => tb.now && timeIsUp(tb.now, now));
  // SMEs late for a slot that has begun: the floor manager goes to find them (or marks a no-show).
  const late = waitingView(tables, now).late;
  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );

  return (
    <main className="screen floor" data-testid="floor">
      <section className="floor-bar panel">
        <div className="floor-clock">
          <b data-testid="floor-clock">{state ? clockText(now, eventZone(), true) : '--:--:--'}</b>
          <span>{state?.day}</span>
          {state?.rehearsal && <span className="floor-rehearsal">{t('floor.clock.rehearsal')}</span>}
        </div>
        <button className="primary floor-round" data-testid="round-start" disabled={!state?.roundSlot || busy.has('round')} onClick={() => void startRound()}>
          {state?.roundSlot ? t('floor.round.start', { time: clockText(Date.parse(state.roundSlot)) }) : t('floor.round.none')}
        </button>
        <form
          className="floor-scan"
          onSubmit={(e) => {
            e.preventDefault();
            void scanBadge();
          }}
        >
          <div>
            <label htmlFor="floor-scan">{bi('floor.scan.label')}</label>
            <input id="floor-scan" data-testid="floor-scan" value={scan} maxLength={200} autoComplete="off" spellCheck={false} placeholder={t('floor.scan.placeholder')} onChange={(e) => setScan(e.target.value)} />
          </div>
          <div>
            <label htmlFor="floor-scan-table">{t('floor.scan.table')}</label>
            <select id="floor-scan-table" data-testid="floor-scan-table" value={scanTable} onChange={(e) => setScanTable(e.target.value)}>
              <option value="">{t('floor.scan.anyTable')}</option>
              {tables.map((tb) => (
                <option key={tb.name} value={tb.name}>
                  {tb.name}
                </option>
              ))}
            </select>
          </div>
        </form>
        <button className="floor-length-toggle" data-testid="length-toggle" aria-expanded={lengthOpen} disabled={!state} onClick={() => setLengthOpen((o) => !o)}>
          <span className="sub">{t('floor.length.label')}</span>
          <b>{state ? lengthText(state.config) : '—'}</b>
        </button>
        <form
          className="floor-rehearsal-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (clockInput) void setClock(clockInput);
          }}
        >
          <label htmlFor="rehearsal">{bi('floor.clock.label')}</label>
          <div className="row">
            <input id="rehearsal" type="datetime-local" step={60} data-testid="rehearsal-input" value={clockInput || (state ? localInput(now) : '')} onChange={(e) => setClockInput(e.target.value)} />
            <button type="submit" data-testid="rehearsal-set" disabled={busy.has('clock')}>
              {t('floor.clock.set')}
            </button>
            <button type="button" data-testid="rehearsal-clear" disabled={busy.has('clock') || !state?.rehearsal} onClick={() => void setClock(null)}>
              {t('floor.clock.real')}
            </button>
          </div>
        </form>
      </section>

      {lengthOpen && state && (
        <LengthPanel
          config={state.config}
          slotMin={state.slotMin}
          onSaved={(cfg) => {
            setLengthOpen(false);
            // Ask as well as listen: the floor.config event may come after this answer.
            refetch();
            setNotice({ kind: 'ok', text: t('floor.length.saved', { length: lengthText(cfg) }) });
          }}
          onClose={() => setLengthOpen(false)}
        />
      )}

      {/* The round's answer, the overrun alert and the late SMEs share one row, each one line (a tap opens the late list). */}
      <div className="floor-notes">
        {notice && (
          <div className={`floor-notice ${notice.kind}`} data-testid="floor-notice" role="status">
            {notice.text}
          </div>
        )}
        {overrun.length > 0 && (
          <div className="floor-alert" data-testid="floor-alert" role="alert">
            {t('floor.alert.overrun', { tables: overrun.map((tb) => tb.name).join(', ') })}
          </div>
        )}
        {late.length > 0 && (
          // One line (36 late SMEs would fill the screen); a tap shows them all.
          <button type="button" className={`floor-notice warn floor-late${lateOpen ? ' open' : ''}`} data-testid="floor-late" aria-expanded={lateOpen} onClick={() => setLateOpen((o) => !o)}>
            {t('waiting.late')} ({late.length}): {late.map((l) => `${l.table} ${l.seller} (${t('waiting.lateBy', { min: l.minutes })})`).join(' · ')}
          </button>
        )}
        {/* An occasional request (a participant asks for their A4 schedule): a pill at the end of
            this row that opens over the tables, so the working view still fits one desk screen. */}
        <details className="floor-itinerary" data-testid="floor-itinerary">
          <summary>
            {t('itinerary.lookup.label')} <span className="sub">{other('itinerary.lookup.label')}</span>
          </summary>
          <ItineraryLookup />
        </details>
      </div>
      {state && tables.length === 0 && <p className="panel">{t('floor.empty')}</p>}

      <section className="floor-grid">
        {tables.map((tb) => (
          <FloorCard key={tb.name} table={tb} now={now} busy={!!tb.now && busy.has(tb.now.id)} notice={cardNotice[tb.name]} onAct={act} />
        ))}
      </section>
      {state && tables.length > 0 && <OutcomePanel now={now} />}
    </main>
  );
}

/** An online buyer's own clock: now, and the meeting's start, in their zone (a day apart says so). */
export function BuyerLocal({ m, now }: { m: BoardMeeting; now: number }) {
  const { t } = useI18n();
  const tz = m.buyerTimeZone!;
  const start = localTime(m.start, tz);
  const day = start.dayOffset > 0 ? ` ${t('floor.local.nextDay')}` : start.dayOffset < 0 ? ` ${t('floor.local.prevDay')}` : '';
  return (
    <div className="fc-local" data-testid="buyer-local" title={tz}>
      {t('floor.local', { now: localTime(new Date(now).toISOString(), tz).time, start: start.time + day, zone: tz.split('/').pop()!.replace(/_/g, ' ') })}
    </div>
  );
}

function FloorCard({ table, now, busy, notice, onAct }: { table: BoardTable; now: number; busy: boolean; notice?: Notice; onAct(m: BoardMeeting, a: MeetingAction): void }) {
  const { t } = useI18n();
  const m = table.now ?? table.next;
  const isNow = table.now !== null;
  const cd = table.now ? countdown(table.now, now) : null;
  const running = m?.phase === 'pitch' || m?.phase === 'qa';
  const open = m?.phase === 'scheduled' || m?.phase === 'waiting';
  const overrun = m && timeIsUp(m, now);
  const timing = overrun ? 'overrun' : (m?.timing ?? 'idle');
  const advanceLabel: MessageKey = open ? 'floor.act.start' : m?.phase === 'pitch' ? 'floor.act.qa' : 'floor.act.end';
  return (
    <article className={`fc timing-${isNow ? timing : 'idle'}`} data-testid="floor-table" data-table={table.name} data-phase={m?.phase ?? ''} data-meeting={m?.id ?? ''}>
      <header>
        <b title={table.name}>{table.name}</b>
        {m && (
          <span className="fc-phase">
            {!isNow ? `${t('board.next')} ${clockText(Date.parse(m.start))}` : timing === 'late' || timing === 'overrun' ? t(`timing.${timing}`) : t(`phase.${m.phase}`)}
          </span>
        )}
      </header>
      {m ? (
        <>
          {/* The countdown and what comes next share a line (1366×768: 36 cards on one screen). */}
          <div className="fc-line">
            <div className="fc-count">
              {cd ? (cd.remaining >= 0 ? t('floor.minLeft', { min: minutesOf(cd.remaining) }) : t('floor.minOver', { min: minutesOf(cd.remaining) })) : clockText(Date.parse(m.start))}
              {m.delayMin > 0 && <span className="fc-delay">{t('board.delay', { min: m.delayMin })}</span>}
            </div>
            {isNow && table.next && (
              <div className="fc-next" data-testid="floor-next" data-start={table.next.start} title={table.next.seller}>
                {t('board.next')} <b>{clockText(Date.parse(table.next.start))}</b>
                {table.next.delayMin > 0 && <span className="fc-delay">{t('board.delay', { min: table.next.delayMin })}</span>}
                <span className="fc-next-who"> · {table.next.seller}</span>
              </div>
            )}
          </div>
          <div className="fc-parties">
            <button className={`fc-arr${m.arrivedSeller ? ' here' : ''}`} disabled={busy || m.arrivedSeller || !(open || running)} onClick={() => onAct(m, 'arrived_seller')} data-testid="arrived-seller" title={m.seller}>
              {m.arrivedSeller ? '✓' : '○'} {t('floor.arrived.seller')} · {m.seller}
            </button>
            <button className={`fc-arr${m.arrivedBuyer ? ' here' : ''}`} disabled={busy || m.arrivedBuyer || !(open || running)} onClick={() => onAct(m, 'arrived_buyer')} data-testid="arrived-buyer" title={m.buyer}>
              {m.arrivedBuyer ? '✓' : '○'} {t('floor.arrived.buyer')} · {m.buyer}
              {m.online && m.country ? ` (${m.country})` : ''}
            </button>
          </div>
          {m.online && m.buyerTimeZone && <BuyerLocal m={m} now={now} />}
          <BoothLine m={m} />
          <div className="fc-actions">
            {(open || running) && (
              <button className="primary" disabled={busy} onClick={() => onAct(m, 'advance')} data-testid="act-advance">
                {t(advanceLabel)}
              </button>
            )}
            {(open || running) && (
              <button disabled={busy} onClick={() => onAct(m, 'delay')} data-testid="act-delay">
                {t('floor.act.delay')}
              </button>
            )}
            {(open || running) && (
              <button disabled={busy} onClick={() => onAct(m, 'no_show')} data-testid="act-no_show">
                {t('floor.act.noShow')}
              </button>
            )}
            {(m.phase === 'no_show' || m.phase === 'cancelled') && (
              <button disabled={busy} onClick={() => onAct(m, 'reopen')} data-testid="act-reopen">
                {t('floor.act.reopen')}
              </button>
            )}
          </div>
          {notice && (
            <div className={`fc-notice ${notice.kind}`} data-testid="floor-card-notice">
              {notice.text}
            </div>
          )}
        </>
      ) : (
        <div className="fc-free">{t('board.free')}</div>
      )}
    </article>
  );
}
