/**
 * Preload (sandboxed, context-isolated): exposes exactly two functions to the page —
 * invoke a contract channel, and listen to push events. No Node, no ipcRenderer.
 * It stays tiny on purpose (no zod, no contract): the main process's router validates
 * every channel name, role and input anyway.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const CHANNEL_NAME = /^[a-z]+(\.[A-Za-z]+){1,3}$/;

contextBridge.exposeInMainWorld('fairdesk', {
  invoke: (channel: string, input: unknown) => {
    if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: 'bad channel name' } });
    }
    return ipcRenderer.invoke('fairdesk:invoke', channel, input);
  },
  onEvent: (cb: (ev: unknown) => void) => {
    const h = (_e: IpcRendererEvent, ev: unknown) => cb(ev);
    ipcRenderer.on('fairdesk:event', h);
    return () => ipcRenderer.removeListener('fairdesk:event', h);
  },
});
