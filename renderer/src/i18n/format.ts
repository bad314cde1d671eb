/**
 * Turning a key and its parameters into text, without React (so plain Node tests can
 * check the wording). i18n.tsx wraps it for components.
 */
import { ko, type MessageKey } from './ko';
import { en } from './en';

export type Lang = 'ko' | 'en';
const tables: Record<Lang, Record<MessageKey, string>> = { ko, en };

export type TFn = (key: MessageKey, params?: Record<string, string | number>) => string;

const plurals: Record<Lang, Intl.PluralRules> = { ko: new Intl.PluralRules('ko'), en: new Intl.PluralRules('en') };

/**
 * `{name}` takes a parameter; `{n, plural, one {# meeting} other {# meetings}}` (an ICU
 * subset) picks the form Intl.PluralRules gives for the language, `#` being the number —
 * so English never reads "meeting(s)" and Korean needs only `other`.
 */
function format(lang: Lang, s: string, params?: Record<string, string | number>) {
  if (!params) return s;
  const plural = s.replace(/\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g, (whole, k: string, body: string) => {
    const n = Number(params[k]);
    if (!Number.isFinite(n)) return whole;
    const forms = Object.fromEntries([...body.matchAll(/(\w+) \{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
    return (forms[plurals[lang].select(n)] ?? forms.other ?? '').replace(/#/g, String(n));
  });
  return plural.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>) {
  return format(lang, tables[lang][key] ?? key, params);
}

