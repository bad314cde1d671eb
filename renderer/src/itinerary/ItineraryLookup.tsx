import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { ItineraryA4Button } from './ItineraryA4Button';

/** The floor console: a participant's A4 schedule on request, by their badge code. */
export function ItineraryLookup() {
  const { t, other } = useI18n();
  const [code, setCode] = useState('');
  const [say, setSay] = useState<{ key: MessageKey; kind: 'ok' | 'bad' } | null>(null);
  return (
    <form className="itinerary-lookup panel" data-testid="itinerary-lookup" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor="itinerary-code">
        {t('itinerary.lookup.label')} <span className="sub">{other('itinerary.lookup.label')}</span>
      </label>
      <input id="itinerary-code" data-testid="itinerary-code" value={code} maxLength={200} autoComplete="off" spellCheck={false} placeholder={t('itinerary.lookup.placeholder')} onChange={(e) => setCode(e.target.value)} />
      <ItineraryA4Button code={code.trim()} onSay={(key, kind) => setSay({ key, kind })} />
      {say && (
        <span className={`print-msg ${say.kind}`} data-testid="itinerary-msg" data-key={say.key}>
          {t(say.key)} <span className="sub">{other(say.key)}</span>
        </span>
      )}
    </form>
  );
}
