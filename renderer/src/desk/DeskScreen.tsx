import { useCallback, useEffect, useRef, useState } from 'react';
import { looksLikeCode, type Itinerary, type OutputOf } from '@contract/index';
import { call, nonce } from '../api/client';
import { CountersBar } from '../components/CountersBar';
import { OutcomeCard, type DeskOutcome } from '../components/OutcomeCard';
import { PrintStatusChip, badgeCodeOf } from '../components/PrintStatusChip';
import { SEARCH_LIMIT, SEARCH_MORE_LIMIT, SearchResults } from '../components/SearchResults';
import { WalkInForm } from '../components/WalkInForm';
import { useDeskSound } from '../desk/desk-sound';
import { PaperBadgeButton } from '../desk/PaperBadgeButton';
import { useScanBurst } from '../desk/useScanBurst';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';
import '../styles/desk.css';
import '../desk/desk-extras.css';
import { SignupPanel } from '../sessions/SignupPanel';
import { OfflineNote } from '../offline/OfflineNote';
import { ItineraryPanel } from '../itinerary/ItineraryPanel';

/**
 * The schedule the card shows: a fresh check-in carries it (null: no meetings); anyone
 * else on the card (already in) is looked up by the panel (undefined).
 */
function itineraryOf(o: DeskOutcome): { itinerary?: Itinerary | null; slipQueued: boolean } {
  const c = o.status === 'checked_in' ? o : o.status === 'walk_in_done' ? o.outcome : null;
  return c ? { itinerary: c.itinerary ?? null, slipQueued: !!c.itinerarySlipJobId } : { slipQueued: false };
}

type Search = OutputOf<'visitors.search'> & { q: string; limit: number };
interface QueuedScan {
  code: string;
  nonce: string;
  method: 'scan' | 'search';
}

/** The longest scan the contract accepts (ScanCode). */
const MAX_SCAN = 200;
/** A scanner re-reading the same QR within this window is one scan, not two. */
const SAME_SCAN_MS = 1500;
/** Errors that mean "nothing was written, try again later" rather than "this is wrong". */
const TRANSIENT = new Set(['station_unreachable', 'db_unavailable']);
/** Longest unknown scan that is also tried as a search (a name typed into the scan field). */
const SEARCH_FALLBACK_MAX = 40;

/**
 * The check-in desk. The scan field keeps focus so a keyboard-wedge scanner (code +
 * Enter) always lands in it; search and walk-in take focus only while used, and every
 * action hands focus back. Scans go through one ordered queue: the field is emptied on
 * Enter (so a scanner's double Enter submits nothing the second time, and a fast next
 * scan is never swallowed). The page keeps nothing: a venue station that lost its
 * database answers from its replica and owns the outbox (OfflineNote says so).
 */
export function DeskScreen() {
  const { t, other } = useI18n();
  const { station } = useStation();
  const { muted, toggle: toggleSound, sound } = useDeskSound(station.id);
  const [scan, setScan] = useState('');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<Search | null>(null);
  const [selected, setSelected] = useState(0);
  const [outcome, setOutcome] = useState<{ o: DeskOutcome; seq: number } | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const queue = useRef<QueuedScan[]>([]);
  const draining = useRef(false);
  const overriding = useRef(false);
  const lastScan = useRef<{ code: string; at: number } | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const searchSeq = useRef(0);
  const walkInOpen = useRef(false);
  walkInOpen.current = walkIn;

  // Every answer has its tone.
  const show = useCallback(
    (o: DeskOutcome, quiet = false) => {
      if (!quiet) sound(o.status);
      setOutcome((prev) => ({ o, seq: (prev?.seq ?? 0) + 1 }));
    },
    [sound],
  );
  const refocus = useCallback(() => {
    if (!walkInOpen.current) scanRef.current?.focus();
  }, []);

  // Keep the scan field focused whenever nothing else is being typed in (and take it
  // back when the walk-in form closes).
  useEffect(() => {
    refocus();
    // A click on a button (language toggle, a result's 입실) leaves focus on that button:
    // take it back too, so the next scan never presses the button instead.
    const reclaimNow = () => {
      const a = document.activeElement;
      if (!a || a === document.body || a.tagName === 'BUTTON') refocus();
    };
    // During focusout the next element is not focused yet: look once the move is done.
    const reclaimLater = () => setTimeout(reclaimNow, 0);
    document.addEventListener('focusout', reclaimLater);
    document.addEventListener('click', reclaimNow);
    return () => {
      document.removeEventListener('focusout', reclaimLater);
      document.removeEventListener('click', reclaimNow);
    };
  }, [refocus, walkIn]);

  const runSearch = useCallback(async (text: string, limit = SEARCH_LIMIT) => {
    const seq = ++searchSeq.current;
    if (!text.trim()) return setSearch(null);
    const r = await call('visitors.search', { q: text, limit });
    if (seq !== searchSeq.current) return;
    if (r.ok) {
      setSearch({ ...r.value, q: text, limit });
      // "Show more" keeps the row staff had selected.
      if (limit === SEARCH_LIMIT) setSelected(0);
    } else if (!TRANSIENT.has(r.error.code)) show({ status: 'error', error: r.error });
  }, [show]);

  // Search as staff type, with no debounce (a 120 ms one was most of what a keystroke
  // took to show — bench staff-feel): ask at once when no search is in flight; while one
  // is, only the latest text waits and goes when it answers. One request in flight per
  // desk, so a scanner burst into this field costs two searches, not twelve.
  const searchBusy = useRef(false);
  const nextSearch = useRef<string | null>(null);
  useEffect(() => {
    nextSearch.current = q;
    if (searchBusy.current) return;
    searchBusy.current = true;
    void (async () => {
      try {
        for (let text = nextSearch.current; text !== null; text = nextSearch.current) {
          nextSearch.current = null;
          await runSearch(text);
        }
      } finally {
        searchBusy.current = false;
      }
    })();
  }, [q, runSearch]);

  const drain = useCallback(async () => {
    if (draining.current) return;
    draining.current = true;
    try {
      for (let item = queue.current.shift(); item; item = queue.current.shift()) {
        const r = await call('checkin.scan', { code: item.code, nonce: item.nonce, method: item.method });
        if (r.ok && r.value.status === 'unknown_code') {
          // Echo what was typed, not its scanner-keyboard reading ("송광철", not "THDRHKDCJF").
          show({ status: 'unknown_code', code: item.code });
          // Staff often type a name into the scan field: look it up for them as well.
          if (item.method === 'scan' && item.code.length <= SEARCH_FALLBACK_MAX) setQ(item.code);
        } else show(r.ok ? r.value : { status: 'error', error: r.error });
        // Nothing was written: scanning the same badge again right away is a retry, not a scanner bounce.
        if (!r.ok && TRANSIENT.has(r.error.code) && lastScan.current?.code === item.code) lastScan.current = null;
      }
    } finally {
      draining.current = false;
    }
  }, [show]);

  const enqueue = useCallback(
    (raw: string, method: QueuedScan['method']) => {
      // Never more than a code can be (the contract refuses longer); the core echoes it short.
      const code = raw.trim().slice(0, MAX_SCAN);
      if (!code) return; // the scanner's second Enter arrives on an already emptied field
      const now = Date.now();
      if (method === 'scan' && lastScan.current?.code === code && now - lastScan.current.at < SAME_SCAN_MS) return;
      lastScan.current = { code, at: now };
      queue.current.push({ code, nonce: nonce(), method });
      void drain();
    },
    [drain],
  );

  // A scan that landed while the walk-in form is open: its answer shows on top of the form, not hidden behind it.
  const [scannedInWalkIn, setScannedInWalkIn] = useState(false);
  // A scanner that fired into the override reason or a walk-in field: a scan, not text.
  const onBurstKeyDown = useScanBurst(
    useCallback(
      (code: string) => {
        if (walkIn) setScannedInWalkIn(true);
        enqueue(code, 'scan');
        refocus();
      },
      [enqueue, refocus, walkIn],
    ),
  );
  useEffect(() => {
    if (!walkIn) setScannedInWalkIn(false);
  }, [walkIn]);

  usePushEvents((ev) => {
    // A check-in anywhere (this desk or another) refreshes the "checked in" marks.
    if (ev.type === 'checkin.recorded' && search?.hits.some((h) => h.code === ev.code)) void runSearch(search.q);
  });

  async function override(code: string, reason: string) {
    if (overriding.current) return;
    overriding.current = true;
    try {
      const r = await call('checkin.override', { code, nonce: nonce(), reason });
      show(r.ok ? r.value : { status: 'error', error: r.error });
    } finally {
      overriding.current = false;
      refocus();
    }
  }

  function pick(code: string) {
    enqueue(code, 'search');
    setQ('');
    setSearch(null);
    refocus();
  }

  function clearAll() {
    setScan('');
    setQ('');
    setSearch(null);
    setOutcome(null);
    setWalkIn(false);
    refocus();
  }

  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );
  // Results are only pickable once they answer what is in the field now (not a stale query).
  const current = search && search.q === q ? search : null;
  const badgeCode = badgeCodeOf(outcome?.o);

  return (
    <main
      className="screen desk-screen"
      onKeyDownCapture={onBurstKeyDown}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !walkIn) clearAll();
      }}
    >
      <OfflineNote />
      <div className="desk-top">
        <CountersBar />
        <div className="desk-actions">
          <button className="desk-sound" aria-pressed={muted} data-testid="desk-sound" data-muted={muted ? '1' : '0'} onClick={toggleSound}>
            {t(muted ? 'desk.sound.off' : 'desk.sound.on')} <span className="sub">{other(muted ? 'desk.sound.off' : 'desk.sound.on')}</span>
          </button>
          <button
            className="primary walkin-open"
            onClick={() => {
              // The card under the form was about the previous visitor; the walk-in brings its own.
              setOutcome(null);
              setWalkIn(true);
            }}
            data-testid="walkin-open"
          >
            + {t('desk.walkin.open')}
          </button>
        </div>
      </div>
      <div className="desk-grid">
        <section className="desk-left">
          <form
            className="panel scan"
            onSubmit={(e) => {
              e.preventDefault();
              enqueue(scan, 'scan');
              setScan('');
            }}
          >
            <label htmlFor="scan">{bi('desk.scan.label')}</label>
            <input
              id="scan"
              ref={scanRef}
              data-testid="scan-input"
              value={scan}
              maxLength={MAX_SCAN}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('desk.scan.placeholder')}
              onChange={(e) => setScan(e.target.value)}
            />
          </form>
          {outcome && <OutcomeCard key={outcome.seq} outcome={outcome.o} onOverride={override} />}
          <PrintStatusChip code={badgeCode} />
          {badgeCode && <PaperBadgeButton code={badgeCode} />}
          {badgeCode && <SignupPanel code={badgeCode} />}
        </section>
        <section className="panel desk-search">
          <label htmlFor="search">{bi('desk.search.label')}</label>
          <input
            id="search"
            data-testid="search-input"
            value={q}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('desk.search.placeholder')}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              const n = current?.hits.length ?? 0;
              if (e.key === 'ArrowDown' && n > 0) {
                e.preventDefault();
                setSelected((i) => Math.min(n - 1, i + 1));
              } else if (e.key === 'ArrowUp' && n > 0) {
                e.preventDefault();
                setSelected((i) => Math.max(0, i - 1));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                // A scanner that fires while staff are in the search field types a whole
                // code + Enter faster than results arrive: check that visitor in.
                if (!current && looksLikeCode(q)) {
                  enqueue(q, 'scan');
                  setQ('');
                  refocus();
                  return;
                }
                const hit = current?.hits[selected];
                if (hit) pick(hit.code);
                else void runSearch(q);
              }
            }}
          />
          {search && <SearchResults search={search} selected={selected} onPick={pick} onMore={() => void runSearch(search.q, SEARCH_MORE_LIMIT)} />}
          {/* Beside the card, in the column the search leaves empty between visitors: a whole day fits above the fold at 1366×768. */}
          {badgeCode && outcome && <ItineraryPanel code={badgeCode} {...itineraryOf(outcome.o)} />}
        </section>
      </div>
      {walkIn && (
        <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && setWalkIn(false)}>
          {scannedInWalkIn && outcome && (
            <div className="modal-scan-outcome" data-testid="walkin-scan-outcome">
              <OutcomeCard key={outcome.seq} outcome={outcome.o} />
            </div>
          )}
          <WalkInForm
            onCancel={() => setWalkIn(false)}
            onUseExisting={(code) => {
              // The visitor was registered after all: check that registration in, as a pick from search.
              setWalkIn(false);
              enqueue(code, 'search');
            }}
            onDone={(r) => {
              setWalkIn(false);
              show({ status: 'walk_in_done', outcome: { status: 'checked_in', ...r } });
            }}
          />
        </div>
      )}
    </main>
  );
}
