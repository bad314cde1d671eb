import { useEffect, useRef } from 'react';
import type { OutputOf } from '@contract/index';
import { useI18n } from '../i18n/i18n';
import { bandStyle } from '../setup/event-categories';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';

type Search = OutputOf<'visitors.search'> & { q: string; limit: number };

/** Results asked for per query; a full page means "and more — type more, or show more". */
export const SEARCH_LIMIT = 20;
/** What "show more" asks for: the contract's most per query. */
export const SEARCH_MORE_LIMIT = 50;

/**
 * Search results for the desk: says which kind of query was recognised (so staff see
 * that "2066" was read as a phone's last 4), shows phone and e-mail only masked (they
 * arrive masked from the core), and highlights the row arrow keys have selected.
 */
export function SearchResults({ search, selected, onPick, onMore }: { search: Search; selected: number; onPick: (code: string) => void; onMore?: () => void }) {
  const { t, other, categoryText } = useI18n();
  const full = search.hits.length >= search.limit;
  const { today } = useStation();
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector('li.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <>
      <div className="search-kind" data-testid="search-kind" data-kind={search.kind ?? ''} data-q={search.q}>
        {search.kind && t('desk.search.recognised', {
            kind: t(`desk.search.kind.${search.kind}` as MessageKey),
            n: full ? `${search.limit}+` : search.hits.length,
          })}
        {full && onMore && search.limit < SEARCH_MORE_LIMIT && (
          <button type="button" className="search-more" data-testid="search-more" onMouseDown={(e) => e.preventDefault()} onClick={onMore}>
            {t('desk.search.more', { n: SEARCH_MORE_LIMIT })} <span className="sub">{other('desk.search.more', { n: SEARCH_MORE_LIMIT })}</span>
          </button>
        )}
        {search.hits.length > 0 && <span className="hint">{t('desk.search.hint')}</span>}
      </div>
      {search.hits.length === 0 && (
        <p className="search-none" data-testid="search-none">
          {t('desk.search.none')}
        </p>
      )}
      <ul className="results" data-testid="search-results" ref={list} role="listbox">
        {search.hits.map((h, i) => (
          <li
            key={h.code}
            data-code={h.code}
            className={i === selected ? 'selected' : ''}
            role="option"
            aria-selected={i === selected}
            onDoubleClick={() => onPick(h.code)}
          >
            <div className="info">
              <div className="name">
                {h.nameKo} {h.nameEn && h.nameEn !== h.nameKo ? <span className="sub">{h.nameEn}</span> : null}{' '}
                <span className="cat" style={bandStyle(h.category)}>{categoryText(h.category)}</span>
                {!h.registeredDays.includes(today) && (
                  <span className="other-day" data-testid="search-other-day">
                    {t('desk.search.otherDay', { days: h.registeredDays.map((d) => d.slice(5).replace('-', '/')).join(', ') || '—' })}
                  </span>
                )}
              </div>
              <div className="meta">{[h.organisation, h.title, h.code].filter(Boolean).join(' · ')}</div>
              <div className="meta">{[h.phoneMasked, h.emailMasked].filter(Boolean).join(' · ')}</div>
            </div>
            {h.checkedInToday ? (
              // Picking a visitor who is already in shows when and where (the "already" card).
              <button onClick={() => onPick(h.code)} className="done" data-testid="search-checked">
                ✓ {t('desk.search.checkedIn')}
              </button>
            ) : (
              <button className="primary" onClick={() => onPick(h.code)} data-testid="search-checkin">
                {t('desk.search.checkin')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
