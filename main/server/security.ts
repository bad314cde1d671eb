/**
 * Browser-station security: loopback by default; any other bind address needs a token on
 * every request — the station's pairing token as an Authorization header (scripts), or a
 * device token: the HttpOnly cookie each browser gets in exchange for `?token=<pairing
 * token>` on its first load (EventSource and <script> cannot send headers; see
 * device-gate.ts). The query token is taken only on that page load, never by the API or
 * the event stream, and the page strips it from the address bar at once
 * (renderer/src/api/strip-token.ts), so it does not stay in history, logs or Referer.
 * Host/Origin checks stop DNS rebinding and other web pages from driving a station
 * through the user's browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'fairdesk_token';

/**
 * A loopback *literal*: `localhost`, `[::1]` (or bare `::1`, as a bind address), or a
 * dotted-quad 127.a.b.c with every part 0–255. Never a pattern on a name: a rebinding
 * page's `127.0.0.1.evil.com` resolves wherever its owner likes.
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '[::1]') return true;
  const quad = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return quad !== null && quad.slice(1).every((p) => Number(p) <= 255);
}

/**
 * Splits a Host header (or an Origin's host) into name and port, exactly: `name[:port]`
 * or `[v6]:port`. Anything else — spaces, userinfo, a path, a second colon — is null.
 */
export function splitHost(header: string): { name: string; port: string | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(header);
  if (!m) return null;
  if (m[2] !== undefined && Number(m[2]) > 65_535) return null;
  return { name: m[1]!.toLowerCase(), port: m[2] ?? null };
}

/** A Host header naming this machine by a loopback literal, with an optional port. */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  const parts = header === undefined ? null : splitHost(header);
  return parts !== null && isLoopback(parts.name);
}

export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const raw = req.headers.cookie;
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The Authorization header's Bearer token, if any (scripts, the CLI, tests). */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

/** `?token=` on a page load (GET, not /api/): what the page exchanges for the cookie. */
export function exchangedToken(req: IncomingMessage, url: URL): string | undefined {
  if (req.method !== 'GET' || url.pathname.startsWith('/api/')) return undefined;
  return url.searchParams.get('token') ?? undefined;
}

/**
 * The cookie the page gets for its device token (never the pairing token): HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), no Domain (this station's host only), the whole path.
 */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

export function tokenOk(expected: string | null, presented: string | undefined): boolean {
  if (expected === null) return true;
  return presented !== undefined && safeEqual(expected, presented);
}

/** On loopback, only a loopback literal in Host is accepted (blocks DNS rebinding). */
export function hostAllowed(req: IncomingMessage, loopbackOnly: boolean): boolean {
  if (!loopbackOnly) return true;
  return isLoopbackHostHeader(req.headers.host);
}

/**
 * A cross-site request carries a foreign Origin; same-origin fetches carry ours or none.
 * Ours means: http(s), no path, the same host and port the request was sent to — and on a
 * loopback-only server that host must itself be a loopback literal. `Origin: null`
 * (sandboxed frames, file://, some redirects) is foreign.
 */
export function originAllowed(req: IncomingMessage, loopbackOnly = false): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const m = /^(https?):\/\/([^/?#@]+)$/i.exec(origin);
  if (!m) return false;
  const parts = splitHost(m[2]!);
  const host = req.headers.host;
  if (!parts || host === undefined) return false;
  if (loopbackOnly && !isLoopback(parts.name)) return false;
  return m[2]!.toLowerCase() === host.toLowerCase();
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The paper badge page (main/printing/paper-badge.html.ts): styles, font and QR inline, no script, framed only by the desk. */
export const PAPER_BADGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'font-src data:',
  'img-src data:',
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
