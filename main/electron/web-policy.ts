/**
 * What a station window may do beyond showing our pages, as pure decisions (no Electron
 * import, so they are unit-tested under Node): open DevTools, hand a link to the system
 * browser, use a device permission. window.ts applies them to every window's session.
 */
import type { Role } from '../../contract/index';
import { originOf } from './ipc-sender';

/** Roles whose screen stands in front of the public: no way out of the app, no tools. */
const PUBLIC_ROLES: readonly Role[] = ['kiosk', 'board'];

/**
 * DevTools only when asked for at start (`--devtools` or FAIRDESK_DEVTOOLS=1, for
 * support on a staff console), never on a public screen: in production a console's
 * DevTools would read every visitor through the station's channels.
 */
export function devToolsAllowed(role: Role, argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (PUBLIC_ROLES.includes(role)) return false;
  return argv.includes('--devtools') || env.FAIRDESK_DEVTOOLS === '1';
}

/**
 * Hosts a staff console may open in the system browser (e.g. the organiser's privacy
 * page): FAIRDESK_EXTERNAL_HOSTS, comma-separated exact host names. Empty by default.
 */
export function externalHostsFrom(env: NodeJS.ProcessEnv): string[] {
  return (env.FAIRDESK_EXTERNAL_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** A window.open / target=_blank link: https only, an allow-listed host, and never from a public screen. */
export function externalLinkAllowed(url: string, role: Role, allowedHosts: readonly string[]): boolean {
  if (PUBLIC_ROLES.includes(role)) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && !u.username && !u.password && allowedHosts.includes(u.hostname.toLowerCase());
}

/** Video-conference hosts a booth PC opens by default; FAIRDESK_MEETING_HOSTS replaces the list. */
export const DEFAULT_MEETING_HOSTS = ['zoom.us', 'teams.microsoft.com', 'teams.live.com', 'meet.google.com', 'webex.com', 'whereby.com'];

/** FAIRDESK_MEETING_HOSTS (comma-separated host names), else the defaults. */
export function meetingHostsFrom(env: NodeJS.ProcessEnv): string[] {
  const given = (env.FAIRDESK_MEETING_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return given.length ? given : DEFAULT_MEETING_HOSTS;
}

/**
 * A booth PC's (or a floor console's) one-tap join link: http(s), no credentials, a host
 * on the meeting list or a subdomain of one (conference services give each customer a
 * subdomain: us02web.zoom.us). Never from a public screen.
 */
export function meetingLinkAllowed(url: string, role: Role, meetingHosts: readonly string[]): boolean {
  if (!(['booth', 'floor', 'admin'] as readonly Role[]).includes(role)) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return meetingHosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/** Roles that may scan a badge with a camera (the kiosk's QR reader, a console's webcam). */
const CAMERA_ROLES: readonly Role[] = ['kiosk', 'desk', 'stamp', 'gift', 'floor', 'admin'];

export interface PermissionAsk {
  role: Role;
  permission: string;
  /** Who asks: the requesting URL or origin as Electron reports it. */
  from: string | undefined;
  /**
   * Request: details.mediaTypes (['video'] for a camera); check: [details.mediaType].
   * Absent or empty is refused: a camera rule must know it is not the microphone.
   */
  mediaTypes: readonly string[] | undefined;
}

/** The permission request and check handlers' one rule: only our own pages, only the camera, video only. */
export function permissionAllowed(ask: PermissionAsk, appOrigin: string): boolean {
  if (!ask.from || originOf(ask.from) !== appOrigin) return false;
  if (ask.permission !== 'media' || !CAMERA_ROLES.includes(ask.role)) return false;
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}
