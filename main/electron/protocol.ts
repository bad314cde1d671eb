/**
 * Serves the built renderer through a custom `app://fairdesk/` protocol rather than
 * file:// (Vite's module scripts need a real origin; file:// would also widen what a
 * compromised page could read).
 */
import path from 'node:path';
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { CSP } from '../server/security';
import { screenFontFile } from '../printing/fonts';

export const APP_ORIGIN = 'app://fairdesk';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function handleAppProtocol(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle('app', async (req) => {
    const url = new URL(req.url);
    if (url.host !== 'fairdesk') return new Response('not found', { status: 404 });
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    // The CJK screen fonts are the printer's own files (resources/fonts), not a copy in the renderer build.
    const font = /^fonts\/([A-Za-z0-9-]{1,64}\.otf)$/.exec(rel);
    const fontFile = font ? screenFontFile(font[1]!) : null;
    if (font) return fontFile ? net.fetch(pathToFileURL(fontFile).toString()) : new Response('not found', { status: 404 });
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) return new Response('forbidden', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!res || !res.ok) return net.fetch(pathToFileURL(path.join(root, 'index.html')).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
