/**
 * NUL characters in text input. PostgreSQL refuses U+0000 in text (the request failed as
 * `internal`) while SQLite stored it, so the two databases disagreed. No field has a use
 * for it: the router refuses any string input containing one, as invalid_input naming
 * the field, before the channel's own schema runs.
 */
const MAX_DEPTH = 32;

/** The path of the first string holding U+0000 (e.g. "rows.3.nameKo"), or null. */
export function findNul(input: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof input === 'string') return input.includes('\u0000') ? path.join('.') || '(input)' : null;
  if (input === null || typeof input !== 'object' || depth > MAX_DEPTH) return null;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const hit = findNul(input[i], [...path, String(i)], depth + 1);
      if (hit !== null) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(input)) {
    if (k.includes('\u0000')) return [...path, '(key)'].join('.');
    const hit = findNul(v, [...path, k], depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/** A plausible e-mail address: one @, something on each side, a dot in the domain, no spaces. */
export const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
