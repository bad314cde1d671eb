/**
 * The 두벌식 keys behind Hangul: what a keyboard-wedge scanner typed when the PC's input
 * method was in Korean (한/영) mode — "PPS22-100001" arrives as "ㅔㅔㄴ22-100001" (or
 * composed into syllables). Pure and shared: the station maps scans back with it, and
 * the screens use it to recognise a scan typed into the wrong field.
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

/** Hangul (jamo or syllables) back to the Latin keys that typed it; everything else as is. */
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


const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/;

/** Whether text has Hangul in it (and so may be a scan typed in Korean mode). */
export const hasHangul = (s: string): boolean => HANGUL.test(s);
