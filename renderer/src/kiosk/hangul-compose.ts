/**
 * 두벌식 Hangul composition for the kiosk's on-screen keyboard: jamo in, syllables out.
 * Pure (no DOM, no React) so it is unit-tested under node:test.
 *
 * The state is the committed text plus one block still being composed. Only that
 * block can be edited jamo by jamo: backspace takes its last jamo off (닭 → 달 → 다 →
 * ㄷ → ''), as a Korean IME does; once a block is committed, backspace removes whole
 * characters.
 */

export interface Block {
  cho?: string;
  jung?: string;
  jong?: string;
}

export interface ComposeState {
  readonly before: string;
  readonly block: Readonly<Block> | null;
}

const CHO = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JUNG = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const JONG = ['', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];

/** Two vowels typed in a row that make one (ㅗ+ㅏ → ㅘ). */
const VOWEL_PAIRS: Record<string, string> = { ㅗㅏ: 'ㅘ', ㅗㅐ: 'ㅙ', ㅗㅣ: 'ㅚ', ㅜㅓ: 'ㅝ', ㅜㅔ: 'ㅞ', ㅜㅣ: 'ㅟ', ㅡㅣ: 'ㅢ' };
/** Two consonants after a vowel that make one double final (ㄹ+ㄱ → ㄺ). */
const FINAL_PAIRS: Record<string, string> = {
  ㄱㅅ: 'ㄳ', ㄴㅈ: 'ㄵ', ㄴㅎ: 'ㄶ', ㄹㄱ: 'ㄺ', ㄹㅁ: 'ㄻ', ㄹㅂ: 'ㄼ', ㄹㅅ: 'ㄽ', ㄹㅌ: 'ㄾ', ㄹㅍ: 'ㄿ', ㄹㅎ: 'ㅀ', ㅂㅅ: 'ㅄ',
};
const SPLIT_VOWEL = invert(VOWEL_PAIRS);
const SPLIT_FINAL = invert(FINAL_PAIRS);

function invert(pairs: Record<string, string>): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const [two, one] of Object.entries(pairs)) out[one] = [two[0]!, two[1]!];
  return out;
}

export const isConsonant = (j: string) => j.length === 1 && CHO.includes(j);
export const isVowel = (j: string) => j.length === 1 && JUNG.includes(j);
/** ㄸ ㅃ ㅉ start a syllable but never end one. */
const canBeFinal = (c: string) => JONG.includes(c);

/** 두벌식 key → jamo; shift gives the tense consonants and ㅒ ㅖ. */
const KEYMAP: Record<string, string> = {
  q: 'ㅂ', w: 'ㅈ', e: 'ㄷ', r: 'ㄱ', t: 'ㅅ', y: 'ㅛ', u: 'ㅕ', i: 'ㅑ', o: 'ㅐ', p: 'ㅔ',
  a: 'ㅁ', s: 'ㄴ', d: 'ㅇ', f: 'ㄹ', g: 'ㅎ', h: 'ㅗ', j: 'ㅓ', k: 'ㅏ', l: 'ㅣ',
  z: 'ㅋ', x: 'ㅌ', c: 'ㅊ', v: 'ㅍ', b: 'ㅠ', n: 'ㅜ', m: 'ㅡ',
};
const SHIFTED: Record<string, string> = { q: 'ㅃ', w: 'ㅉ', e: 'ㄸ', r: 'ㄲ', t: 'ㅆ', o: 'ㅒ', p: 'ㅖ' };

export function keyToJamo(key: string, shift = false): string | undefined {
  const k = key.toLowerCase();
  return (shift && SHIFTED[k]) || KEYMAP[k];
}

export const empty = (before = ''): ComposeState => ({ before, block: null });

/** The block as text: a syllable once it has a vowel after a consonant, else the lone jamo. */
export function renderBlock(b: Readonly<Block> | null): string {
  if (!b) return '';
  if (b.cho && b.jung) {
    const code = 0xac00 + CHO.indexOf(b.cho) * 588 + JUNG.indexOf(b.jung) * 28 + JONG.indexOf(b.jong ?? '');
    return String.fromCharCode(code);
  }
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
      const split = SPLIT_FINAL[b.jong];
      const kept: Block = split ? { ...b, jong: split[0] } : { cho: b.cho, jung: b.jung };
      return { before: s.before + renderBlock(kept), block: { cho: split ? split[1] : b.jong, jung: j } };
    }
    if (b.jung) {
      const pair = VOWEL_PAIRS[b.jung + j];
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
    const split = SPLIT_FINAL[b.jong];
    return { ...s, block: split ? { ...b, jong: split[0] } : { cho: b.cho, jung: b.jung } };
  }
  if (b.jung) {
    const split = SPLIT_VOWEL[b.jung];
    if (split) return { ...s, block: { ...b, jung: split[0] } };
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
