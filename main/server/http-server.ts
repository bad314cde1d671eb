/**
 * The browser station server: a thin HTTP + SSE transport over the same router the
 * Electron IPC shell calls. POST /api/<channel> → Result JSON; GET /api/events →
 * server-sent push events; GET /api/channels → the contract; everything else → the
 * built renderer.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { err } from '../../contract/index';
import { channelList, type Station } from '../core/station';
import { serveReportDownload } from './reports.route';
import { CSP, PAPER_BADGE_CSP, TOKEN_COOKIE, hostAllowed, originAllowed, presentedToken, tokenOk } from './security';

export interface ServerOptions {
  station: Station;
  host: string;
  port: number;
  /** null: loopback-only server, no token. */
  token: string | null;
  staticDir: string | null;
  /** Request body cap (imports are the big ones). */
  maxBodyBytes?: number;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.otf': 'font/otf',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(Object.assign(new Error('body too large'), { tooLarge: true }));
        req.destroy();
        return;
      }
      parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export function createStationServer(opts: ServerOptions): http.Server {
  const { station, token } = opts;
  const maxBody = opts.maxBodyBytes ?? 100 * 1024 * 1024;
  const loopbackOnly = token === null;
  const sseClients = new Set<ServerResponse>();
  const unsubscribe = station.bus.subscribe((ev) => {
    const frame = `data: ${JSON.stringify(ev)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const res of sseClients) res.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://station.local');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!hostAllowed(req, loopbackOnly)) return send(res, 403, err('forbidden', 'host not allowed'));
    const presented = presentedToken(req, url);
    if (!tokenOk(token, presented)) return send(res, 401, err('unauthorized', 'station token required'));
    // First page load with ?token=… : remember it in a cookie for assets and SSE.
    if (token !== null && url.searchParams.get('token') === token) {
      res.setHeader('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }

    try {
      if (url.pathname === '/api/channels' && req.method === 'GET') return send(res, 200, channelList());
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        sseClients.add(res);
        req.on('close', () => sseClients.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, err('invalid_input', 'use POST'));
        if (!originAllowed(req)) return send(res, 403, err('forbidden', 'cross-origin request refused'));
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return send(res, 415, err('invalid_input', 'content-type must be application/json'));
        }
        let input: unknown;
        try {
          const body = await readBody(req, maxBody);
          input = body ? JSON.parse(body) : {};
        } catch (e) {
          if ((e as { tooLarge?: boolean }).tooLarge) return send(res, 413, err('invalid_input', 'request too large'));
          return send(res, 400, err('invalid_input', 'body is not JSON'));
        }
        const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
        const result = await station.router.call(station.caller, channel, input);
        return send(res, 200, result);
      }
      const paper = /^\/paper-badge\/([A-Za-z0-9:_-]{1,64})$/.exec(url.pathname);
      if (paper && req.method === 'GET') return servePaperBadge(station, paper[1]!, res);
      if (url.pathname.startsWith('/reports/download/') && req.method === 'GET') return serveReportDownload(station, url.pathname, res);
      return serveStatic(opts.staticDir, url.pathname, res);
    } catch (e) {
      station.log.error('request failed', { path: url.pathname, error: String((e as Error)?.message ?? e) });
      if (!res.headersSent) send(res, 500, err('internal', 'request failed'));
    }
  });

  server.on('close', () => {
    unsubscribe();
    clearInterval(keepAlive);
    for (const res of sseClients) res.end();
  });
  // SSE clients keep sockets open; close them so server.close() can finish.
  const origClose = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    for (const res of sseClients) res.end();
    sseClients.clear();
    server.closeAllConnections?.();
    return origClose(cb);
  }) as typeof server.close;
  return server;
}

/**
 * A logged A6 paper badge as a page of its own, for the desk to load into a frame and
 * hand to the browser's print dialog. Same router, role and job check as every channel.
 * Its own CSP: no script, fonts and the QR inline, framed only by our own pages.
 */
async function servePaperBadge(station: Station, jobId: string, res: ServerResponse): Promise<void> {
  const r = await station.router.invoke(station.caller, 'printing.paper.page', { jobId });
  if (!r.ok) return send(res, r.error.code === 'not_found' ? 404 : r.error.code === 'forbidden' ? 403 : 503, r);
  if (r.value.status !== 'page') return send(res, 409, err('conflict', 'this station prints paper badges itself'));
  res.writeHead(200, { 'content-type': MIME['.html']!, 'cache-control': 'no-store', 'content-security-policy': PAPER_BADGE_CSP });
  res.end(r.value.html);
}

function serveStatic(dir: string | null, pathname: string, res: ServerResponse): void {
  if (!dir) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('renderer not built');
    return;
  }
  const rel = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const root = path.resolve(dir);
  let file = path.resolve(root, rel);
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403);
    res.end();
    return;
  }
  if (!rel || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html'); // SPA fallback
  const ext = path.extname(file);
  const headers: Record<string, string> = {
    'content-type': MIME[ext] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'cache-control': ext === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
  };
  res.writeHead(200, headers);
  fs.createReadStream(file).pipe(res);
}
