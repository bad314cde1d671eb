import { useState } from 'react';
import type { ConsultationConfig } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';

type Field = keyof ConsultationConfig;
/** The contract's limits (ConsultationConfig), checked here first so a typo never leaves the screen. */
const FIELDS: { field: Field; label: MessageKey; min: number; max: number }[] = [
  { field: 'pitchMin', label: 'floor.length.pitch', min: 1, max: 60 },
  { field: 'qaMin', label: 'floor.length.qa', min: 1, max: 60 },
  { field: 'changeoverMin', label: 'floor.length.changeover', min: 0, max: 30 },
];

/** Whole minutes within [min, max], or null. */
function minutes(text: string, min: number, max: number): number | null {
  if (!/^\d{1,3}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/**
 * The consultation length — pitch, Q&A and changeover minutes — set from the console.
 * A started meeting keeps the length it was given, so a change applies to rounds not yet
 * started; the panel says so before and after saving. A length longer than the
 * schedule's slot is allowed (a venue may run long on purpose) but warned about.
 */
export function LengthPanel({ config, slotMin, onSaved, onClose }: { config: ConsultationConfig; slotMin: number | null; onSaved(c: ConsultationConfig): void; onClose(): void }) {
  const { t, other, errorText } = useI18n();
  const [draft, setDraft] = useState<Record<Field, string>>({
    pitchMin: String(config.pitchMin),
    qaMin: String(config.qaMin),
    changeoverMin: String(config.changeoverMin),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const guard = useBusyGuard();

  const values = FIELDS.map((f) => minutes(draft[f.field], f.min, f.max));
  const valid = values.every((v) => v !== null);
  const next = valid ? { pitchMin: values[0]!, qaMin: values[1]!, changeoverMin: values[2]! } : null;
  const tooLong = next !== null && slotMin !== null && next.pitchMin + next.qaMin > slotMin;
  const unchanged = next !== null && next.pitchMin === config.pitchMin && next.qaMin === config.qaMin && next.changeoverMin === config.changeoverMin;

  const save = () =>
    guard(async () => {
      if (!next) return;
      setBusy(true);
      setError(null);
      try {
        const r = await call('floor.config.set', next);
        if (r.ok) onSaved(r.value);
        else setError(errorText(r.error));
      } finally {
        setBusy(false);
      }
    });

  return (
    <form
      className="floor-length panel"
      data-testid="length-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>
        {t('floor.length.title')} <span className="sub">{other('floor.length.title')}</span>
      </h3>
      <p className="floor-length-when" data-testid="length-when">
        {t('floor.length.when')}
        <br />
        <span className="sub">{other('floor.length.when')}</span>
      </p>
      <div className="floor-length-fields">
        {FIELDS.map((f, i) => (
          <div key={f.field}>
            <label htmlFor={`length-${f.field}`}>
              {t(f.label)} <span className="sub">{other(f.label)}</span>
            </label>
            <div className="floor-length-input">
              <input
                id={`length-${f.field}`}
                data-testid={`length-${f.field}`}
                inputMode="numeric"
                maxLength={3}
                autoComplete="off"
                aria-invalid={values[i] === null}
                value={draft[f.field]}
                onChange={(e) => setDraft((d) => ({ ...d, [f.field]: e.target.value }))}
              />
              <span>{t('floor.length.min')}</span>
            </div>
            {values[i] === null && (
              <div className="form-error" data-testid={`length-${f.field}-error`}>
                {t('floor.length.range', { min: f.min, max: f.max })}
              </div>
            )}
          </div>
        ))}
      </div>
      {next && (
        <p className="floor-length-total" data-testid="length-total">
          {t('floor.length.total', { total: next.pitchMin + next.qaMin, slot: next.pitchMin + next.qaMin + next.changeoverMin })}
        </p>
      )}
      {tooLong && (
        <div className="floor-notice warn" data-testid="length-warning">
          {t('floor.length.tooLong', { total: next.pitchMin + next.qaMin, slot: slotMin })}
        </div>
      )}
      {error && <div className="form-error">{error}</div>}
      <div className="row floor-length-actions">
        <button type="submit" className="primary" data-testid="length-save" disabled={!valid || unchanged || busy}>
          {t('floor.length.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('floor.length.close')}
        </button>
      </div>
    </form>
  );
}
