import { useRef, useState, type ReactNode } from 'react';
import { assertNever, type AppError, type RallyConfig, type StampOutcome } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { ProgressCard, useKeepFocus, useLabels, useRallyConfig } from './rally-common';

type Shown = StampOutcome | { status: 'error'; error: AppError };

/**
 * A hall's stamp station. Staff scan the visitor's badge (never the other way round);
 * the answer and the visitor's whole card fill the screen so the visitor can read it
 * from where they stand. The scan field keeps focus for the keyboard-wedge scanner.
 */
export function StampStationScreen() {
  const { cfg, error, reload } = useRallyConfig();
  const { errorText } = useI18n();
  const [choosing, setChoosing] = useState(false);
  if (!cfg) return <main className="screen">{error ? <div className="form-error">{errorText(error)}</div> : '…'}</main>;
  if (!cfg.stationPoint || choosing) {
    return (
      <PointChooser
        cfg={cfg}
        onChosen={async () => {
          setChoosing(false);
          await reload();
        }}
      />
    );
  }
  return <StampScanner cfg={cfg} onChange={() => setChoosing(true)} />;
}

function PointChooser({ cfg, onChosen }: { cfg: RallyConfig; onChosen: () => Promise<void> }) {
  const { errorText } = useI18n();
  const { name, otherName, bi } = useLabels();
  const [err, setErr] = useState<AppError | null>(null);
  const guard = useBusyGuard();
  const choose = (pointId: string) =>
    guard(async () => {
      const r = await call('rally.station.assign', { pointId });
      if (r.ok) await onChosen();
      else setErr(r.error);
    });
  return (
    <main className="screen rally-screen">
      <h2>{bi('rally.point.choose')}</h2>
      <div className="rally-choose" data-testid="point-chooser">
        {cfg.points.map((p) => (
          <button key={p.id} className={p.id === cfg.stationPoint ? 'primary' : ''} disabled={!p.open} onClick={() => void choose(p.id)} data-point={p.id}>
            <b>{name(p)}</b>
            <span className="sub">{otherName(p)}</span>
          </button>
        ))}
      </div>
      {err && <div className="form-error">{errorText(err)}</div>}
    </main>
  );
}

function StampScanner({ cfg, onChange }: { cfg: RallyConfig; onChange: () => void }) {
  const { t, errorText } = useI18n();
  const { name, otherName, bi } = useLabels();
  const [scan, setScan] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  useKeepFocus(scanRef);
  const point = cfg.points.find((p) => p.id === cfg.stationPoint);
  // Two badges scanned in the same instant: the second scanner burst types into the field
  // while the first scan is still on its way. The field is therefore emptied the moment
  // Enter is pressed (never when an answer comes back — that wiped the next badge's first
  // characters, "PPS22-100005" → "S22-100005"), and scans go out one after another in order.
  const queue = useRef<{ code: string; nonce: string }[]>([]);
  const draining = useRef(false);

  async function drain() {
    if (draining.current) return;
    draining.current = true;
    try {
      for (let item = queue.current.shift(); item; item = queue.current.shift()) {
        const r = await call('rally.stamp.scan', item);
        setShown(r.ok ? r.value : { status: 'error', error: r.error });
      }
    } finally {
      draining.current = false;
    }
  }

  function submit() {
    const code = (scanRef.current?.value ?? scan).trim();
    setScan('');
    if (!code) return;
    queue.current.push({ code, nonce: nonce() });
    void drain();
    scanRef.current?.focus();
  }

  return (
    <main className="screen rally-screen">
      <div className="rally-head">
        <div className="rally-point" data-testid="station-point">
          {point ? (
            <>
              {t('rally.point.current', { point: name(point) })} <span className="sub">{otherName(point)}</span>
              {!point.open && <span className="rally-closed">{t('rally.point.closed.badge')}</span>}
            </>
          ) : null}
        </div>
        <button onClick={onChange} data-testid="point-change">
          {t('rally.point.change')}
        </button>
      </div>
      <form
        className="panel scan"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor="rally-scan">{bi('rally.scan.label')}</label>
        <input
          id="rally-scan"
          ref={scanRef}
          data-testid="scan-input"
          value={scan}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('rally.scan.placeholder')}
          onChange={(e) => setScan(e.target.value)}
        />
        <div className="sub">{t('rally.scan.hint')}</div>
      </form>
      {shown && <StampAnswer shown={shown} cfg={cfg} errorText={errorText} />}
    </main>
  );
}

function StampAnswer({ shown, cfg, errorText }: { shown: Shown; cfg: RallyConfig; errorText: (e: AppError) => string }) {
  const { t, time } = useI18n();
  const { name, bi } = useLabels();
  const pointName = (id: string) => {
    const p = cfg.points.find((x) => x.id === id);
    return p ? name(p) : id;
  };
  const card = (cls: string, body: ReactNode) => (
    <div className={`outcome rally-outcome ${cls}`} data-testid="outcome" data-status={shown.status} role="status">
      {body}
    </div>
  );
  switch (shown.status) {
    case 'stamped':
      return (
        <>
          {card(
            'checked_in',
            <>
              <h2>
                {bi('rally.stamped')} · {pointName(shown.pointId)}
              </h2>
              <div className="who">{shown.visitor.nameKo}</div>
            </>,
          )}
          <ProgressCard progress={shown.progress} cfg={cfg} />
        </>
      );
    case 'already_stamped':
      return (
        <>
          {card(
            'already_checked_in',
            <>
              <h2>{bi('rally.already_stamped')}</h2>
              <div className="who">{shown.visitor.nameKo}</div>
              <div data-testid="first-stamp">{t('rally.already.detail', { time: time(shown.first.at), station: shown.first.stationName })}</div>
            </>,
          )}
          <ProgressCard progress={shown.progress} cfg={cfg} />
        </>
      );
    case 'not_checked_in':
      return card(
        'not_registered_today',
        <>
          <h2>{bi('rally.not_checked_in')}</h2>
          <div className="who">{shown.visitor.nameKo}</div>
          <div>{bi('rally.not_checked_in.detail')}</div>
        </>,
      );
    case 'unknown_code':
      return card(
        'unknown_code',
        <>
          <h2>{bi('rally.unknown_code')}</h2>
          <div>{t('rally.unknown.detail', { code: shown.code })}</div>
        </>,
      );
    case 'no_point':
      return card('error', <h2>{bi('rally.no_point')}</h2>);
    case 'point_closed':
      return card('error', <h2>{bi('rally.point_closed')}</h2>);
    case 'error':
      return card('error', <h2>{errorText(shown.error)}</h2>);
    default:
      return assertNever(shown);
  }
}
