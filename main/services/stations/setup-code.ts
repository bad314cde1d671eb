/**
 * Set-up codes: short, easy to type, and one-time. 8 characters from a 25-letter alphabet
 * with no look-alikes (≈ 37 bits); a code lives hours at most and is used once, so that is
 * plenty. The database keeps only a hash, and the QR carries the same code plus where the
 * station that made it is (a scanner types the QR's text into the same box).
 */
import { createHash, randomInt } from 'node:crypto';
import { SETUP_CODE_ALPHABET, SETUP_CODE_LENGTH, SETUP_QR_PREFIX } from '../../../contract/index';

export function newSetupCode(): string {
  let s = '';
  for (let i = 0; i < SETUP_CODE_LENGTH; i++) s += SETUP_CODE_ALPHABET[randomInt(SETUP_CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/**
 * What was typed or scanned → the bare code (upper case, no separators), or null when it
 * cannot be a code. Forgiving: lower case, spaces and hyphens are fine, and the look-alikes
 * we left out are read as the letter they resemble (O→0 is not in the alphabet, so 0/O are
 * simply refused rather than guessed).
 */
export function normaliseSetupCode(raw: string): string | null {
  let text = raw.trim();
  if (text.toUpperCase().startsWith(SETUP_QR_PREFIX)) text = text.slice(SETUP_QR_PREFIX.length).split('@')[0] ?? '';
  const bare = text.toUpperCase().replace(/[\s-]/g, '');
  if (bare.length !== SETUP_CODE_LENGTH) return null;
  for (const ch of bare) if (!SETUP_CODE_ALPHABET.includes(ch)) return null;
  return bare;
}

export function setupCodeHash(bare: string): string {
  return createHash('sha256').update(`fairdesk-setup:${bare}`).digest('hex');
}

/** The QR's text: `FAIRDESK-SETUP:XXXX-XXXX@where`. */
export function setupPayload(code: string, where: string): string {
  return `${SETUP_QR_PREFIX}${code}@${where}`;
}

/** A database URL without its password (shown on screen and put in the QR). */
export function publicWhere(db: { kind: 'sqlite' } | { kind: 'postgres'; url: string } | null, stationName: string): string {
  if (db?.kind === 'postgres') {
    try {
      const u = new URL(db.url);
      u.password = '';
      u.username = '';
      return u.toString();
    } catch {
      return 'postgres';
    }
  }
  return `station:${stationName}`;
}

/** The port a station serves on when none is typed (`npm run serve` and the set-up screen's default). */
export const DEFAULT_STATION_PORT = 4810;

/**
 * An admin station's address as staff type it or the QR carries it → `http://host:port`,
 * or null when it cannot be one. Forgiving: `10.0.0.5:4810`, `http://10.0.0.5:4810/`,
 * `10.0.0.5` (port 4810) and surrounding spaces are all fine. Never a path, a user or a
 * query: the address only says where the admin station is. Stations serve plain HTTP on
 * the LAN, so `https://` is refused rather than tried.
 */
export function adminAddress(raw: string): string | null {
  const text = raw.trim().replace(/\/+$/, '');
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' || u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) return null;
  if (!u.hostname) return null;
  return `http://${u.hostname}:${u.port || DEFAULT_STATION_PORT}`;
}

/** The admin station's address in the QR's text (`FAIRDESK-SETUP:K7M4-PQ3X@http://10.0.0.5:4810`), or null (an older QR names a database). */
export function payloadAdminAddress(raw: string): string | null {
  const text = raw.trim();
  if (!text.toUpperCase().startsWith(SETUP_QR_PREFIX)) return null;
  const at = text.indexOf('@');
  if (at < 0) return null;
  const where = text.slice(at + 1);
  return /^http:\/\//i.test(where) ? adminAddress(where) : null;
}
