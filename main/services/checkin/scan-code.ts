/**
 * Turns what a keyboard-wedge scanner typed into a registration code.
 *
 * A scanner types key presses, not characters: if the desk PC's input method is in
 * Korean (한/영) mode, "PPS22-100001" arrives as "ㅔㅔㄴ22-100001" (or composed into
 * syllables). Staff should never have to notice, so the 두벌식 layout is mapped
 * back to the Latin keys that produced it (contract/hangul-keys.ts).
 */
import { hangulKeysToLatin, hasHangul } from '../../../contract/hangul-keys';

/** Longest code we will look up; anything longer is garbage, not a registration code. */
export const MAX_CODE = 40;

/** Normalised code, or null when the input cannot be a registration code at all. */
export function normalizeScannedCode(raw: string): string | null {
  // eslint-disable-next-line no-control-regex
  let s = raw.normalize('NFC').replace(/[\u0000-\u001f\u007f\s]/g, '');
  if (hasHangul(s)) s = hangulKeysToLatin(s);
  s = s.toUpperCase();
  if (!s || s.length > MAX_CODE || !/^[A-Z0-9_-]+$/.test(s)) return null;
  return s;
}
