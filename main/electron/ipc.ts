/**
 * IPC transport: one `invoke` channel into the same router the HTTP server uses, and
 * push events out. Every call checks its sender: only our own top frame, loaded from
 * app://fairdesk, may talk to the station.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { err, eventForViewer } from '../../contract/index';
import type { Station } from '../core/station';
import { APP_ORIGIN } from './protocol';
import { ipcSenderAllowed } from './ipc-sender';

export const IPC_INVOKE = 'fairdesk:invoke';
export const IPC_EVENT = 'fairdesk:event';

function senderOk(e: IpcMainInvokeEvent, win: BrowserWindow): boolean {
  const frame = e.senderFrame;
  return ipcSenderAllowed(
    { senderId: e.sender.id, frame: frame ? { url: frame.url, isTop: frame.parent === null } : null },
    win.webContents.id,
    APP_ORIGIN,
  );
}

export function wireIpc(station: Station, win: BrowserWindow): () => void {
  ipcMain.handle(IPC_INVOKE, async (e, channel: unknown, input: unknown) => {
    if (!senderOk(e, win)) return err('forbidden', 'IPC from an unexpected sender');
    if (typeof channel !== 'string') return err('unknown_channel', 'channel must be a string');
    return station.router.call(station.caller, channel, input);
  });
  // A getter: the role changes when the station is set up from a code.
  const viewer = {
    get role() {
      return station.identity.role;
    },
    stationId: station.identity.id,
  };
  const unsubscribe = station.bus.subscribe((published) => {
    const ev = eventForViewer(published, viewer);
    if (ev !== null && !win.isDestroyed()) win.webContents.send(IPC_EVENT, ev);
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
