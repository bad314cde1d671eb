import { useRef, useState, type ReactNode } from 'react';
import { assertNever, type AppError, type GiftCheck, type GiftStatus, type RallyConfig, type RedeemOutcome, type RedemptionInfo, type RuleShortfall, type UndoOutcome } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard, usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { ProgressCard, useKeepFocus, useLabels, useRallyConfig } from './rally-common';

type Checked = GiftCheck | { status: 'error'; error: AppError };
type Notice =
  | { kind: 'redeem'; giftId: string; outcome: RedeemOutcome | { status: 'error'; error: AppError } }
  | { kind: 'undo'; outcome: UndoOutcome | { status: 'error'; error: AppError } };

/**
 * The gift desk: scan → what this visitor may receive and why not → hand out → stock
 * goes down everywhere. Each gift's button carries one nonce per scan, so a double tap
 * or a retried request is the same redemption. Undo (a reversal with a reason) stays
 * available for the configured minutes.
 */
export function GiftDeskScreen() {
  const { cfg, error } = useRallyConfig();
  const { errorText } = useI18n();
  if (!cfg) return <main className="screen">{error ? <div className="form-error">{errorText(error)}</div> : '…'}</main>;
  return <GiftDesk cfg={cfg} />;
}

function GiftDesk({ cfg }: { cfg: RallyConfig }) {
  const { t, errorText } = useI18n();
  const { name, otherName, bi } = useLabels();
  const [scan, setScan] = useState('');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [nonces, setNonces] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const [last, setLast] = useState<RedemptionInfo | null>(null);
  const [undoing, setUndoing] = useState(false);
  const [reason, setReason] = useState('');
  const [lowStock, setLowStock] = useState<Record<string, number>>({});
  const guarded = useBusyGuard();
  const scanRef = useRef<HTMLInputElement>(null);
  useKeepFocus(scanRef, !undoing);

  usePushEvents((ev) => {
    if (ev.type === 'rally.stock.low') setLowStock((s) => ({ ...s, [ev.giftId]: ev.remaining }));
  });

  async function check(code: string) {
    const r = await call('rally.gift.check', { code });
    setChecked(r.ok ? r.value : { status: 'error', error: r.error });
    if (r.ok && r.value.status === 'ok') setNonces(Object.fromEntries(r.value.gifts.map((g) => [g.gift.id, nonce()])));
  }

  const onScan = () =>
    guarded(async () => {
      if (!scan.trim()) return;
      setNotice(null);
      setUndoing(false);
      await check(scan);
      setScan('');
    });

  const redeem = (code: string, giftId: string) =>
    guarded(async () => {
      const r = await call('rally.gift.redeem', { code, giftId, nonce: nonces[giftId] ?? nonce() });
      const outcome = r.ok ? r.value : { status: 'error' as const, error: r.error };
      // The list is re-asked first, so "handed out" never shows beside a stale "eligible".
      await check(code);
      setNotice({ kind: 'redeem', giftId, outcome });
      if (outcome.status === 'redeemed') setLast(outcome.redemption);
    });

  const undo = (redemption: RedemptionInfo, code: string | null) =>
    guarded(async () => {
      if (reason.trim().length < 2) return;
      const r = await call('rally.gift.undo', { redemptionId: redemption.id, reason: reason.trim(), nonce: nonce() });
      setNotice({ kind: 'undo', outcome: r.ok ? r.value : { status: 'error', error: r.error } });
      setUndoing(false);
      setReason('');
      setLast(null);
      if (code) await check(code);
    });

  const giftName = (id: string) => {
    const g = cfg.gifts.find((x) => x.id === id);
    return g ? `${name(g)} (${otherName(g)})` : id;
  };
  const visitorCode = checked?.status === 'ok' ? checked.visitor.code : null;

  return (
    <main className="screen rally-screen">
      <div className="rally-stock" data-testid="stock-strip">
        {cfg.gifts
          .filter((g) => g.active)
          .map((g) => {
            // "Low" is the server's call (g.low); a warning pushed since the last load counts too.
            const low = g.low || lowStock[g.id] !== undefined;
            return (
              <div key={g.id} className={`rally-stock-item ${g.remaining <= 0 ? 'out' : low ? 'low' : ''}`} data-gift={g.id}>
                <b>{name(g)}</b> <span className="sub">{otherName(g)}</span>
                <span className="n">{t('rally.gift.remaining', { n: g.remaining })}</span>
              </div>
            );
          })}
      </div>
      {Object.entries(lowStock).map(([id, n]) => (
        <div key={id} className="banner info" data-testid="low-stock" role="alert">
          {t('rally.gift.lowStock', { gift: giftName(id), n })}
        </div>
      ))}
      <div className="rally-desk">
        <section>
          <form
            className="panel scan"
            onSubmit={(e) => {
              e.preventDefault();
              void onScan();
            }}
          >
            <label htmlFor="gift-scan">{bi('rally.gift.scan')}</label>
            <input id="gift-scan" ref={scanRef} data-testid="scan-input" value={scan} maxLength={200} autoComplete="off" spellCheck={false} placeholder={t('rally.scan.placeholder')} onChange={(e) => setScan(e.target.value)} />
          </form>
          {notice && <NoticeCard notice={notice} giftName={giftName} />}
          {last && (
            <div className="panel rally-undo" data-testid="undo-panel">
              {!undoing ? (
                <button onClick={() => setUndoing(true)} data-testid="undo-open">
                  {t('rally.gift.undo')} · {giftName(last.giftId)}
                </button>
              ) : (
                <form
                  className="row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void undo(last, visitorCode);
                  }}
                >
                  <input autoFocus value={reason} maxLength={200} placeholder={t('rally.gift.undo.reason')} onChange={(e) => setReason(e.target.value)} data-testid="undo-reason" />
                  <button className="primary" disabled={reason.trim().length < 2} data-testid="undo-submit">
                    {t('rally.gift.undo.submit')}
                  </button>
                </form>
              )}
            </div>
          )}
        </section>
        <section>
          {checked && checked.status === 'ok' && (
            <>
              <div className="panel">
                <div className="rally-who" data-testid="visitor">
                  {checked.visitor.nameKo} <span className="sub">{checked.visitor.organisation} · {checked.visitor.code}</span>
                </div>
                <ul className="rally-gift-list" data-testid="gift-list">
                  {checked.gifts.map(({ gift, check }) => (
                    <li key={gift.id} data-gift={gift.id} data-status={check.status} className={check.status}>
                      <div className="info">
                        <div className="name">
                          {name(gift)} <span className="sub">{otherName(gift)}</span>
                        </div>
                        <GiftStatusLine check={check} cfg={cfg} />
                      </div>
                      {check.status === 'eligible' && (
                        <button className="primary rally-big" onClick={() => void redeem(checked.visitor.code, gift.id)} data-testid={`redeem-${gift.id}`}>
                          {t('rally.gift.redeem')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
              <ProgressCard progress={checked.progress} cfg={cfg} />
            </>
          )}
          {checked && checked.status !== 'ok' && (
            <div className="outcome unknown_code" data-testid="outcome" data-status={checked.status} role="alert">
              <h2>
                {checked.status === 'unknown_code' ? bi('rally.unknown_code') : checked.status === 'not_checked_in' ? bi('rally.not_checked_in') : errorText(checked.error)}
              </h2>
              {checked.status === 'unknown_code' && <div>{t('rally.unknown.detail', { code: checked.code })}</div>}
              {checked.status === 'not_checked_in' && <div>{checked.visitor.nameKo} — {t('rally.not_checked_in.detail')}</div>}
            </div>
          )}
        </section>
      </div>
    </main>
  );
}

/** Missing stamps as point names: "Needs: 5홀" / "1 more of 3홀, 5홀". */
export function shortfallText(s: RuleShortfall, pointName: (id: string) => string, t: ReturnType<typeof useI18n>['t']): string {
  const parts: string[] = [];
  if (s.all.length) parts.push(t('rally.gift.missing.all', { points: s.all.map(pointName).join(', ') }));
  for (const a of s.anyOf) parts.push(t('rally.gift.missing.any', { need: a.need, of: a.of.map(pointName).join(', ') }));
  return parts.join(' · ');
}

function GiftStatusLine({ check, cfg }: { check: GiftStatus; cfg: RallyConfig }) {
  const { t, time } = useI18n();
  const { name } = useLabels();
  const pointName = (id: string) => {
    const p = cfg.points.find((x) => x.id === id);
    return p ? name(p) : id;
  };
  switch (check.status) {
    case 'eligible':
      return <div className="status ok">✓ {t('rally.gift.eligible')}</div>;
    case 'missing':
      return (
        <div className="status">
          {t('rally.gift.missing')} — {shortfallText(check.shortfall, pointName, t)}
        </div>
      );
    case 'already_redeemed':
      return (
        <div className="status" data-testid="already-detail">
          {t('rally.gift.already_redeemed')} — {t('rally.gift.already.detail', { time: time(check.redemption.at), station: check.redemption.stationName })}
        </div>
      );
    case 'out_of_stock':
      return <div className="status bad">{t('rally.gift.out_of_stock')}</div>;
    default:
      return assertNever(check);
  }
}

function NoticeCard({ notice, giftName }: { notice: Notice; giftName: (id: string) => string }) {
  const { t, time, errorText } = useI18n();
  const { bi } = useLabels();
  const o = notice.outcome;
  const card = (cls: string, body: ReactNode) => (
    <div className={`outcome ${cls}`} data-testid="notice" data-status={o.status} role="status">
      {body}
    </div>
  );
  if (o.status === 'error') return card('error', <h2>{errorText(o.error)}</h2>);
  if (notice.kind === 'undo') {
    const u = o as UndoOutcome;
    switch (u.status) {
      case 'undone':
        return card('already_checked_in', <h2>{bi('rally.gift.undone')}</h2>);
      case 'already_undone':
        return card('already_checked_in', <h2>{bi('rally.gift.already_undone')}</h2>);
      case 'too_late':
        return card('error', <h2>{t('rally.gift.too_late', { minutes: u.minutes })}</h2>);
      case 'not_found':
        return card('error', <h2>{bi('rally.gift.not_found')}</h2>);
      default:
        return assertNever(u);
    }
  }
  const r = o as RedeemOutcome;
  switch (r.status) {
    case 'redeemed':
      return card(
        'checked_in',
        <>
          <h2>{t('rally.gift.redeemed', { gift: giftName(r.redemption.giftId) })}</h2>
          <div>{t('rally.gift.remaining', { n: r.remaining })}</div>
          {(r.receipt === 'queued' || r.receipt === 'printer_offline') && (
            <div className={`rally-receipt ${r.receipt}`} data-testid="receipt" data-receipt={r.receipt}>
              {t(r.receipt === 'queued' ? 'rally.gift.receipt.queued' : 'rally.gift.receipt.offline')}
            </div>
          )}
        </>,
      );
    case 'already_redeemed':
      return card(
        'already_checked_in',
        <>
          <h2>{bi('rally.gift.already_redeemed')}</h2>
          <div>{t('rally.gift.already.detail', { time: time(r.redemption.at), station: r.redemption.stationName })}</div>
        </>,
      );
    case 'missing':
      return card('not_registered_today', <h2>{bi('rally.gift.missing')}</h2>);
    case 'out_of_stock':
      return card('error', <h2>{bi('rally.gift.out_of_stock')}</h2>);
    case 'unknown_gift':
      return card('error', <h2>{bi('rally.gift.unknown_gift')}</h2>);
    case 'unknown_code':
      return card('error', <h2>{bi('rally.unknown_code')}</h2>);
    case 'not_checked_in':
      return card('error', <h2>{bi('rally.not_checked_in')}</h2>);
    default:
      return assertNever(r);
  }
}
