/**
 * A name on a visitor-facing screen, shown only enough for its owner to recognise it
 * (anyone may be standing at a kiosk): 김은희 → 김*희, 남궁민 → 남*민, John Smith → J*** S****.
 * Idempotent (a masked name masks to itself), so the server may mask before a screen does.
 */
export function maskName(full: string): string {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length > 1) return words.map((w) => Array.from(w)[0] + '*'.repeat(Math.max(1, Array.from(w).length - 1))).join(' ');
  const c = Array.from(words[0] ?? '');
  if (c.length <= 1) return c.join('');
  if (c.length === 2) return `${c[0]}*`;
  return c[0] + '*'.repeat(c.length - 2) + c[c.length - 1];
}
