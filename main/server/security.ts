/**
 * Browser-station security: loopback by default; any other bind address needs the
 * station token on every request (header, or a cookie set from ?token= on first load —
 * EventSource and <script> cannot send headers). Host/Origin checks stop DNS rebinding
 * and other web pages from driving a station through the user's browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'fairdesk_token';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
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

/** The token a request presents: Authorization header, cookie, or ?token=. */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return cookieValue(req, TOKEN_COOKIE) ?? url.searchParams.get('token') ?? undefined;
}

export function tokenOk(expected: string | null, presented: string | undefined): boolean {
  if (expected === null) return true;
  return presented !== undefined && safeEqual(expected, presented);
}

/** On loopback, only loopback host names are accepted (blocks DNS rebinding). */
export function hostAllowed(req: IncomingMessage, loopbackOnly: boolean): boolean {
  if (!loopbackOnly) return true;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return isLoopback(host);
}

/** A cross-site request carries a foreign Origin; same-origin fetches carry ours or none. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
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
