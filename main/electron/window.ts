/**
 * The station window: isolated, sandboxed, no Node in the page, no new windows, no
 * navigation away from our origin. Kiosk stations open full screen without a menu.
 */
import path from 'node:path';
import { BrowserWindow, Menu, shell } from 'electron';
import type { Role } from '../../contract/index';
import { APP_ORIGIN } from './protocol';
import { devToolsAllowed, externalHostsFrom, externalLinkAllowed, meetingHostsFrom, meetingLinkAllowed, permissionAllowed } from './web-policy';

export function createStationWindow(preloadPath: string, role: Role): BrowserWindow {
  const kiosk = role === 'kiosk' || role === 'board';
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6f9',
    webPreferences: {
      preload: path.resolve(preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: devToolsAllowed(role, process.argv, process.env),
      spellcheck: false,
    },
  });
  if (kiosk) Menu.setApplicationMenu(null);
  const externalHosts = externalHostsFrom(process.env);
  // A booth PC's join links (the programme's 접속링크) go to the system browser or the meeting app.
  const meetingHosts = meetingHostsFrom(process.env);
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Allow-listed links (e.g. a privacy policy) open in the system browser, never in-app,
    // and never from a kiosk or board: the system browser would be a way out of the app.
    if (externalLinkAllowed(url, role, externalHosts) || meetingLinkAllowed(url, role, meetingHosts)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // Every window of the station's session (the paper badge window included): only our own
  // pages, only the camera, and only when the ask says video.
  const ses = win.webContents.session;
  ses.setPermissionRequestHandler((_wc, permission, cb, details) => {
    const d = details as { mediaTypes?: string[]; requestingUrl?: string };
    cb(permissionAllowed({ role, permission, from: d.requestingUrl, mediaTypes: d.mediaTypes }, APP_ORIGIN));
  });
  ses.setPermissionCheckHandler((_wc, permission, origin, details) => {
    const d = details as { mediaType?: string; requestingUrl?: string };
    return permissionAllowed({ role, permission, from: d.requestingUrl ?? origin, mediaTypes: d.mediaType ? [d.mediaType] : undefined }, APP_ORIGIN);
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
