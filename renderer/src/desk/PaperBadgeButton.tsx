import { useEffect, useRef, useState } from 'react';
import type { AppError } from '@contract/index';
import { call, nonce, transport } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { ReprintAsk } from '../components/ReprintAsk';
import '../components/print-status.css';

type Say = { kind: 'opened' | 'sent' | 'failed' } | { kind: 'error'; error: AppError } | { kind: 'already'; at: string; station: string };

/**
 * "종이 배지 / Paper badge" for the visitor on the desk's card: an A6 page for an office
 * laser printer. The station logs it first (a second badge — paper or thermal — asks
 * why, like a thermal reprint); then the Electron shell prints it (OS print dialog), or
 * in a browser the page is loaded into a hidden frame and handed to the browser's print
 * dialog.
 */
export function PaperBadgeButton({ code }: { code: string }) {
  const { t, other, errorText } = useI18n();
  const [say, setSay] = useState<Say | null>(null);
  const [frameJob, setFrameJob] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const ask = useRef<HTMLDivElement>(null);
  const guard = useBusyGuard();

  // A new visitor on the card: forget the previous one's dialogue and page.
  useEffect(() => {
    setSay(null);
    setFrameJob(null);
  }, [code]);

  // The question sits below the visitor's card: bring it into view on a small screen.
  useEffect(() => {
    if (say?.kind === 'already') ask.current?.scrollIntoView({ block: 'nearest' });
  }, [say]);

  const request = (reprintReason?: string) =>
    guard(async () => {
      const r = await call('printing.paper.print', { code, nonce: nonce(), ...(reprintReason ? { reprintReason } : {}) });
      if (!r.ok) return setSay({ kind: 'error', error: r.error });
      if (r.value.status === 'already_printed') return setSay({ kind: 'already', at: r.value.firstPrintedAt, station: r.value.firstStation });
      if (transport() === 'http') {
        setSay(null);
        // A fresh src for every badge (even the same job again) so onLoad fires.
        setFrameJob(`${r.value.jobId}?n=${nonce()}`);
        return;
      }
      const p = await call('printing.paper.page', { jobId: r.value.jobId });
      setSay(!p.ok ? { kind: 'error', error: p.error } : { kind: p.value.status === 'sent' ? 'sent' : 'failed' });
    });

  const printFrame = async () => {
    const win = frame.current?.contentWindow;
    const doc = frame.current?.contentDocument;
    // An error answer (JSON) instead of the badge page: say so rather than print it.
    if (!win || !doc?.querySelector('.page[data-code]')) return setSay({ kind: 'failed' });
    await doc.fonts.ready;
    setSay({ kind: 'opened' });
    // Printing the frame prints the A6 page, not the desk; focus stays on the desk, so the
    // next scan still lands in its scan field.
    win.print();
  };

  return (
    <div className="paper-badge" data-testid="paper-badge">
      <button className="paper-badge-open" data-testid="paper-badge-open" onClick={() => void request()}>
        {t('desk.paper')} <span className="sub">{other('desk.paper')}</span>
      </button>
      {say?.kind === 'opened' && <div className="print-msg ok" data-testid="paper-badge-msg" data-kind="opened">{t('desk.paper.opened')}</div>}
      {say?.kind === 'sent' && <div className="print-msg ok" data-testid="paper-badge-msg" data-kind="sent">{t('desk.paper.sent')}</div>}
      {say?.kind === 'failed' && <div className="print-msg bad" data-testid="paper-badge-msg" data-kind="failed">{t('desk.paper.failed')}</div>}
      {say?.kind === 'error' && <div className="print-msg bad" data-testid="paper-badge-msg" data-kind="error">{errorText(say.error)}</div>}
      {say?.kind === 'already' && (
        <ReprintAsk testId="paper-badge-already" reasonTestIdPrefix="paper-reason-" at={say.at} station={say.station} onReason={(r) => void request(r)} onCancel={() => setSay(null)} ref={ask} />
      )}
      {frameJob && (
        <iframe
          ref={frame}
          className="paper-badge-frame"
          data-testid="paper-badge-frame"
          title={t('desk.paper')}
          tabIndex={-1}
          aria-hidden
          src={`paper-badge/${frameJob}`}
          onLoad={() => void printFrame()}
        />
      )}
    </div>
  );
}
