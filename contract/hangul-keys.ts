/**
 * The 두벌식 keys behind Hangul: what a keyboard-wedge scanner typed when the PC's input
 * method was in Korean (한/영) mode — "PPS22-100001" arrives as "ㅔㅔㄴ22-100001" (or
 * composed into syllables). Pure and shared: the station maps scans back with it, and
 * the screens use it to recognise a scan typed into the wrong field.
 */
import { convertHangulToQwerty } from 'es-hangul';

/**
 * Hangul (jamo or syllables) back to the Latin keys that typed it; everything else as is.
 * es-hangul's map: compound jamo as the keys typed for them (ㅘ → hk, ㄺ → fr), tense
 * consonants and ㅒ ㅖ upper case. The same output as the former hand-written table for
 * every character of the BMP (test/hangul-keys.test.ts).
 */
export function hangulKeysToLatin(s: string): string {
  return convertHangulToQwerty(s);
}


const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/;

/** Whether text has Hangul in it (and so may be a scan typed in Korean mode). */
export const hasHangul = (s: string): boolean => HANGUL.test(s);
