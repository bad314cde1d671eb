/**
 * A meeting's join link, as the booth PC opens it. The import already refused anything
 * but http(s) without credentials; this checks again at the last step (a link is data
 * from a file, and `javascript:` must never reach window.open).
 */
export function safeJoinLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const u = new URL(link);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && u.hostname ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * One tap: a new window. In the browser that is a tab; in Electron the window-open
 * handler hands an allow-listed meeting host to the system browser (main/electron/
 * web-policy.ts `meetingLinkAllowed`) and denies the rest. false: refused here.
 */
export function openJoinLink(link: string): boolean {
  const safe = safeJoinLink(link);
  if (!safe) return false;
  window.open(safe, '_blank', 'noopener,noreferrer');
  return true;
}
