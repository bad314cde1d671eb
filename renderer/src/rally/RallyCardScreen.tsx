import { useEffect, useRef, useState } from 'react';
import type { AppError, GiftStatus, ProgressOutcome } from '@contract/index';
import { assertNever } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { shortfallText } from './GiftDeskScreen';
import { maskName, ProgressCard, useKeepFocus, useLabels } from './rally-common';

type Shown = ProgressOutcome | { status: 'error'; error: AppError };
type Card = Extract<ProgressOutcome, { status: 'ok' }>;

/** A card stays up this long, then the screen is ready for the next visitor. */
const SHOW_MS = 30_000;

/**
 * The visitor's own rally card, for a kiosk or a screen turned towards visitors at a
 * stamp station (#/rally-card): scan your badge → which halls are stamped (and when),
 * the quiz, and for each gift whether it waits at the gift desk, was received, is out
 * of stock, or which stamps are still missing. Korean first with English beside it;
 * the name is masked (anyone may be standing there); nothing can be changed here.
 */
export function RallyCardScreen() {
  const { lang, setLang, errorText } = useI18n();
  const { bi } = useLabels();
  const [scan, setScan] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const guard = useBusyGuard();
  const scanRef = useRef<HTMLInputElement>(null);
  useKeepFocus(scanRef);

  useEffect(() => {
    if (!shown) return;
    const h = setTimeout(() => setShown(null), SHOW_MS);
    return () => clearTimeout(h);
  }, [shown]);

  const look = () =>
    guard(async () => {
      if (!scan.trim()) return;
      try {
        const r = await call('rally.progress', { code: scan });
        setShown(r.ok ? r.value : { status: 'error', error: r.error });
      } finally {
        setScan('');
      }
    });

  return (
    <main className={`rally-quiz rally-card lang-${lang}`} data-testid="rally-card-screen">
      <header className="rally-quiz-top">
        <h1>{bi('rally.card.title')}</h1>
        <div className="spacer" />
        <button className="lang" onClick={() => setLang(lang === 'ko' ? 'en' : 'ko')} data-testid="card-lang">
          {lang === 'ko' ? 'English' : '한국어'}
        </button>
      </header>
      <div className="rally-quiz-body">
        <form
          className="panel scan rally-quiz-scan"
          onSubmit={(e) => {
            e.preventDefault();
            void look();
          }}
        >
          <label htmlFor="card-scan">{bi('rally.card.scan')}</label>
          <input id="card-scan" ref={scanRef} data-testid="scan-input" value={scan} maxLength={200} autoComplete="off" spellCheck={false} onChange={(e) => setScan(e.target.value)} />
        </form>
        {shown === null ? (
          <p className="rally-card-hint">{bi('rally.card.hint')}</p>
        ) : shown.status === 'ok' ? (
          <CardView card={shown} />
        ) : (
          <div className="outcome error" data-testid="outcome" data-status={shown.status} role="alert">
            <h2>{shown.status === 'unknown_code' ? bi('rally.unknown_code') : shown.status === 'not_checked_in' ? bi('rally.not_checked_in') : errorText(shown.error)}</h2>
            <div>{bi(shown.status === 'not_checked_in' ? 'rally.not_checked_in.detail' : 'rally.card.askStaff')}</div>
          </div>
        )}
      </div>
    </main>
  );
}

function CardView({ card }: { card: Card }) {
  const { name, otherName } = useLabels();
  const gifts = card.gifts.filter((g) => g.gift.active);
  return (
    <div data-testid="outcome" data-status="ok">
      <div className="rally-card-who" data-testid="card-name">
        {maskName(card.visitor.nameKo || card.visitor.nameEn || '')}
      </div>
      <ProgressCard progress={card.progress} cfg={{ gifts: gifts.map((g) => g.gift) }} qualifies={false} />
      <ul className="rally-card-gifts" data-testid="card-gifts">
        {gifts.map(({ gift, check }) => (
          <li key={gift.id} className={`rally-card-gift ${check.status}`} data-gift={gift.id} data-status={check.status}>
            <div className="name">
              {name(gift)} <span className="sub">{otherName(gift)}</span>
            </div>
            <GiftLine check={check} card={card} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One gift's status for the visitor, in both languages. */
function GiftLine({ check, card }: { check: GiftStatus; card: Card }) {
  const { t, other, time } = useI18n();
  const { name, otherName } = useLabels();
  const both = (k: Parameters<typeof t>[0], p?: Record<string, string | number>) => (
    <>
      {t(k, p)} <span className="sub">{other(k, p)}</span>
    </>
  );
  switch (check.status) {
    case 'eligible':
      return <div className="status">✓ {both('rally.card.eligible')}</div>;
    case 'already_redeemed':
      return <div className="status">{both('rally.card.received', { time: time(check.redemption.at), station: check.redemption.stationName })}</div>;
    case 'out_of_stock':
      return <div className="status">{both('rally.card.out_of_stock')}</div>;
    case 'missing': {
      const point = (label: typeof name) => (id: string) => {
        const p = card.progress.points.find((x) => x.id === id);
        return p ? label(p) : id;
      };
      return (
        <div className="status">
          {t('rally.gift.missing')} — {shortfallText(check.shortfall, point(name), t)}{' '}
          <span className="sub">
            {other('rally.gift.missing')} — {shortfallText(check.shortfall, point(otherName), other)}
          </span>
        </div>
      );
    }
    default:
      return assertNever(check);
  }
}
