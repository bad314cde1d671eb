/**
 * The browser station server: a thin HTTP + SSE transport over the same router the
 * Electron IPC shell calls. POST /api/<channel> → Result JSON; GET /api/events →
 * server-sent push events; GET /api/channels → the contract; everything else → the
 * built renderer.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { AppFailure, err, eventForViewer } from '../../contract/index';
import { channelList, type Station } from '../core/station';
import { screenFontFile } from '../printing/fonts';
import { serveReportDownload } from './reports.route';
import { DeviceGate } from './device-gate';
import { CUT_OFF_FONT_PATH, sendCutOffFont, sendCutOffPage, wantsPage } from './cut-off.page';
import { CSP, PAPER_BADGE_CSP, TOKEN_COOKIE, bearerToken, cookieValue, exchangedToken, hostAllowed, newToken, originAllowed, tokenCookie, tokenOk } from './security';
import { SetupTries, setupRedeem } from './setup-redeem.route';
import { SETUP_REDEEM_PATH } from '../services/stations/venue-join.service';

export interface ServerOptions {
  station: Station;
  host: string;
  port: number;
  /**
   * The pairing token; null: loopback-only server, no token. A browser exchanges it for a
   * device token of its own on its first page load; scripts may send it as a Bearer header.
   *
   * Decision (issue 11): the pairing token is reusable and rotatable, not one-time — staff
   * pair the second and third tablet of a desk from the same printed address without a
   * terminal or a new code each time. What an admin cuts off is a device (a lost tablet
   * holds only its own device token: the page strips the pairing token from its address
   * bar at once); when the address itself may have leaked (a photo of it, a browser that
   * kept it), the admin rotates it from the Stations screen (stations.pairing.rotate):
   * the old address pairs nothing more, paired devices keep working. It is also new at
   * every start (FAIRDESK_TOKEN aside).
   */
  token: string | null;
  /** A new pairing token after an admin's rotation: the shell shows the new address (never logged). */
  onPairingToken?: (token: string) => void;
  /** Failures counted at /setup/redeem (tests give their own). */
  setupTries?: SetupTries;
  staticDir: string | null;
  /** Request body cap (imports are the big ones). */
  maxBodyBytes?: number;
  /** Overrides of SERVER_LIMITS (tests use small ones). */
  limits?: Partial<ServerLimits>;
  /** The station's data folder: the device gate keeps its last good answers there for a restart while the database is down. */
  dataDir?: string;
}

/**
 * What one station server will hold at once. A station serves its own screen and a few
 * browser stations; these bound what a runaway or hostile client can make it hold: memory
 * in request bodies, sockets, event streams, and time waiting for a slow sender.
 */
export interface ServerLimits {
  /** Bytes of request bodies buffered at once, over all requests (six 99 MB bodies held 1 GB). */
  maxInFlightBodyBytes: number;
  maxConnections: number;
  maxSseClients: number;
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** A whole request, body included (a 100 MB import on a LAN takes seconds). */
  requestTimeoutMs: number;
  /** A request body that stops arriving for this long is answered 408 and its socket closed. */
  bodyIdleTimeoutMs: number;
}

export const SERVER_LIMITS: ServerLimits = {
  maxInFlightBodyBytes: 256 * 1024 * 1024,
  maxConnections: 512,
  maxSseClients: 200,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 10_000,
};

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

/** What a station server holds right now (tests and the chaos suite read it). */
export interface StationServerStats {
  inFlightBodyBytes: number;
  sseClients: number;
}
const statsOf = new WeakMap<http.Server, () => StationServerStats>();
export function stationServerStats(server: http.Server): StationServerStats {
  return statsOf.get(server)?.() ?? { inFlightBodyBytes: 0, sseClients: 0 };
}

type BodyFailure = { status: 408 | 413 | 503; message: string };

/**
 * Reads a JSON body within the per-request cap and the server's in-flight budget. Over a
 * cap it answers the status instead of resetting the socket: the rest of the body is read
 * and dropped (not kept), so the client gets its 413 rather than a broken pipe.
 */
function readBody(req: IncomingMessage, max: number, budget: { inFlight: number; max: number }, idleMs: number): Promise<string | BodyFailure> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    return Promise.resolve({ status: 413, message: `request too large (over ${max} bytes)` });
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let failed: BodyFailure | null = null;
    let settled = false;
    const release = () => {
      clearTimeout(idle);
      budget.inFlight -= size;
      size = 0;
      parts.length = 0;
    };
    const fail = (f: BodyFailure) => {
      if (settled) return;
      settled = true;
      failed = f;
      release();
      resolve(f);
    };
    // A body that stops arriving holds its buffer and socket: give up on it.
    const idle = setTimeout(() => fail({ status: 408, message: `request body stalled for ${idleMs / 1000} s` }), idleMs);
    req.on('data', (c: Buffer) => {
      if (failed) return;
      idle.refresh();
      if (size + c.length > max) return fail({ status: 413, message: `request too large (over ${max} bytes)` });
      if (budget.inFlight + c.length > budget.max) return fail({ status: 503, message: 'station busy receiving other requests; try again' });
      size += c.length;
      budget.inFlight += c.length;
      parts.push(c);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(parts).toString('utf8');
      release();
      resolve(text);
    });
    // The client went away mid-body: free what it sent (the answer goes nowhere).
    req.on('close', () => fail({ status: 408, message: 'client closed the request' }));
    req.on('error', (e) => {
      if (settled) return;
      settled = true;
      release();
      reject(e);
    });
  });
}

/** Serves another station object from now on (a station that moved onto the venue database); event streams are closed to reconnect to it. */
const swaps = new WeakMap<http.Server, (next: Station) => void>();
export function swapServedStation(server: http.Server, next: Station): void {
  swaps.get(server)!(next);
}

export function createStationServer(opts: ServerOptions): http.Server {
  // `let`: a station set up from a code reopens on the venue database while this server (its port, its token, the page) stays.
  let station = opts.station;
  const setupTries = opts.setupTries ?? new SetupTries();
  // Changes when an admin rotates it; null (loopback only) stays null.
  let token = opts.token;
  const maxBody = opts.maxBodyBytes ?? 100 * 1024 * 1024;
  const limits: ServerLimits = { ...SERVER_LIMITS, ...opts.limits };
  const budget = { inFlight: 0, max: limits.maxInFlightBodyBytes };
  const loopbackOnly = token === null;
  /** Each open event stream, with the device it belongs to (null: the pairing token, or a loopback station). */
  const sseClients = new Map<ServerResponse, string | null>();
  // `let`: a new gate with the station when it moves onto the venue database (devices paired before are in the old database).
  let gate = new DeviceGate(station, opts.dataDir ?? null);
  // Every client of this server is this station's screen: filter once per event by its role.
  // A getter: a station set up from a code (or given a role by an admin) changes role while serving.
  const viewer = {
    get role() {
      return station.identity.role;
    },
    get stationId() {
      return station.identity.id;
    },
  };
  /** A revoked device's stream (or, when the station is retired, every LAN stream) ends at once. */
  const cutStreams = (which: (deviceId: string | null) => boolean) => {
    for (const [res, deviceId] of sseClients) {
      if (!which(deviceId)) continue;
      sseClients.delete(res);
      res.end();
    }
  };
  const follow = (s: Station) => s.bus.subscribe((published) => {
    if (published.type === 'stations.device.revoked' && published.stationId === station.identity.id) {
      gate.forget(published.deviceId);
      cutStreams((d) => d === published.deviceId);
    }
    if (published.type === 'stations.pairing.rotated' && published.stationId === station.identity.id && token !== null) {
      token = newToken();
      opts.onPairingToken?.(token);
    }
    if (published.type === 'stations.changed' && published.stationId === station.identity.id && published.retired && token !== null) {
      gate.forgetAll();
      cutStreams(() => true);
    }
    const ev = eventForViewer(published, viewer);
    if (ev === null || sseClients.size === 0) return;
    const frame = `data: ${JSON.stringify(ev)}\n\n`;
    for (const res of sseClients.keys()) res.write(frame);
  });
  let unsubscribe = follow(station);
  const keepAlive = setInterval(() => {
    for (const res of sseClients.keys()) res.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();

  const server = http.createServer({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: 1_000 }, async (req, res) => {
    let url: URL;
    let pathname: string;
    try {
      url = new URL(req.url ?? '/', 'http://station.local');
      // A malformed escape (`/api/%E0%A4%A`) is the client's mistake: 400, not a 500.
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, err('invalid_input', 'malformed request path'));
    }
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!hostAllowed(req, loopbackOnly)) return send(res, 403, err('forbidden', 'host not allowed'));
    // A fresh station has no token yet, only its set-up code: this one narrow door takes none (setup-redeem.route.ts).
    if (url.pathname === SETUP_REDEEM_PATH) return serveSetupDoor(station, setupTries, req, res, { loopbackOnly, budget, limits });
    let deviceId: string | null = null;
    if (token !== null) {
      const bearer = bearerToken(req);
      const pairing = bearer !== undefined && tokenOk(token, bearer);
      const device = pairing ? null : (bearer ?? cookieValue(req, TOKEN_COOKIE));
      const checked = device === undefined || device === null ? null : await gate.check(device);
      // A page load with ?token=<pairing token> and no working device cookie pairs a new
      // device; the page then strips the token from the address bar.
      const pairs = !pairing && checked?.status !== 'ok' && tokenOk(token, exchangedToken(req, url));
      if (!pairing && !pairs && checked?.status !== 'ok') {
        if (checked?.status === 'revoked') {
          if (url.pathname === CUT_OFF_FONT_PATH) return sendCutOffFont(res);
          const code = station.runtime.access?.retired ? 'station_retired' : 'device_revoked';
          if (wantsPage(req, url.pathname)) return sendCutOffPage(res, code);
          return send(res, 401, err(code, 'an admin revoked this device'));
        }
        if (checked?.status === 'unavailable') return send(res, 503, err('db_unavailable', 'cannot check this device now'), { 'retry-after': '5' });
        return send(res, 401, err('unauthorized', 'station token required'));
      }
      // A retired station's tokens stop working at once (issue 11): the retirement reaches it as an event.
      if (station.runtime.access?.retired) {
        if (url.pathname === CUT_OFF_FONT_PATH) return sendCutOffFont(res);
        if (wantsPage(req, url.pathname)) return sendCutOffPage(res, 'station_retired');
        return send(res, 401, err('station_retired', 'this station was retired by an admin'));
      }
      if (checked?.status === 'ok') deviceId = checked.deviceId;
      if (pairs) {
        const paired = await gate.pair(req).catch((e: unknown) => (e instanceof AppFailure ? e : { failed: e }));
        if (paired instanceof AppFailure) return send(res, 401, err(paired.code, paired.message));
        // The database cannot record a new device (the venue server is down): not now, and said so.
        if (typeof paired !== 'string') {
          station.log.warn('device not paired', { error: String((paired.failed as Error)?.message ?? paired.failed) });
          return send(res, 503, err('db_unavailable', 'cannot pair a device now'), { 'retry-after': '5' });
        }
        res.setHeader('set-cookie', tokenCookie(paired));
      }
    }

    // Every API path, the event stream included: a foreign page may not read or drive it.
    if (url.pathname.startsWith('/api/') && !originAllowed(req, loopbackOnly)) return send(res, 403, err('forbidden', 'cross-origin request refused'));
    try {
      if (url.pathname === '/api/channels' && req.method === 'GET') return send(res, 200, channelList());
      if (url.pathname === '/api/events' && req.method === 'GET') {
        if (sseClients.size >= limits.maxSseClients) return send(res, 503, err('internal', 'too many event streams on this station'), { 'retry-after': '5' });
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        sseClients.set(res, deviceId);
        req.on('close', () => sseClients.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, err('invalid_input', 'use POST'));
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return send(res, 415, err('invalid_input', 'content-type must be application/json'));
        }
        let input: unknown;
        const body = await readBody(req, maxBody, budget, limits.bodyIdleTimeoutMs);
        if (typeof body !== 'string') {
          send(res, body.status, err('invalid_input', body.message), body.status === 503 ? { 'retry-after': '2', connection: 'close' } : { connection: 'close' });
          // A stalled sender will not finish: drop its socket once the answer is out.
          if (body.status === 408) res.on('finish', () => req.destroy());
          return;
        }
        try {
          input = body ? JSON.parse(body) : {};
        } catch {
          return send(res, 400, err('invalid_input', 'body is not JSON'));
        }
        const channel = pathname.slice('/api/'.length);
        const result = await station.router.call(station.caller, channel, input);
        return send(res, 200, result);
      }
      const paper = /^\/paper-badge\/([A-Za-z0-9:_-]{1,64})$/.exec(url.pathname);
      if (paper && req.method === 'GET') return servePaperBadge(station, paper[1]!, res);
      if (url.pathname.startsWith('/reports/download/') && req.method === 'GET') return serveReportDownload(station, url.pathname, res);
      const font = /^\/fonts\/([A-Za-z0-9-]{1,64}\.otf)$/.exec(url.pathname);
      if (font && req.method === 'GET') return serveScreenFont(font[1]!, res);
      return serveStatic(opts.staticDir, pathname, res);
    } catch (e) {
      station.log.error('request failed', { path: url.pathname, error: String((e as Error)?.message ?? e) });
      if (!res.headersSent) send(res, 500, err('internal', 'request failed'));
    }
  });

  swaps.set(server, (next) => {
    unsubscribe();
    station = next;
    gate = new DeviceGate(next, opts.dataDir ?? null);
    unsubscribe = follow(next);
    // The pages reconnect (EventSource retries) and hear the new station from then on.
    for (const res of sseClients.keys()) res.end();
    sseClients.clear();
  });
  server.maxConnections = limits.maxConnections;
  statsOf.set(server, () => ({ inFlightBodyBytes: budget.inFlight, sseClients: sseClients.size }));
  server.on('close', () => {
    unsubscribe();
    clearInterval(keepAlive);
    for (const res of sseClients.keys()) res.end();
  });
  // SSE clients keep sockets open; close them so server.close() can finish.
  const origClose = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    for (const res of sseClients.keys()) res.end();
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

/** The printer's bundled CJK fonts for the screens (main/printing/fonts.ts screenFontFile): one copy, two users. */
function serveScreenFont(name: string, res: ServerResponse): void {
  const file = screenFontFile(name);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('no such font');
    return;
  }
  res.writeHead(200, { 'content-type': MIME['.otf']!, 'cache-control': 'public, max-age=86400', 'content-length': String(fs.statSync(file).size) });
  fs.createReadStream(file).pipe(res);
}

function serveStatic(dir: string | null, pathname: string, res: ServerResponse): void {
  if (!dir) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('renderer not built');
    return;
  }
  const rel = path.normalize(pathname).replace(/^([/\\])+/, '');
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

/** POST /setup/redeem on a station server or on the Electron shell's door-only server (setup-redeem.route.ts says why it takes no token). */
async function serveSetupDoor(
  station: Station,
  tries: SetupTries,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { loopbackOnly: boolean; budget: { inFlight: number; max: number }; limits: ServerLimits },
): Promise<void> {
  if (!originAllowed(req, ctx.loopbackOnly)) return send(res, 403, err('forbidden', 'cross-origin request refused'));
  if (req.method !== 'POST') return send(res, 405, err('invalid_input', 'use POST'));
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, err('invalid_input', 'content-type must be application/json'));
  try {
    const body = await readBody(req, 4096, ctx.budget, ctx.limits.bodyIdleTimeoutMs);
    if (typeof body !== 'string') return send(res, body.status, err('invalid_input', body.message), { connection: 'close' });
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch {
      input = null;
    }
    const answer = await setupRedeem(station, tries, input, { local: req.socket.localAddress, remote: req.socket.remoteAddress });
    return send(res, answer.status, answer.result);
  } catch (e) {
    station.log.error('set-up redeem failed', { error: String((e as Error)?.message ?? e).slice(0, 200) });
    if (!res.headersSent) send(res, 500, err('internal', 'request failed'));
  }
}

/**
 * Only the set-up door, for a shell that serves no browser stations (Electron): an admin
 * station there hands out codes over the LAN through this and nothing else — every other
 * path is 404, so no API is reachable without the window.
 */
export function createSetupDoorServer(station: Station, limits: Partial<ServerLimits> = {}): http.Server {
  const all: ServerLimits = { ...SERVER_LIMITS, ...limits };
  const budget = { inFlight: 0, max: 1024 * 1024 };
  const tries = new SetupTries();
  const server = http.createServer({ headersTimeout: all.headersTimeoutMs, requestTimeout: all.requestTimeoutMs }, (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if ((req.url ?? '').split('?')[0] !== SETUP_REDEEM_PATH) return send(res, 404, err('not_found', 'this address only takes set-up codes'));
    void serveSetupDoor(station, tries, req, res, { loopbackOnly: false, budget, limits: all });
  });
  server.maxConnections = 64;
  return server;
}
