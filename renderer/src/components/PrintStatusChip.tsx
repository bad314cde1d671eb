import { useCallback, useEffect, useRef, useState } from 'react';
import type { PrinterStatus, PrintRequestOutcome } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard, usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { ReprintAsk } from './ReprintAsk';
import type { MessageKey } from '../i18n/ko';
import type { DeskOutcome } from './OutcomeCard';
import './print-status.css';

/** The visitor a desk outcome is about, when a badge makes sense for it. */
export function badgeCodeOf(o: DeskOutcome | undefined | null): string | null {
  if (!o) return null;
  if (o.status === 'checked_in' || o.status === 'already_checked_in') return o.visitor.code;
  if (o.status === 'walk_in_done') return o.outcome.visitor.code;
  return null;
}

type JobState = 'queued' | 'printing' | 'printed' | 'failed' | 'retry';

/**
 * The desk's printer chip: this station's printer and whether it is ready (live, from
 * push events), the badge of the visitor on the card as it moves through the queue,
 * and a reprint button that asks why and warns when a badge was already printed.
 */
export function PrintStatusChip({ code }: { code?: string | null }) {
  const { t, other, time } = useI18n();
  const [status, setStatus] = useState<PrinterStatus | null>(null);
  const [job, setJob] = useState<{ code: string; state: JobState; error?: string } | null>(null);
  const [answer, setAnswer] = useState<PrintRequestOutcome | null>(null);
  const [asking, setAsking] = useState(false);
  const guard = useBusyGuard();
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    const r = await call('printing.status', {});
    if (alive.current && r.ok) setStatus(r.value);
  }, []);
  useEffect(() => {
    alive.current = true;
    void refresh();
    return () => {
      alive.current = false;
    };
  }, [refresh]);
  // Set once a job event for the visitor on the card arrived: events are newer than any answer still on its way.
  const heard = useRef(false);
  // A new visitor on the card: forget the previous one's reprint dialogue, and ask where
  // their latest badge stands — an auto-printed badge can finish before the check-in's
  // answer put the visitor on the card, and its events would have gone by unheard.
  useEffect(() => {
    setAnswer(null);
    setAsking(false);
    heard.current = false;
    if (!code) return;
    void call('printing.log', { code, limit: 50 }).then((r) => {
      const latest = r.ok ? r.value.jobs.filter((j) => j.kind === 'badge').at(-1) : undefined;
      if (!latest || heard.current || !alive.current) return;
      setJob({ code, state: latest.state, ...(latest.error ? { error: latest.error } : {}) });
    });
  }, [code]);

  usePushEvents((ev) => {
    if (ev.type === 'printing.printer') void refresh();
    if (ev.type === 'printing.job' && ev.code && ev.code === code) {
      heard.current = true;
      setJob({ code: ev.code, state: ev.state, ...(ev.error ? { error: ev.error } : {}) });
      // The badge the answer was about came out: "printer not connected" / "waiting" is
      // history now, and must not stay beside "printed".
      if (ev.state === 'printed') setAnswer((a) => (a && (a.jobId === ev.jobId || a.status === 'printer_offline' || a.status === 'waiting') ? null : a));
    }
  });

  const print = async (reprintReason?: string) => {
    if (!code) return;
    await guard(async () => {
      const r = await call('printing.badge.print', { code, nonce: nonce(), ...(reprintReason ? { reprintReason } : {}) });
      if (!r.ok) return;
      setAnswer(r.value);
      setAsking(r.value.status === 'already_printed');
    });
  };

  const online = status?.online ?? false;
  const chipKey: MessageKey = !status?.printerName ? 'print.chip.none' : online ? 'print.chip.online' : 'print.chip.offline';
  const jobKey: MessageKey | null =
    job && job.code === code
      ? job.state === 'printed'
        ? 'print.chip.printed'
        : job.state === 'printing'
          ? 'print.chip.printing'
          : job.state === 'failed'
            ? (`print.fail.${job.error ?? 'printer_offline'}` as MessageKey)
            : 'print.chip.queued'
      : null;

  return (
    <div className="print-chip-box" data-testid="print-chip">
      <div className="print-chip-row">
        <span className={`print-chip ${!status?.printerName ? 'none' : online ? 'ok' : 'bad'}`} data-testid="print-chip-state" data-online={online ? '1' : '0'}>
          <span className="dot" aria-hidden />
          {t(chipKey)}
          {status?.printerName ? <span className="pname">{status.printerName}</span> : null}
        </span>
        {jobKey && (
          <span className={`print-job ${job?.state}`} data-testid="print-job-state" data-state={job?.state}>
            {t(jobKey)}
          </span>
        )}
        {code && status?.printerName && (
          <button className="print-reprint" data-testid="print-reprint" onClick={() => void print()}>
            {t('print.reprint')} <span className="sub">{other('print.reprint')}</span>
          </button>
        )}
      </div>
      {answer?.status === 'no_printer' && <div className="print-msg bad">{t('print.reprint.noPrinter')}</div>}
      {answer?.status === 'queued' && !asking && <div className="print-msg ok">{t('print.reprint.queued')}</div>}
      {answer?.status === 'printer_offline' && <div className="print-msg bad">{t('print.reprint.offline')}</div>}
      {answer?.replaced && <div className="print-msg">{t('print.reprint.replaced')}</div>}
      {answer?.status === 'waiting' && (
        <div className="print-msg warn" role="status" data-testid="print-waiting">
          {t('print.reprint.waiting', { time: answer.queuedAt ? time(answer.queuedAt) : '—', printer: answer.printerName ?? '—' })}
        </div>
      )}
      {asking && answer?.status === 'already_printed' && (
        <ReprintAsk
          testId="print-already"
          reasonTestIdPrefix="print-reason-"
          at={answer.firstPrintedAt ?? null}
          station={answer.firstStation ?? null}
          onReason={(r) => void print(r)}
          onCancel={() => setAsking(false)}
        />
      )}
    </div>
  );
}
