import { useEffect, useState } from 'react';
import type { Itinerary } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { ItineraryA4Button } from './ItineraryA4Button';
import { ItineraryList } from './ItineraryList';

type Say = { key: MessageKey; kind: 'ok' | 'bad' };

/**
 * The desk's schedule for the visitor on the card: the check-in's own answer carries it
 * (`itinerary`, and whether its slip was queued after the badge); a visitor already in
 * is looked up. Reprint asks for a fresh slip; A4 opens the page to print.
 */
export function ItineraryPanel({ code, itinerary, slipQueued }: { code: string; itinerary?: Itinerary | null; slipQueued: boolean }) {
  const { t, other } = useI18n();
  const guard = useBusyGuard();
  const [it, setIt] = useState<Itinerary | null>(itinerary ?? null);
  const [say, setSay] = useState<Say | null>(slipQueued ? { key: 'itinerary.slip.queued', kind: 'ok' } : null);

  useEffect(() => {
    setIt(itinerary ?? null);
    setSay(slipQueued ? { key: 'itinerary.slip.queued', kind: 'ok' } : null);
    if (itinerary !== undefined) return;
    let live = true;
    void call('itinerary.get', { code }).then((r) => live && r.ok && r.value.status === 'found' && setIt(r.value.itinerary));
    return () => void (live = false);
  }, [code, itinerary, slipQueued]);

  if (!it) return null;
  const reprint = () =>
    guard(async () => {
      const r = await call('itinerary.print', { nonce: nonce(), code });
      if (!r.ok) return setSay({ key: 'itinerary.unknown', kind: 'bad' });
      const s = r.value.status;
      setSay(
        s === 'queued' ? { key: 'itinerary.reprint.queued', kind: 'ok' } : s === 'printer_offline' ? { key: 'itinerary.reprint.offline', kind: 'bad' } : s === 'no_printer' ? { key: 'itinerary.reprint.noPrinter', kind: 'bad' } : { key: 'itinerary.none', kind: 'bad' },
      );
    });
  return (
    <div className="itinerary-panel" data-testid="itinerary-panel">
      <ItineraryList
        side={it.side}
        items={it.items}
        size="desk"
        actions={
          <span className="itinerary-actions">
            <button type="button" data-testid="itinerary-reprint" onClick={() => void reprint()}>
              {t('itinerary.reprint')} <span className="sub">{other('itinerary.reprint')}</span>
            </button>
            <ItineraryA4Button code={code} onSay={(key, kind) => setSay({ key, kind })} />
          </span>
        }
      />
      {say && (
        <div className={`print-msg ${say.kind}`} data-testid="itinerary-msg" data-key={say.key}>
          {t(say.key)} <span className="sub">{other(say.key)}</span>
        </div>
      )}
    </div>
  );
}
