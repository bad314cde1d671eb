/**
 * The station window: isolated, sandboxed, no Node in the page, no new windows, no
 * navigation away from our origin. Kiosk stations open full screen without a menu.
 */
import path from 'node:path';
import { BrowserWindow, Menu, shell } from 'electron';
import type { Role } from '../../contract/index';
import { APP_ORIGIN } from './protocol';

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
      devTools: !kiosk,
      spellcheck: false,
    },
  });
  if (kiosk) Menu.setApplicationMenu(null);
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the outside world (e.g. a privacy policy) open in the system browser, never in-app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
