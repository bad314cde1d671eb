/**
 * Electron glue for the A6 paper badge: loads the shared HTML (main/printing/
 * paper-badge.html.ts) into a hidden window and prints it on an OS printer, or makes a
 * PDF. Thin on purpose — the page itself is tested in Chromium without Electron.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';

async function withPage<T>(html: string, fn: (win: BrowserWindow) => Promise<T>): Promise<T> {
  // A file, not a data: URL — the embedded font makes the page larger than URLs may be.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-badge-'));
  const file = path.join(dir, 'badge.html');
  fs.writeFileSync(file, html);
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  try {
    await win.loadFile(file);
    return await fn(win);
  } finally {
    win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints one A6 badge; `deviceName` picks the OS printer (default printer otherwise). */
export function printPaperBadge(html: string, opts: { deviceName?: string; silent?: boolean } = {}): Promise<void> {
  return withPage(
    html,
    (win) =>
      new Promise<void>((resolve, reject) => {
        win.webContents.print(
          { silent: opts.silent ?? true, printBackground: true, deviceName: opts.deviceName ?? '', pageSize: 'A6', margins: { marginType: 'none' } },
          (success, failureReason) => (success ? resolve() : reject(new Error(`paper badge not printed: ${failureReason}`))),
        );
      }),
  );
}

/**
 * The station's paper printer (Runtime.paperPrinter): the desk's "paper badge" opens
 * the OS print dialog, so staff pick the office printer as they would in a browser.
 */
export const dialogPaperPrinter = (html: string): Promise<void> => printPaperBadge(html, { silent: false });

