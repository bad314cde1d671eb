import { localTime, type ItineraryItem, type PublicItinerary } from '@contract/index';
import { clockText } from '../floor/useFloorState';
import { useI18n } from '../i18n/i18n';
import './itinerary.css';

/** A meeting as either screen has it: the desk's (interpreter's name) or the kiosk's (only whether one joins). */
type Item = Omit<ItineraryItem, 'meetingId' | 'interpreter'> & { interpreter?: string | null; interpreted?: boolean };

/**
 * A participant's meetings of the day, one row each: the time in the fair's zone (and, for
 * an online meeting, the buyer's own clock), the table or booth, the other side and the
 * interpreter. The desk's card and the kiosk's confirm screen draw the same list, at
 * their own sizes (`size`).
 */
export function ItineraryList({ side, items, size, actions }: { side: PublicItinerary['side']; items: readonly Item[]; size: 'desk' | 'kiosk'; actions?: React.ReactNode }) {
  const { t, other } = useI18n();
  const local = (i: Item) => {
    if (!i.buyerTimeZone) return null;
    const l = localTime(i.start, i.buyerTimeZone);
    const day = l.dayOffset > 0 ? t('itinerary.nextDay') : l.dayOffset < 0 ? t('itinerary.prevDay') : '';
    return t('itinerary.local', { time: l.time, day });
  };
  return (
    <section className={`itinerary itinerary-${size}`} data-testid="itinerary" aria-label={t('itinerary.title')}>
      <h3>
        {t('itinerary.title')} <span className="sub">{other('itinerary.title')}</span>
        <span className="itinerary-side">
          {t(`itinerary.side.${side}`)} · {t('itinerary.count', { count: items.length })}
        </span>
        {actions}
      </h3>
      <ol>
        {items.map((i) => (
          <li key={`${i.start}|${i.venue}`} data-testid="itinerary-item">
            <span className="itinerary-time">
              {clockText(Date.parse(i.start))}–{clockText(Date.parse(i.end))}
            </span>
            <span className="itinerary-venue">{i.venue}</span>
            <span className="itinerary-who">
              {i.counterpart}
              {/* The country is the buyer's: beside the counterpart only on an SME's schedule. */}
              {side === 'seller' && i.country ? <span className="itinerary-country"> ({i.country})</span> : null}
            </span>
            <span className="itinerary-note">
              {i.online && <span className="itinerary-video">{`${t('itinerary.video')} ${other('itinerary.video')}`}</span>}
              {local(i) && <span data-testid="itinerary-local">{local(i)}</span>}
              {i.interpreter ? <span>{t('itinerary.interpreter', { name: i.interpreter })}</span> : i.interpreted ? <span>{`${t('itinerary.interpreted')} · ${other('itinerary.interpreted')}`}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
