/**
 * Korean first, English one tap away. Components only ever use keys through `t`;
 * error codes and outcomes become text here, in one place.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AppError, Category } from '@contract/index';
import type { MessageKey } from './ko';
import { categoryLabel } from '../setup/event-categories';

import { translate, type Lang, type TFn } from './format';

export { translate, type Lang, type TFn };

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t: TFn;
  /** The other language's text, for bilingual labels (Korean first, English beside it). */
  other: TFn;
  errorText(e: AppError): string;
  /** The event's label of a category (in `inLang`, else the screen's language). */
  categoryText(c: Category, inLang?: Lang): string;
  /** HH:MM in the event's time zone. */
  time(iso: string): string;
}

const Ctx = createContext<I18n | null>(null);

const timeFmt = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', hour: '2-digit', minute: '2-digit', hour12: false });

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? ((localStorage.getItem('fairdesk.lang') as Lang) || 'ko'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('fairdesk.lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const t: TFn = (k, p) => translate(lang, k, p);
    const other: TFn = (k, p) => translate(lang === 'ko' ? 'en' : 'ko', k, p);
    return {
      lang,
      setLang,
      t,
      other,
      errorText: (e) => t(`error.${e.code}` as MessageKey),
      categoryText: (c, inLang) => categoryLabel(c, inLang ?? lang),
      time: (iso) => timeFmt.format(new Date(iso)),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
