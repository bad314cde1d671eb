import { useState } from 'react';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { saveFile } from '../sessions/save-file';

/**
 * "A4 일정표 / A4 schedule": the station draws the page (PDF, fonts embedded) and the
 * screen opens it to print on the office printer (or saves it where a new tab is blocked).
 */
export function ItineraryA4Button({ code, onSay }: { code: string; onSay?(key: MessageKey, kind: 'ok' | 'bad'): void }) {
  const { t, other, errorText } = useI18n();
  const guard = useBusyGuard();
  const [error, setError] = useState<string | null>(null);
  const open = () =>
    guard(async () => {
      setError(null);
      const r = await call('itinerary.pdf', { code });
      if (!r.ok) return setError(errorText(r.error));
      if (r.value.status !== 'found') return onSay?.(r.value.status === 'none' ? 'itinerary.none' : 'itinerary.unknown', 'bad');
      saveFile(r.value.fileName, r.value.mime, r.value.dataBase64, true);
      onSay?.('itinerary.a4.ready', 'ok');
    });
  return (
    <>
      <button type="button" className="itinerary-a4" data-testid="itinerary-a4" disabled={!code.trim()} onClick={() => void open()}>
        {t('itinerary.a4')} <span className="sub">{other('itinerary.a4')}</span>
      </button>
      {error && <span className="print-msg bad">{error}</span>}
    </>
  );
}
