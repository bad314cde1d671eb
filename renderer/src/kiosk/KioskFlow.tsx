/**
 * One visitor's pass through the kiosk: welcome → identify → confirm → print → done.
 * Everything about the visitor lives in this component's state; the parent remounts
 * it (new key) to forget them. A hidden, always-focused field takes the wedge scanner's
 * "code + Enter", so the happy path needs no touch at all: scan, then on the confirm
 * screen scan the same code again (or press Enter) to print. There is deliberately no
 * auto-confirm: a badge is printed only when the visitor says it is them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { KIOSK_BADGE_EXPIRY_MS, type IdentifyOutcome, type InputOf, type KioskJobState, type KioskPrint, type KioskVisitor, type PublicItinerary } from '@contract/index';
import { call, nonce, subscribe } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { CameraScan, cameraScanAvailable } from './CameraScan';
import { empty, text, type ComposeState } from './hangul-compose';
import { Keyboard, type KeyboardLayout } from './Keyboard';
import type { KioskActivity, KioskConfig } from './KioskScreen';
import { StaffPanel } from './StaffPanel';
import { WalkIn } from './WalkIn';
import { SignupPanel } from '../sessions/SignupPanel';
import { ItineraryList } from '../itinerary/ItineraryList';

type Found = Extract<IdentifyOutcome, { status: 'found' }>;
type Problem = Exclude<IdentifyOutcome['status'], 'found'> | 'not_registered_today' | 'expired' | 'error';

type Step =
  | { k: 'welcome' }
  | { k: 'identify' }
  | { k: 'code' }
  | { k: 'phone' }
  /** Phone + name fit several people: ask for a part of the organisation, or the whole number. */
  | { k: 'narrow'; last4: string; initial: string; ask: 'choose' | 'org' | 'mobile' }
  | { k: 'mobile' }
  | { k: 'camera' }
  | { k: 'walkin' }
  | { k: 'confirm'; found: Found; scanned: string | null }
  | { k: 'back'; found: Found; scanned?: string | null }
  | { k: 'printing'; visitor: KioskVisitor; print: KioskPrint; itinerary?: PublicItinerary }
  | { k: 'done'; visitor: KioskVisitor; ok: boolean; itinerary?: PublicItinerary }
  | { k: 'problem'; problem: Problem; retryIn?: number };

/** How long "take your badge" stays before the kiosk is ready for the next visitor. */
const DONE_MS = 8_000;
/** An SME or buyer reads their schedule on that screen too: a little longer. */
const DONE_WITH_SCHEDULE_MS = 15_000;
/**
 * A job the printer never reports on ends the visit at the desk: better than promising a
 * badge that is not there. The same moment the print worker expires the job on its own.
 */
const PRINT_WAIT_MS = KIOSK_BADGE_EXPIRY_MS;
/** A badge the printer was already taking when the screen gave up gets this much longer (the send's own timeout). */
const PRINT_LAST_WAIT_MS = 20_000;
const PRINT_POLL_MS = 1_500;

/** The station forgets a ticket the moment this screen does (a reset), not minutes later. */
const forgetTicket = (ticket: string) => void call('kiosk.forget', { ticket });

const sameCode = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

export function KioskFlow({ config, onActivity, onFinished }: { config: KioskConfig; onActivity: (a: KioskActivity) => void; onFinished: () => void }) {
  const { t, other, lang, setLang, time, categoryText } = useI18n();
  const [step, setStep] = useState<Step>({ k: 'welcome' });
  const [ticket, setTicket] = useState<string | null>(null);
  const ticketRef = useRef<string | null>(null);
  const [staff, setStaff] = useState(false);
  const [printerOk, setPrinterOk] = useState(true);
  const guard = useBusyGuard();
  const scanRef = useRef<HTMLInputElement>(null);

  // Requests the visitor is waiting on (identify, confirm, a walk-in): while one is out, or
  // a badge is printing, the idle clock stands still (KioskScreen).
  const [asking, setAsking] = useState(0);
  const waitOn = useCallback(<T,>(p: Promise<T>): Promise<T> => {
    setAsking((n) => n + 1);
    return p.finally(() => setAsking((n) => n - 1));
  }, []);
  const kioskBusy = step.k === 'printing' || asking > 0;
  useEffect(() => onActivity(staff ? 'visitor' : kioskBusy ? 'waiting' : step.k === 'welcome' ? 'idle' : 'visitor'), [step.k, staff, kioskBusy, onActivity]);

  // A ticket is dropped when another visitor's replaces it and when the kiosk resets
  // (this component is remounted then): nobody can use it afterwards.
  const holdTicket = useCallback((next: string) => {
    if (ticketRef.current && ticketRef.current !== next) forgetTicket(ticketRef.current);
    ticketRef.current = next;
    setTicket(next);
  }, []);
  useEffect(
    () => () => {
      if (ticketRef.current) forgetTicket(ticketRef.current);
    },
    [],
  );

  // The welcome screen warns before anyone starts when no badge can come out here.
  useEffect(() => {
    if (step.k !== 'welcome') return;
    const check = () => void call('kiosk.status', {}).then((r) => setPrinterOk(!r.ok || r.value.online));
    check();
    const h = setInterval(check, 30_000);
    return () => clearInterval(h);
  }, [step.k]);

  const scannerListening = !staff && step.k !== 'walkin' && step.k !== 'printing';
  const refocus = useCallback(() => {
    if (scannerListening) scanRef.current?.focus({ preventScroll: true });
  }, [scannerListening]);
  useEffect(() => {
    refocus();
    const onFocusOut = () => setTimeout(() => {
      const a = document.activeElement;
      if (!a || a === document.body || a.tagName === 'BUTTON') refocus();
    }, 0);
    document.addEventListener('focusout', onFocusOut);
    return () => document.removeEventListener('focusout', onFocusOut);
  }, [refocus]);

  // identify and confirm share one guard: a scan landing while the other is out is dropped too.
  async function identify(input: InputOf<'kiosk.identify'>) {
    await guard(async () => {
      const r = await waitOn(call('kiosk.identify', input));
      if (!r.ok) return setStep({ k: 'problem', problem: 'error' });
      const o = r.value;
      // Several people share these phone digits and initial: the kiosk asks for more before sending anyone to the desk.
      if (o.status === 'ambiguous' && input.by === 'phone' && !input.org) return setStep({ k: 'narrow', last4: input.last4, initial: input.initial, ask: 'choose' });
      if (o.status !== 'found') return setStep({ k: 'problem', problem: o.status, ...(o.status === 'rate_limited' ? { retryIn: o.retryInSeconds } : {}) });
      holdTicket(o.ticket);
      // A foreign buyer who scanned straight away (never touching the language button) reads English;
      // every heading keeps the Korean beside it.
      if (o.visitor.category === 'foreign_buyer' && lang === 'ko') setLang('en');
      if (o.state === 'ready') setStep({ k: 'confirm', found: o, scanned: input.by === 'code' ? input.code : null });
      else if (o.state === 'already_checked_in') setStep({ k: 'back', found: o, scanned: input.by === 'code' ? input.code : null });
      else setStep({ k: 'problem', problem: 'not_registered_today' });
    });
  }

  // One nonce per confirm screen: tapping "yes" five times (or scanning twice more) is one check-in, one badge.
  const confirmNonce = useRef<string | null>(null);
  async function confirm(found: Found) {
    await guard(async () => {
      confirmNonce.current ??= nonce();
      const r = await waitOn(call('kiosk.confirm', { ticket: found.ticket, nonce: confirmNonce.current }));
      if (!r.ok) return setStep({ k: 'problem', problem: 'error' });
      const o = r.value;
      if (o.status === 'checked_in') setStep({ k: 'printing', visitor: o.visitor, print: o.print, itinerary: o.itinerary });
      else if (o.status === 'already_checked_in') setStep({ k: 'back', found: { ...found, state: 'already_checked_in', firstAt: o.firstAt } });
      else setStep({ k: 'problem', problem: o.status });
    });
  }

  function onScan(raw: string) {
    const code = raw.trim();
    if (step.k === 'confirm' && (!code || (step.scanned && sameCode(code, step.scanned)))) return void confirm(step.found);
    if (!code) {
      if (step.k === 'welcome') setStep({ k: 'identify' });
      return;
    }
    confirmNonce.current = null;
    void identify({ by: 'code', code });
  }

  // Printing: wait for this job's printed/failed report, never forever. A job the screen
  // gives up on is cancelled, so it cannot come out later with nobody there to take it.
  useEffect(() => {
    if (step.k !== 'printing') return;
    const { print, visitor, itinerary } = step;
    if (print.status !== 'queued' || !print.jobId) {
      setStep({ k: 'done', visitor, ok: false, itinerary });
      return;
    }
    const jobId = print.jobId;
    let ended = false;
    let cancelling = false;
    let late = false;
    /** The job printed, or will never print: nothing left to cancel. */
    let fateKnown = false;
    const finish = (ok: boolean) => {
      if (ended) return;
      ended = true;
      setStep({ k: 'done', visitor, ok, itinerary });
    };
    // 'printing': the printer is taking it right now and it cannot be stopped — keep
    // waiting for printed or failed (a failure that sends it back to the queue is
    // cancelled in turn). Anything else: the visitor goes to the desk.
    const giveUp = () => {
      if (ended || cancelling) return;
      cancelling = true;
      void call('kiosk.cancelBadge', { jobId }).then((r) => {
        cancelling = false;
        // Not answered (station unreachable): the next poll asks again.
        if (!r.ok) return;
        fateKnown = r.value.status !== 'printing';
        if (r.value.status === 'printed') finish(true);
        else if (r.value.status !== 'printing') finish(false);
      });
    };
    // 'retry': the printer did not take the job; 'failed': it will not print; still
    // 'queued' after the wait: the printer is not getting to it.
    const settle = (state: KioskJobState | null) => {
      if (state === 'printed') {
        fateKnown = true;
        finish(true);
      } else if (state !== 'printing' && (late || state !== 'queued')) giveUp();
    };
    const unsub = subscribe((ev) => {
      if (ev.type === 'printing.job' && ev.jobId === jobId) settle(ev.state);
    });
    // A fast printer can finish before this screen subscribed (its event already went by), and a
    // reconnecting event stream drops events: so ask as well, now and every little while.
    const ask = () => void call('kiosk.badgeState', { jobId }).then((r) => r.ok && settle(r.value.state));
    ask();
    const poll = setInterval(ask, PRINT_POLL_MS);
    const wait = setTimeout(() => {
      late = true;
      giveUp();
    }, PRINT_WAIT_MS);
    const last = setTimeout(() => finish(false), PRINT_WAIT_MS + PRINT_LAST_WAIT_MS);
    return () => {
      // The kiosk reset (idle) while still waiting, or the wait ran out: the job must not print later either.
      if (!fateKnown) void call('kiosk.cancelBadge', { jobId });
      ended = true;
      unsub();
      clearInterval(poll);
      clearTimeout(wait);
      clearTimeout(last);
    };
  }, [step]);

  useEffect(() => {
    if (step.k !== 'done') return;
    const h = setTimeout(onFinished, step.itinerary ? DONE_WITH_SCHEDULE_MS : DONE_MS);
    return () => clearTimeout(h);
    // Started once, on entering 'done' (the schedule, if any, came with that step).
  }, [step.k, onFinished]);

  const bi = (k: MessageKey, p?: Record<string, string | number>) => (
    <>
      {t(k, p)}
      <span className="kiosk-other">{other(k, p)}</span>
    </>
  );
  const name = (v: KioskVisitor) => (lang === 'en' && v.nameEn ? v.nameEn : v.nameKo);
  const home = (
    <button type="button" className="kbtn big ghost" data-testid="home" onClick={onFinished}>
      {t('kiosk.nav.home')}
    </button>
  );

  let body: React.ReactNode;
  switch (step.k) {
    case 'welcome':
      body = (
        <div className="kiosk-welcome" data-testid="welcome" onClick={() => setStep({ k: 'identify' })}>
          <WelcomeTitle />
          <div className="kiosk-qr-hint" aria-hidden>
            <span className="kiosk-qr-icon">▣</span>
          </div>
          <p className="kiosk-lead">{bi('kiosk.welcome.scan')}</p>
          {!printerOk && (
            <div className="kiosk-banner warn" role="alert" data-testid="out-of-order">
              {bi('kiosk.welcome.outOfOrder')}
            </div>
          )}
          <div className="kiosk-lang">
            {(['ko', 'en'] as const).map((l) => (
              <button
                key={l}
                type="button"
                className={`kbtn big ${lang === l ? 'primary' : ''}`}
                data-testid={`lang-${l}`}
                onClick={(e) => {
                  e.stopPropagation();
                  setLang(l);
                  setStep({ k: 'identify' });
                }}
              >
                {l === 'ko' ? '한국어' : 'English'}
              </button>
            ))}
          </div>
          <p className="kiosk-touch">{bi('kiosk.welcome.touch')}</p>
        </div>
      );
      break;
    case 'identify':
      body = (
        <div className="kiosk-page center" data-testid="identify">
          <h1>{bi('kiosk.identify.title')}</h1>
          <div className="kiosk-qr-hint" aria-hidden>
            <span className="kiosk-qr-icon">▣</span>
          </div>
          <p className="kiosk-lead">{t('kiosk.identify.scan')}</p>
          <div className="kiosk-choices">
            {cameraScanAvailable() && (
              <button type="button" className="kbtn big" data-testid="by-camera" onClick={() => setStep({ k: 'camera' })}>
                {t('kiosk.identify.camera')}
              </button>
            )}
            <button type="button" className="kbtn big" data-testid="by-code" onClick={() => setStep({ k: 'code' })}>
              {t('kiosk.identify.byCode')}
            </button>
            <button type="button" className="kbtn big" data-testid="by-phone" onClick={() => setStep({ k: 'phone' })}>
              {t('kiosk.identify.byPhone')}
            </button>
            <button type="button" className="kbtn big" data-testid="by-mobile" onClick={() => setStep({ k: 'mobile' })}>
              {t('kiosk.identify.byMobile')}
            </button>
            {config.walkInEnabled && (
              <button type="button" className="kbtn big accent" data-testid="walkin" onClick={() => setStep({ k: 'walkin' })}>
                {t('kiosk.identify.walkIn')}
              </button>
            )}
          </div>
          <div className="kiosk-foot">{home}</div>
        </div>
      );
      break;
    case 'camera':
      body = (
        <div className="kiosk-page" data-testid="camera-step">
          <h1>{bi('kiosk.identify.camera')}</h1>
          <CameraScan onCode={(c) => void identify({ by: 'code', code: c })} onFail={() => setStep({ k: 'identify' })} />
          <div className="kiosk-foot">
            <button type="button" className="kbtn ghost" onClick={() => setStep({ k: 'identify' })}>
              {t('kiosk.nav.back')}
            </button>
          </div>
        </div>
      );
      break;
    case 'code':
      body = <CodeEntry onBack={() => setStep({ k: 'identify' })} onFind={(code) => void identify({ by: 'code', code })} />;
      break;
    case 'phone':
      body = <PhoneEntry onBack={() => setStep({ k: 'identify' })} onFind={(last4, initial) => void identify({ by: 'phone', last4, initial })} />;
      break;
    case 'mobile':
      body = <MobileEntry onBack={() => setStep({ k: 'identify' })} onFind={(phone) => void identify({ by: 'mobile', phone })} />;
      break;
    case 'narrow': {
      const { last4, initial } = step;
      const back = () => setStep({ ...step, ask: 'choose' });
      body =
        step.ask === 'org' ? (
          <Entry title={t('kiosk.narrow.org')} label={t('kiosk.narrow.orgLabel')} testId="org-entry" layout="hangul" maxLength={60} ready={(o) => o.length >= 2} onBack={back} onFind={(org) => void identify({ by: 'phone', last4, initial, org })} />
        ) : step.ask === 'mobile' ? (
          <MobileEntry onBack={back} onFind={(phone) => void identify({ by: 'mobile', phone })} />
        ) : (
          <div className="kiosk-page center" data-testid="narrow">
            <h1>{bi('kiosk.narrow.title')}</h1>
            <p className="kiosk-lead">{t('kiosk.narrow.lead')}</p>
            <div className="kiosk-choices">
              <button type="button" className="kbtn big primary" data-testid="narrow-org" onClick={() => setStep({ ...step, ask: 'org' })}>
                {t('kiosk.narrow.org')}
              </button>
              <button type="button" className="kbtn big" data-testid="narrow-mobile" onClick={() => setStep({ ...step, ask: 'mobile' })}>
                {t('kiosk.identify.byMobile')}
              </button>
            </div>
            <div className="kiosk-foot">{home}</div>
          </div>
        );
      break;
    }
    case 'walkin':
      body = (
        <WalkIn
          categories={config.walkInCategories}
          waitOn={waitOn}
          onBack={() => setStep({ k: 'identify' })}
          onDone={(r) => {
            holdTicket(r.ticket);
            setStep({ k: 'printing', visitor: r.visitor, print: r.print });
          }}
          onError={() => setStep({ k: 'problem', problem: 'error' })}
        />
      );
      break;
    case 'confirm': {
      const v = step.found.visitor;
      body = (
        <div className="kiosk-page center" data-testid="confirm">
          <h1>{bi('kiosk.confirm.title')}</h1>
          <div className="kiosk-card">
            <div className="kiosk-name" data-testid="confirm-name">
              {v.nameKo}
            </div>
            {v.nameEn && v.nameEn !== v.nameKo && <div className="kiosk-name-en">{v.nameEn}</div>}
            {v.organisation && <div className="kiosk-org">{v.organisation}</div>}
            <div className="kiosk-meta">
              <span className="kcat">{categoryText(v.category)}</span>
              {[v.phoneMasked, v.emailMasked].filter(Boolean).join(' · ')}
            </div>
          </div>
          <button type="button" className="kbtn huge primary" data-testid="confirm-yes" onClick={() => void confirm(step.found)}>
            {t('kiosk.confirm.yes')}
          </button>
          <p className="kiosk-hint">{t('kiosk.confirm.hint')}</p>
          <div className="kiosk-foot">
            <button type="button" className="kbtn big ghost" data-testid="confirm-no" onClick={onFinished}>
              {t('kiosk.confirm.no')}
            </button>
          </div>
        </div>
      );
      break;
    }
    case 'back':
      body = (
        <div className="kiosk-page center" data-testid="welcome-back">
          <h1>{bi('kiosk.back.title')}</h1>
          <div className="kiosk-card">
            <div className="kiosk-name">{name(step.found.visitor)}</div>
            {step.found.firstAt && <p>{t('kiosk.back.detail', { time: time(step.found.firstAt) })}</p>}
          </div>
          <p className="kiosk-lead">{t('kiosk.back.reprint')}</p>
          {/* Their own badge scanned: tours and trainings to sign up for (sessions/SignupPanel). */}
          {step.scanned && <SignupPanel code={step.scanned} ticket />}
          <div className="kiosk-foot">{home}</div>
        </div>
      );
      break;
    case 'printing':
      body = (
        <div className="kiosk-page center" data-testid="printing">
          <h1>{bi('kiosk.print.progress')}</h1>
          <div className="kiosk-progress" aria-hidden>
            <div />
          </div>
          {step.itinerary && <KioskSchedule itinerary={step.itinerary} />}
        </div>
      );
      break;
    case 'done':
      body = step.ok ? (
        <div className="kiosk-page center done" data-testid="done">
          <div className="kiosk-big-icon ok" aria-hidden>
            ✓
          </div>
          <h1>{bi('kiosk.print.take')}</h1>
          <p className="kiosk-lead">{t('kiosk.print.welcome', { name: name(step.visitor) })}</p>
          {step.itinerary && <KioskSchedule itinerary={step.itinerary} />}
          <div className="kiosk-foot">{home}</div>
        </div>
      ) : (
        <div className="kiosk-page center problem" data-testid="print-failed" role="alert">
          <div className="kiosk-big-icon warn" aria-hidden>
            !
          </div>
          <h1>{bi('kiosk.msg.staff')}</h1>
          <p className="kiosk-lead">{t('kiosk.print.failed')}</p>
          {step.itinerary && <KioskSchedule itinerary={step.itinerary} />}
          <div className="kiosk-foot">{home}</div>
        </div>
      );
      break;
    case 'problem': {
      const retry = step.problem === 'not_found' || step.problem === 'unreadable' || step.problem === 'unknown_code';
      body = (
        <div className="kiosk-page center problem" data-testid="problem" data-problem={step.problem} role="alert">
          <div className="kiosk-big-icon warn" aria-hidden>
            !
          </div>
          <h1>{bi(retry ? (`kiosk.msg.${step.problem}` as MessageKey) : 'kiosk.msg.staff')}</h1>
          <p className="kiosk-lead">{retry ? t('kiosk.msg.retryOrStaff') : t(`kiosk.msg.${step.problem}` as MessageKey)}</p>
          <div className="kiosk-choices">
            {retry && (
              <button type="button" className="kbtn big primary" data-testid="retry" onClick={() => setStep({ k: 'identify' })}>
                {t('kiosk.msg.retry')}
              </button>
            )}
          </div>
          <div className="kiosk-foot">{home}</div>
        </div>
      );
      break;
    }
  }

  return (
    <>
      {scannerListening && (
        <form
          className="kiosk-scanner"
          onSubmit={(e) => {
            e.preventDefault();
            const input = scanRef.current;
            const v = input?.value ?? '';
            if (input) input.value = '';
            onScan(v);
          }}
        >
          {/* Uncontrolled on purpose: what the scanner typed is never kept in state. */}
          <input ref={scanRef} data-testid="kiosk-scan" inputMode="none" autoComplete="off" spellCheck={false} maxLength={200} aria-label="scanner" />
        </form>
      )}
      {body}
      <button type="button" className="kiosk-staff-btn" data-testid="staff-open" onClick={() => setStaff(true)}>
        {t('kiosk.staff.open')}
      </button>
      {staff && <StaffPanel ticket={ticket} onClose={() => setStaff(false)} />}
    </>
  );
}

/** Alternates Korean and English while nobody is at the kiosk. */
function WelcomeTitle() {
  const { lang } = useI18n();
  const [shown, setShown] = useState<'ko' | 'en'>(lang);
  useEffect(() => {
    const h = setInterval(() => setShown((s) => (s === 'ko' ? 'en' : 'ko')), 4000);
    return () => clearInterval(h);
  }, []);
  return (
    <h1 className="kiosk-hero" lang={shown}>
      {shown === 'ko' ? '환영합니다' : 'Welcome'}
      <span className="kiosk-hero-sub">{shown === 'ko' ? 'Welcome' : '환영합니다'}</span>
    </h1>
  );
}

function Field({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="kiosk-field">
      <div className="kiosk-field-label">{label}</div>
      <div className="kiosk-field-value" data-testid={testId}>
        {value}
        <span className="kiosk-caret" aria-hidden />
      </div>
    </div>
  );
}

/**
 * One typed answer on the on-screen keyboard: a registration code, the whole mobile number
 * ("+" for a country code) or a part of the organisation. `ready` says when "find" may be pressed.
 */
function Entry(props: {
  title: string;
  label: string;
  testId: string;
  layout: KeyboardLayout;
  intl?: boolean;
  maxLength: number;
  ready: (typed: string) => boolean;
  onBack: () => void;
  onFind: (typed: string) => void;
}) {
  const { t } = useI18n();
  const [v, setV] = useState<ComposeState>(empty());
  const typed = text(v).trim();
  return (
    <div className="kiosk-page" data-testid={props.testId}>
      <h1>{props.title}</h1>
      <Field label={props.label} value={text(v)} testId={`${props.testId.replace(/-entry$/, '')}-value`} />
      <Keyboard layout={props.layout} intl={props.intl} value={v} onChange={setV} maxLength={props.maxLength} />
      <div className="kiosk-foot">
        <button type="button" className="kbtn ghost" onClick={props.onBack}>
          {t('kiosk.nav.back')}
        </button>
        <button type="button" className="kbtn big primary" data-testid="find" disabled={!props.ready(typed)} onClick={() => props.onFind(typed)}>
          {t('kiosk.identify.find')}
        </button>
      </div>
    </div>
  );
}

function CodeEntry({ onBack, onFind }: { onBack: () => void; onFind: (code: string) => void }) {
  const { t } = useI18n();
  return <Entry title={t('kiosk.identify.byCode')} label={t('kiosk.identify.codeLabel')} testId="code-entry" layout="code" maxLength={40} ready={(c) => c.length >= 3} onBack={onBack} onFind={onFind} />;
}

/** The whole mobile number, with "+" for a country code: one person (numbers are personal). */
function MobileEntry({ onBack, onFind }: { onBack: () => void; onFind: (phone: string) => void }) {
  const { t } = useI18n();
  return (
    <Entry
      title={t('kiosk.identify.byMobile')}
      label={t('kiosk.identify.mobileLabel')}
      testId="mobile-entry"
      layout="numeric"
      intl
      maxLength={20}
      ready={(p) => p.replace(/\D/g, '').length >= 9}
      onBack={onBack}
      onFind={onFind}
    />
  );
}

function PhoneEntry({ onBack, onFind }: { onBack: () => void; onFind: (last4: string, initial: string) => void }) {
  const { t } = useI18n();
  const [digits, setDigits] = useState<ComposeState>(empty());
  const [initial, setInitial] = useState<ComposeState>(empty());
  const last4 = text(digits);
  const stage = last4.length < 4 ? 'digits' : 'initial';
  return (
    <div className="kiosk-page" data-testid="phone-entry">
      <h1>{t('kiosk.identify.byPhone')}</h1>
      <Field label={t('kiosk.identify.phoneLabel')} value={last4} testId="phone-value" />
      {stage === 'digits' ? (
        <Keyboard layout="numeric" value={digits} onChange={setDigits} maxLength={4} />
      ) : (
        <>
          <Field label={t('kiosk.identify.initialLabel')} value={text(initial)} testId="initial-value" />
          <Keyboard layout="initial" value={initial} onChange={(s) => (text(s) ? setInitial(s) : text(initial) ? setInitial(s) : setDigits(empty(last4.slice(0, 3))))} />
        </>
      )}
      <div className="kiosk-foot">
        <button type="button" className="kbtn ghost" onClick={onBack}>
          {t('kiosk.nav.back')}
        </button>
        <button type="button" className="kbtn big primary" data-testid="find" disabled={last4.length !== 4 || !text(initial)} onClick={() => onFind(last4, text(initial))}>
          {t('kiosk.identify.find')}
        </button>
      </div>
    </div>
  );
}

/** The visitor's own meetings on the kiosk (the station sent only what a public screen may show). */
function KioskSchedule({ itinerary }: { itinerary: PublicItinerary }) {
  const { t, other } = useI18n();
  return (
    <>
      <ItineraryList side={itinerary.side} items={itinerary.items} size="kiosk" />
      <p className="kiosk-hint">
        {t('itinerary.kiosk.arrive')} · {other('itinerary.kiosk.arrive')}
      </p>
    </>
  );
}
