/**
 * Raw HTTP against a station server on loopback, with any headers a hostile page or a
 * broken client might send (Host, Origin, no content-type), which fetch() would not allow.
 */
import http from 'node:http';
import net from 'node:net';
import { createStationServer, type ServerOptions } from '../../main/server/http-server';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers }, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** POST /api/<channel> with a JSON body, from our own origin unless headers say otherwise. */
export function postChannel(port: number, channel: string, input: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

/** A station server listening on an ephemeral loopback port; close() ends it. */
export async function listenStation(opts: Omit<ServerOptions, 'host' | 'port'> & { host?: string }): Promise<{ port: number; server: http.Server; close(): Promise<void> }> {
  const server = createStationServer({ host: '127.0.0.1', port: 0, ...opts });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}
