import type { Ref } from 'react';
import { REPRINT_REASONS } from '@contract/index';
import { useI18n } from '../i18n/i18n';

/**
 * "Already printed at 09:30 at Desk 1 — why another?": the one question a second badge
 * (thermal or paper) asks, with the reasons as buttons. Whoever shows it sends the request.
 */
export function ReprintAsk(props: {
  testId: string;
  reasonTestIdPrefix: string;
  /** When and where the first badge came out (ISO time, station name), if known. */
  at: string | null;
  station: string | null;
  onReason: (r: (typeof REPRINT_REASONS)[number]) => void;
  onCancel: () => void;
  ref?: Ref<HTMLDivElement>;
}) {
  const { t, other, time } = useI18n();
  return (
    <div className="print-ask" role="alert" data-testid={props.testId} ref={props.ref}>
      <div className="print-msg warn">{t('print.reprint.already', { time: props.at ? time(props.at) : '—', station: props.station ?? '—' })}</div>
      <div className="print-msg">{t('print.reprint.why')}</div>
      <div className="print-reasons">
        {REPRINT_REASONS.map((r) => (
          <button key={r} data-testid={`${props.reasonTestIdPrefix}${r}`} onClick={() => props.onReason(r)}>
            {t(`print.reason.${r}`)} <span className="sub">{other(`print.reason.${r}`)}</span>
          </button>
        ))}
        <button onClick={props.onCancel}>{t('print.form.cancel')}</button>
      </div>
    </div>
  );
}
