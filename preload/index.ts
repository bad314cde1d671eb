/**
 * Preload (sandboxed, context-isolated): exposes exactly two functions to the page —
 * invoke a contract channel, and listen to push events. No Node, no ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS } from '../contract/index';

const known = new Set<string>(CHANNELS);

contextBridge.exposeInMainWorld('fairdesk', {
  invoke: (channel: string, input: unknown) => {
    if (!known.has(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: channel } });
    return ipcRenderer.invoke('fairdesk:invoke', channel, input);
  },
  onEvent: (cb: (ev: unknown) => void) => {
    const h = (_e: IpcRendererEvent, ev: unknown) => cb(ev);
    ipcRenderer.on('fairdesk:event', h);
    return () => ipcRenderer.removeListener('fairdesk:event', h);
  },
});
