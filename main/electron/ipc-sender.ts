/**
 * Who may talk to the station over IPC, as a pure decision (no Electron import, so it is
 * unit-tested): only our own window's top frame, loaded from the app origin. A frame
 * inside the page (an iframe, a paper badge) or another window is refused, and so is a
 * page that navigated away from app://fairdesk.
 */
export interface IpcSender {
  /** webContents id of the sender. */
  senderId: number;
  /** null when the frame is gone (navigated or destroyed before the call arrived). */
  frame: { url: string; isTop: boolean } | null;
}

/**
 * scheme://host[:port] of a URL. Node's URL gives "null" as the origin of a non-special
 * scheme such as app://, so comparing `.origin` would refuse our own page (or, compared
 * with another "null", accept a stranger's).
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

export function ipcSenderAllowed(sender: IpcSender, windowId: number, appOrigin: string): boolean {
  const { frame } = sender;
  if (!frame || sender.senderId !== windowId || !frame.isTop) return false;
  return originOf(frame.url) === appOrigin;
}
