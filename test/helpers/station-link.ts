/**
 * The network between a browser and its station, which a test can make slow and break the
 * way a busy machine does: requests the test picks are held (not passed on) until it lets
 * them go, and the open event streams can be cut. Everything else is passed on, as it is,
 * to the real station server behind — the page talks to the link's address instead.
 */
import http from 'node:http';

export interface StationLink {
  /** The station's address through this link (same path and query as the station's). */
  url: string;
  /** From now on, requests whose path `which` accepts wait unsent; the ones it no longer accepts go on at once. */
  hold(which: (path: string) => boolean): void;
  /** Closes the open event streams mid-stream, as a dropped link does (EventSource errors and retries). */
  cutStreams(): void;
  /** The next `n` event-stream requests are answered 503 by the link, as a station too busy to take them. */
  refuseStreams(n: number): void;
  /** Event-stream requests answered so far, refused ones included. */
  streamRequests(): number;
  /** Paths of the requests held right now. */
  held(): string[];
  close(): Promise<void>;
}

const EVENTS = '/api/events';

export async function stationLink(stationUrl: string): Promise<StationLink> {
  const to = new URL(stationUrl);
  let holding: (path: string) => boolean = () => false;
  const waiting = new Set<{ path: string; go: () => void }>();
  const streams = new Set<http.ServerResponse>();
  const agent = new http.Agent({ keepAlive: true });
  let refuse = 0;
  let streamRequests = 0;

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://link').pathname;
    const pass = () => {
      if (path === EVENTS) streamRequests++;
      if (path === EVENTS && refuse > 0) {
        refuse--;
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
        return res.end(JSON.stringify({ ok: false, error: { code: 'internal', message: 'too many event streams on this station' } }));
      }
      // Headers as the browser sent them (Host and Origin name the link: same-origin for the station).
      const up = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
      if (path === EVENTS) {
        streams.add(res);
        res.on('close', () => streams.delete(res));
      }
      req.pipe(up);
    };
    if (!holding(path)) return pass();
    const w = { path, go: () => (waiting.delete(w), pass()) };
    waiting.add(w);
    // The browser gave up on it (the page closed): nothing to pass on later.
    res.on('close', () => waiting.delete(w));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(stationUrl);
  url.host = `127.0.0.1:${port}`;

  return {
    url: url.toString().replace(/\/$/, ''),
    hold(which) {
      holding = which;
      for (const w of [...waiting]) if (!which(w.path)) w.go();
    },
    cutStreams() {
      for (const res of streams) res.destroy();
    },
    refuseStreams(n) {
      refuse = n;
    },
    streamRequests: () => streamRequests,
    held: () => [...waiting].map((w) => w.path),
    async close() {
      for (const res of streams) res.destroy();
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
