import { useCallback, useEffect, useState } from 'react';
import { FOLLOW_UPS, INTEREST_LEVELS, type FollowUp, type Interest, type Outcome, type OutcomeAnswer, type OutcomeResult, type PendingOutcome } from '@contract/index';
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
export function OutcomePanel() {
  const { t, other, errorText } = useI18n();
  const [pending, setPending] = useState<PendingOutcome[] | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const refetch = useCallback(async () => {
    const r = await call('consultations.pending', {});
    if (r.ok) setPending(r.value);
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
  function answerNotice(p: PendingOutcome, a: OutcomeAnswer): Notice {
    switch (a.status) {
      case 'recorded':
        return { kind: 'ok', text: t('outcome.saved', { table: p.table, time: clockText(Date.parse(p.start)), result: resultText(a.outcome) }) };
      case 'not_ended':
        return { kind: 'warn', text: t('outcome.not_ended', { time: clockText(Date.parse(a.endsAt)) }) };
      case 'already_recorded':
      case 'stale':
      case 'edit_window_closed':
        return { kind: 'warn', text: t(`outcome.${a.status}`, { result: resultText(a.current) }) };
      case 'reason_required':
      case 'incomplete':
        return { kind: 'bad', text: t(`outcome.${a.status}`) };
    }
  }

  const save = async (p: PendingOutcome, input: { result: OutcomeResult; interest: Interest | null; followUps: FollowUp[]; amount: { value: string; currency: string } | null }) => {
    const r = await call('consultations.outcome.record', { nonce: nonce(), meetingId: p.meetingId, ...input });
    setNotice(r.ok ? answerNotice(p, r.value) : { kind: 'bad', text: errorText(r.error) });
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
    </section>
  );
}

function OutcomeRow({ p, onSave }: { p: PendingOutcome; onSave(input: { result: OutcomeResult; interest: Interest | null; followUps: FollowUp[]; amount: { value: string; currency: string } | null }): Promise<void> }) {
  const { t, other } = useI18n();
  const guard = useBusyGuard();
  const [result, setResult] = useState<OutcomeResult | null>(null);
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const amountText = amount.replace(/[,\s]/g, '');
  const amountOk = amountText === '' || AMOUNT.test(amountText);
  const send = (interest: Interest | null) =>
    guard(() => onSave({ result: result!, interest, followUps: result === 'held' ? followUps : [], amount: result === 'held' && amountText ? { value: amountText, currency } : null }));
  const results = p.online ? RESULTS : RESULTS.filter((r) => r !== 'connection_failed');
  return (
    <article className="outcome-row" data-testid="outcome-row" data-meeting={p.meetingId}>
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
              <button key={i} className="primary" disabled={!amountOk} data-testid={`interest-${i}`} onClick={() => void send(i)}>
                {t(`outcome.interest.${i}`)}
                <small>{other(`outcome.interest.${i}`)}</small>
              </button>
            ))}
          </div>
        </div>
      )}
      {result && result !== 'held' && (
        <div className="outcome-buttons">
          <button className="primary" data-testid="outcome-confirm" onClick={() => void send(null)}>
            {t('outcome.confirm')} · {t(`outcome.result.${result}`)}
          </button>
        </div>
      )}
    </article>
  );
}
