import { useCallback, useEffect, useState } from 'react';
import { FOLLOW_UPS, INTEREST_LEVELS, type RecordedOutcome, type FollowUp, type Interest, type Outcome, type OutcomeAnswer, type OutcomeResult, type PendingOutcome } from '@contract/index';
import { call, nonce } from '../api/client';
import { usePushEvents, useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { clockText } from '../floor/useFloorState';
import './consultations.css';

type Notice = { kind: 'ok' | 'warn' | 'bad'; text: string };
const RESULTS: OutcomeResult[] = ['held', 'seller_no_show', 'buyer_no_show', 'connection_failed'];
const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

/**
 * The floor console's outcome list: every finished meeting without an outcome, two taps
 * each — the result, then the interest (held) or "record" (otherwise). Follow-ups and an
 * expected amount are optional and set before the second tap. The list refetches when
 * any station records an outcome or the floor changes.
 */
export function OutcomePanel({ now }: { now: number }) {
  const { t, other, errorText } = useI18n();
  const [pending, setPending] = useState<PendingOutcome[] | null>(null);
  const [recorded, setRecorded] = useState<RecordedOutcome[] | null>(null);
  // The edit form keeps the version it was opened on: another tablet's edit meanwhile makes this one stale (told so), never silently rebased.
  const [editing, setEditing] = useState<Outcome | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const refetch = useCallback(async () => {
    const [r, done] = await Promise.all([call('consultations.pending', {}), call('consultations.recorded', {})]);
    if (r.ok) setPending(r.value);
    if (done.ok) setRecorded(done.value);
  }, []);
  useEffect(() => void refetch(), [refetch]);
  usePushEvents((ev) => {
    if (ev.type === 'consultations.outcome' || ev.type === 'floor.changed' || ev.type === 'floor.clock' || ev.type === 'programme.changed') void refetch();
  });
  // Meetings end by time alone too: look again each minute.
  useEffect(() => {
    const h = setInterval(() => void refetch(), 60_000);
    return () => clearInterval(h);
  }, [refetch]);

  const resultText = (o: Outcome) => t(`outcome.result.${o.result}`);
  function answerNotice(p: { table: string; start: string }, a: OutcomeAnswer): Notice {
    switch (a.status) {
      case 'recorded':
        return a.outcome.version > 1
          ? { kind: 'ok', text: t('outcome.edit.saved', { table: p.table, time: clockText(Date.parse(p.start)), version: a.outcome.version, result: resultText(a.outcome) }) }
          : { kind: 'ok', text: t('outcome.saved', { table: p.table, time: clockText(Date.parse(p.start)), result: resultText(a.outcome) }) };
      case 'not_ended':
        return { kind: 'warn', text: t('outcome.not_ended', { time: clockText(Date.parse(a.endsAt)) }) };
      case 'stale':
        // Another tablet's edit landed first: say which version is there now; the list shows it.
        return { kind: 'warn', text: t('outcome.edit.stale', { version: a.current.version, result: resultText(a.current) }) };
      case 'already_recorded':
      case 'edit_window_closed':
        return { kind: 'warn', text: t(`outcome.${a.status}`, { result: resultText(a.current) }) };
      case 'reason_required':
      case 'incomplete':
        return { kind: 'bad', text: t(`outcome.${a.status}`) };
    }
  }

  const save = async (p: { meetingId: string; table: string; start: string }, input: OutcomeDraft, editOf?: number) => {
    const r = await call('consultations.outcome.record', { nonce: nonce(), meetingId: p.meetingId, ...input, ...(editOf ? { editOf } : {}) });
    setNotice(r.ok ? answerNotice(p, r.value) : { kind: 'bad', text: errorText(r.error) });
    // Saved, or the answer showed what is there now: the form closes on the current version.
    if (r.ok && r.value.status !== 'reason_required' && r.value.status !== 'incomplete') setEditing(null);
    void refetch();
  };

  return (
    // Nothing to record: one line, so the floor's 36 tables keep the screen (issue 14, 1366×768).
    <section className={`panel outcomes${pending?.length === 0 && !notice ? ' empty' : ''}`} data-testid="outcome-panel">
      <h2>
        {t('outcome.pending.title')} <span className="sub">{other('outcome.pending.title')}</span>
        {pending && pending.length > 0 && <span className="outcome-count">{t('outcome.pending.count', { count: pending.length })}</span>}
      </h2>
      {notice && (
        <div className={`floor-notice ${notice.kind}`} data-testid="outcome-notice" role="status">
          {notice.text}
        </div>
      )}
      {pending?.length === 0 && <p className="sub">{t('outcome.pending.none')}</p>}
      <div className="outcome-list">
        {pending?.map((p) => (
          <OutcomeRow key={p.meetingId} p={p} onSave={(input) => save(p, input)} />
        ))}
      </div>
      <h2 className="outcome-recorded-title">
        {t('outcome.recorded.title')} <span className="sub">{other('outcome.recorded.title')}</span>
      </h2>
      {recorded?.length === 0 && <p className="sub">{t('outcome.recorded.none')}</p>}
      <div className="outcome-list" data-testid="outcome-recorded">
        {recorded?.map((r) =>
          editing?.meetingId === r.meetingId ? (
            <OutcomeRow key={r.meetingId} p={r} edit={{ from: editing, onCancel: () => setEditing(null) }} onSave={(input) => save(r, input, editing.version)} />
          ) : (
            <RecordedRow key={r.meetingId} r={r} now={now} onEdit={() => setEditing(r.current)} />
          ),
        )}
      </div>
    </section>
  );
}

/** What a row records: the two taps' answer (and, for an edit, why). */
export interface OutcomeDraft {
  result: OutcomeResult;
  interest: Interest | null;
  followUps: FollowUp[];
  amount: { value: string; currency: string } | null;
  reason?: string;
}

/** A meeting as the console lists it (a pending one may carry the floor's suggestion). */
type ListedMeeting = Omit<PendingOutcome, 'suggested'> & { suggested?: OutcomeResult | null };

/**
 * One meeting's two taps. As an edit (`edit`), it starts from the current version and the
 * saving taps wait for the reason, which the station requires for every edit.
 */
export function OutcomeRow({ p, onSave, edit }: { p: ListedMeeting; onSave(input: OutcomeDraft): Promise<void>; edit?: { from: Outcome; onCancel(): void } }) {
  const { t, other } = useI18n();
  const guard = useBusyGuard();
  const from = edit?.from;
  const [result, setResult] = useState<OutcomeResult | null>(from?.result ?? null);
  const [followUps, setFollowUps] = useState<FollowUp[]>(from?.followUps ?? []);
  const [amount, setAmount] = useState(from?.amount?.value ?? '');
  const [currency, setCurrency] = useState(from?.amount?.currency ?? 'USD');
  const [reason, setReason] = useState('');
  const amountText = amount.replace(/[,\s]/g, '');
  const amountOk = amountText === '' || AMOUNT.test(amountText);
  const reasonOk = !edit || reason.trim().length >= 2;
  const send = (interest: Interest | null) =>
    guard(() =>
      onSave({
        result: result!,
        interest,
        followUps: result === 'held' ? followUps : [],
        amount: result === 'held' && amountText ? { value: amountText, currency } : null,
        ...(edit ? { reason: reason.trim() } : {}),
      }),
    );
  const results = p.online ? RESULTS : RESULTS.filter((r) => r !== 'connection_failed');
  return (
    <article className={`outcome-row${edit ? ' editing' : ''}`} data-testid={edit ? 'outcome-edit-form' : 'outcome-row'} data-meeting={p.meetingId}>
      <div className="outcome-what">
        <b>
          {clockText(Date.parse(p.start))} · {p.table}
        </b>
        <span>
          {p.seller} · {p.buyer}
          {p.country ? ` (${p.country})` : ''}
        </span>
        {p.suggested && <span className="outcome-suggested">{t('outcome.suggested', { result: t(`outcome.result.${p.suggested}`) })}</span>}
      </div>
      {edit && (
        <label className="outcome-reason">
          <span>
            {t('outcome.edit.reason')} <span className="sub">{other('outcome.edit.reason')}</span>
          </span>
          <input value={reason} maxLength={200} aria-invalid={!reasonOk} placeholder={t('outcome.edit.reason.placeholder')} data-testid="outcome-edit-reason" onChange={(e) => setReason(e.target.value)} />
          <button type="button" data-testid="outcome-edit-cancel" onClick={edit.onCancel}>
            {t('outcome.edit.cancel')} <span className="sub">{other('outcome.edit.cancel')}</span>
          </button>
        </label>
      )}
      <div className="outcome-buttons" role="group">
        {results.map((r) => (
          <button key={r} className={result === r ? 'on' : ''} aria-pressed={result === r} data-testid={`outcome-${r}`} onClick={() => setResult(r)}>
            {t(`outcome.result.${r}`)}
            <small>{other(`outcome.result.${r}`)}</small>
          </button>
        ))}
      </div>
      {result === 'held' && (
        <div className="outcome-held">
          <div className="outcome-chips" role="group">
            {FOLLOW_UPS.map((f) => (
              <button key={f} className={`chip${followUps.includes(f) ? ' on' : ''}`} aria-pressed={followUps.includes(f)} data-testid={`followup-${f}`} onClick={() => setFollowUps((x) => (x.includes(f) ? x.filter((y) => y !== f) : [...x, f]))}>
                {t(`outcome.followUp.${f}`)}
              </button>
            ))}
            <label className="outcome-amount">
              <span>{t('outcome.amount')}</span>
              <input inputMode="decimal" maxLength={20} value={amount} aria-invalid={!amountOk} data-testid="outcome-amount" onChange={(e) => setAmount(e.target.value)} />
              <select value={currency} onChange={(e) => setCurrency(e.target.value)} data-testid="outcome-currency">
                {['USD', 'KRW', 'EUR', 'CNY', 'JPY', 'VND', 'TRY', 'AED'].map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            {!amountOk && <span className="bad-text">{t('outcome.amount.invalid')}</span>}
          </div>
          <div className="outcome-buttons interest" role="group" aria-label={t('outcome.interest.label')}>
            <span className="sub">{t('outcome.interest.label')}</span>
            {INTEREST_LEVELS.map((i) => (
              <button key={i} className={`primary${from?.interest === i ? ' was' : ''}`} disabled={!amountOk || !reasonOk} data-testid={`interest-${i}`} onClick={() => void send(i)}>
                {t(`outcome.interest.${i}`)}
                <small>{other(`outcome.interest.${i}`)}</small>
              </button>
            ))}
          </div>
        </div>
      )}
      {result && result !== 'held' && (
        <div className="outcome-buttons">
          <button className="primary" disabled={!reasonOk} data-testid="outcome-confirm" onClick={() => void send(null)}>
            {t('outcome.confirm')} · {t(`outcome.result.${result}`)}
          </button>
        </div>
      )}
    </article>
  );
}

/**
 * A recorded outcome: its current version, and Edit while the window is open. The
 * window is the station's rule (it refuses a late edit); the screen only says it early,
 * from the station's clock (`now`), and why the button is closed.
 */
function RecordedRow({ r, now, onEdit }: { r: RecordedOutcome; now: number; onEdit(): void }) {
  const { t, other } = useI18n();
  const o = r.current;
  const open = now <= Date.parse(o.editableUntil);
  const firstAt = Date.parse(o.editableUntil) - 30 * 60_000;
  const detail = [
    o.interest ? `${t('outcome.interest.short')} ${t(`outcome.interest.${o.interest}`)}` : null,
    ...o.followUps.map((f) => t(`outcome.followUp.${f}`)),
    o.amount ? `${o.amount.value} ${o.amount.currency}` : null,
  ].filter(Boolean);
  return (
    <article className="outcome-row recorded" data-testid="recorded-row" data-meeting={r.meetingId} data-version={o.version}>
      <div className="outcome-what">
        <b>
          {clockText(Date.parse(r.start))} · {r.table}
        </b>
        <span>
          {r.seller} · {r.buyer}
          {r.country ? ` (${r.country})` : ''}
        </span>
        <span className="outcome-current" data-testid="recorded-current">
          <em className="outcome-version">{t('outcome.version', { version: o.version })}</em> {t(`outcome.result.${o.result}`)}
          {detail.length ? ` · ${detail.join(' · ')}` : ''} · {t('outcome.recordedAt', { time: clockText(Date.parse(o.recordedAt)), station: o.stationName ?? '' })}
        </span>
        {o.reason && <span className="outcome-reason-shown">{t('outcome.reasonShown', { reason: o.reason })}</span>}
      </div>
      <div className="outcome-edit-box">
        <button type="button" disabled={!open} data-testid="outcome-edit" onClick={onEdit}>
          {t('outcome.edit')} <small>{other('outcome.edit')}</small>
        </button>
        <span className={open ? 'sub' : 'outcome-closed'} data-testid="outcome-edit-why">
          {open ? t('outcome.edit.until', { time: clockText(Date.parse(o.editableUntil)) }) : t('outcome.edit.closed', { time: clockText(firstAt) })}
        </span>
        {!open && <span className="sub">{other('outcome.edit.closed', { time: clockText(firstAt) })}</span>}
      </div>
    </article>
  );
}
