/**
 * Payloads for every channel, generated from its zod input schema (as JSON Schema): most
 * are near-valid (the right shape with hostile values — NUL, 10k characters, RTL marks,
 * numbers at the edges), some are the wrong shape entirely. Deterministic per index.
 * Any field naming a printer interface is pinned to a closed loopback port, so a fuzzed
 * printer never makes the station connect beyond this machine.
 */
type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; const?: unknown; anyOf?: Schema[]; oneOf?: Schema[]; minimum?: number; maximum?: number; pattern?: string; maxLength?: number };

const NASTY = ['', ' ', '\u0000', 'a\u0000b', 'x'.repeat(10_000), '\u202e역방향', '<script>alert(1)</script>', "' OR 1=1 --", '%00', '../../etc/passwd', '=cmd|calc', '\ud800', '💥'.repeat(50), 'PPS22-100001', '2022-04-13', 'null', '{}'];

function rng(seed: number) {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

export function payloadFor(schema: unknown, index: number): unknown {
  const r = rng(index + 1);
  if (r() < 0.1) return [null, 42, 'text', [], true, { unexpected: 'field' }][Math.floor(r() * 6)];
  return pinLoopback(gen((schema ?? {}) as Schema, r, 0));
}

function gen(s: Schema, r: () => number, depth: number): unknown {
  if (depth > 6) return null;
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  if (s.const !== undefined) return r() < 0.9 ? s.const : 'not-the-const';
  if (s.enum) return r() < 0.85 ? pick(s.enum) : pick(NASTY);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return gen(pick(alts), r, depth + 1);
  const type = Array.isArray(s.type) ? pick(s.type) : s.type;
  // Now and then, the wrong type for the field.
  if (r() < 0.08) return pick([null, -1, 1e308, 'x', [], {}, true]);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) if ((s.required ?? []).includes(k) || r() < 0.5) out[k] = gen(v, r, depth + 1);
      if (r() < 0.1) out.__proto__extra = 'x';
      return out;
    }
    case 'array':
      return Array.from({ length: r() < 0.05 ? 500 : Math.floor(r() * 4) }, () => gen(s.items ?? {}, r, depth + 1));
    case 'string':
      return r() < 0.6 ? pick(NASTY) : `f${Math.floor(r() * 1e9).toString(36)}`;
    case 'integer':
    case 'number':
      return pick([0, 1, -1, 7, 2 ** 31, -(2 ** 53), 1.5, s.minimum ?? 0, s.maximum ?? 100]);
    case 'boolean':
      return r() < 0.5;
    case 'null':
      return null;
    default:
      return pick([null, 'x', 1, {}, []]);
  }
}

function pinLoopback(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pinLoopback);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = /interface|host|url|address/i.test(k) && typeof x === 'string' ? 'tcp://127.0.0.1:9' : pinLoopback(x);
    return out;
  }
  return v;
}
