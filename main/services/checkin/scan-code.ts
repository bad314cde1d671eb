/**
 * Turns what a keyboard-wedge scanner typed into a registration code.
 *
 * A scanner types key presses, not characters: if the desk PC's input method is in
 * Korean (한/영) mode, "PPS22-100001" arrives as "ㅔㅔㄴ22-100001" (or composed into
 * syllables). Staff should never have to notice, so the 두벌식 layout is mapped
 * back to the Latin keys that produced it.
 */
const JAMO_TO_KEY: Record<string, string> = {
  ㅂ: 'q', ㅈ: 'w', ㄷ: 'e', ㄱ: 'r', ㅅ: 't', ㅛ: 'y', ㅕ: 'u', ㅑ: 'i', ㅐ: 'o', ㅔ: 'p',
  ㅁ: 'a', ㄴ: 's', ㅇ: 'd', ㄹ: 'f', ㅎ: 'g', ㅗ: 'h', ㅓ: 'j', ㅏ: 'k', ㅣ: 'l',
  ㅋ: 'z', ㅌ: 'x', ㅊ: 'c', ㅍ: 'v', ㅠ: 'b', ㅜ: 'n', ㅡ: 'm',
  ㅃ: 'Q', ㅉ: 'W', ㄸ: 'E', ㄲ: 'R', ㅆ: 'T', ㅒ: 'O', ㅖ: 'P',
};
// Compound jamo decompose into the keys typed for them.
const COMPOUND: Record<string, string> = {
  ㅘ: 'ㅗㅏ', ㅙ: 'ㅗㅐ', ㅚ: 'ㅗㅣ', ㅝ: 'ㅜㅓ', ㅞ: 'ㅜㅔ', ㅟ: 'ㅜㅣ', ㅢ: 'ㅡㅣ',
  ㄳ: 'ㄱㅅ', ㄵ: 'ㄴㅈ', ㄶ: 'ㄴㅎ', ㄺ: 'ㄹㄱ', ㄻ: 'ㄹㅁ', ㄼ: 'ㄹㅂ', ㄽ: 'ㄹㅅ', ㄾ: 'ㄹㅌ', ㄿ: 'ㄹㅍ', ㅀ: 'ㄹㅎ', ㅄ: 'ㅂㅅ',
};
const CHO = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JUNG = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const JONG = ['', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];

function jamoKeys(j: string): string {
  const parts = COMPOUND[j] ?? j;
  let out = '';
  for (const p of parts) out += JAMO_TO_KEY[p] ?? p;
  return out;
}

export function hangulKeysToLatin(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xac00 && c <= 0xd7a3) {
      const i = c - 0xac00;
      out += jamoKeys(CHO[Math.floor(i / 588)]!) + jamoKeys(JUNG[Math.floor((i % 588) / 28)]!) + jamoKeys(JONG[i % 28]!);
    } else if (c >= 0x3131 && c <= 0x318e) {
      out += jamoKeys(ch);
    } else {
      out += ch;
    }
  }
  return out;
}

/** Longest code we will look up; anything longer is garbage, not a registration code. */
export const MAX_CODE = 40;

/** Normalised code, or null when the input cannot be a registration code at all. */
export function normalizeScannedCode(raw: string): string | null {
  // eslint-disable-next-line no-control-regex
  let s = raw.normalize('NFC').replace(/[\u0000-\u001f\u007f\s]/g, '');
  if (/[\u3131-\u318e\uac00-\ud7a3]/.test(s)) s = hangulKeysToLatin(s);
  s = s.toUpperCase();
  if (!s || s.length > MAX_CODE || !/^[A-Z0-9_-]+$/.test(s)) return null;
  return s;
}
