/**
 * 두벌식 Hangul composition for the kiosk's on-screen keyboard: jamo in, syllables out.
 * Pure (no DOM, no React) so it is unit-tested under node:test.
 *
 * The state is the committed text plus one block still being composed. Only that
 * block can be edited jamo by jamo: backspace takes its last jamo off (닭 → 달 → 다 →
 * ㄷ → ''), as a Korean IME does; once a block is committed, backspace removes whole
 * characters.
 */

import { canBeChoseong, canBeJongseong, canBeJungseong, combineCharacter, combineVowels, convertQwertyToAlphabet, disassemble } from 'es-hangul';

export interface Block {
  cho?: string;
  jung?: string;
  jong?: string;
}

export interface ComposeState {
  readonly before: string;
  readonly block: Readonly<Block> | null;
}

/**
 * The jamo tables (which jamo start, sit in the middle of, or end a syllable; 두벌식 keys;
 * vowel pairs; composing a syllable) come from es-hangul, shared with the station's 초성
 * keys and scan mapping. Checked against the former hand-written tables on every
 * syllable, jamo and key (test/hangul-keys.test.ts).
 */
/** Two consonants after a vowel that make one double final (ㄹ+ㄱ → ㄺ): es-hangul 2.4
 * has no consonant-cluster combine (assemble(['ㄹ','ㄱ']) stays 'ㄹㄱ'), so this one table stays. */
const FINAL_PAIRS: Record<string, string> = {
  ㄱㅅ: 'ㄳ', ㄴㅈ: 'ㄵ', ㄴㅎ: 'ㄶ', ㄹㄱ: 'ㄺ', ㄹㅁ: 'ㄻ', ㄹㅂ: 'ㄼ', ㄹㅅ: 'ㄽ', ㄹㅌ: 'ㄾ', ㄹㅍ: 'ㄿ', ㄹㅎ: 'ㅀ', ㅂㅅ: 'ㅄ',
};

/** A compound vowel or final into its two halves (ㅘ → ㅗ, ㅏ; ㄺ → ㄹ, ㄱ); undefined for a single jamo. */
function split(j: string): [string, string] | undefined {
  const parts = disassemble(j);
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
}

/** Two vowels typed in a row that make one (ㅗ+ㅏ → ㅘ); undefined when they don't. */
function vowelPair(a: string, b: string): string | undefined {
  const v = combineVowels(a, b);
  return v.length === 1 ? v : undefined;
}

export const isConsonant = (j: string) => j.length === 1 && canBeChoseong(j);
export const isVowel = (j: string) => j.length === 1 && canBeJungseong(j);
/** ㄸ ㅃ ㅉ start a syllable but never end one. */
const canBeFinal = (c: string) => canBeJongseong(c);

/** 두벌식 key → jamo; shift gives the tense consonants and ㅒ ㅖ (other keys shifted give their plain jamo). */
export function keyToJamo(key: string, shift = false): string | undefined {
  if (!/^[a-z]$/i.test(key)) return undefined;
  return convertQwertyToAlphabet(shift ? key.toUpperCase() : key.toLowerCase());
}

export const empty = (before = ''): ComposeState => ({ before, block: null });

/** The block as text: a syllable once it has a vowel after a consonant, else the lone jamo. */
export function renderBlock(b: Readonly<Block> | null): string {
  if (!b) return '';
  // es-hangul takes compound vowels and finals in their halves (ㅘ as ㅗㅏ, ㄺ as ㄹㄱ).
  if (b.cho && b.jung) return combineCharacter(b.cho, disassemble(b.jung), b.jong ? disassemble(b.jong) : '');
  return (b.cho ?? '') + (b.jung ?? '');
}

export const text = (s: ComposeState): string => s.before + renderBlock(s.block);

export function commit(s: ComposeState): ComposeState {
  return s.block ? empty(text(s)) : s;
}

function start(s: ComposeState, block: Block): ComposeState {
  return { before: text(s), block };
}

/** Types one jamo (compatibility jamo, U+3131–U+3163). Anything else goes through typeChar. */
export function typeJamo(s: ComposeState, j: string): ComposeState {
  const b = s.block;
  if (isVowel(j)) {
    if (!b) return { ...s, block: { jung: j } };
    if (b.jong) {
      // A vowel after a final: the final (or its second half) moves on to start the
      // next syllable — 닭 + ㅏ → 달가, 갔 + ㅏ → 가싸.
      const halves = split(b.jong);
      const kept: Block = halves ? { ...b, jong: halves[0] } : { cho: b.cho, jung: b.jung };
      return { before: s.before + renderBlock(kept), block: { cho: halves ? halves[1] : b.jong, jung: j } };
    }
    if (b.jung) {
      const pair = vowelPair(b.jung, j);
      return pair ? { ...s, block: { ...b, jung: pair } } : start(s, { jung: j });
    }
    return { ...s, block: { ...b, jung: j } };
  }
  if (isConsonant(j)) {
    if (b?.cho && b.jung && !b.jong) return canBeFinal(j) ? { ...s, block: { ...b, jong: j } } : start(s, { cho: j });
    if (b?.cho && b.jung && b.jong) {
      const pair = FINAL_PAIRS[b.jong + j];
      return pair ? { ...s, block: { ...b, jong: pair } } : start(s, { cho: j });
    }
    return start(s, { cho: j });
  }
  return typeChar(s, j);
}

/** Any other character (Latin, digit, space, '-'): ends the block and is appended. */
export function typeChar(s: ComposeState, ch: string): ComposeState {
  return empty(text(s) + ch);
}

/** Takes off the last jamo of the block being composed, or the last committed character. */
export function backspace(s: ComposeState): ComposeState {
  const b = s.block;
  if (!b) return empty(Array.from(s.before).slice(0, -1).join(''));
  if (b.jong) {
    const halves = split(b.jong);
    return { ...s, block: halves ? { ...b, jong: halves[0] } : { cho: b.cho, jung: b.jung } };
  }
  if (b.jung) {
    const halves = split(b.jung);
    if (halves) return { ...s, block: { ...b, jung: halves[0] } };
    return b.cho ? { ...s, block: { cho: b.cho } } : empty(s.before);
  }
  return empty(s.before);
}

/** Types a sequence of jamo/characters (tests and the keyboard's paste-free replay). */
export function typeAll(s: ComposeState, input: Iterable<string>): ComposeState {
  let out = s;
  for (const ch of input) out = /[\u3131-\u3163]/.test(ch) ? typeJamo(out, ch) : typeChar(out, ch);
  return out;
}
