/**
 * Is the venue server GONE, or only SLOW? A station answers from its replica only when it
 * is gone: a scan answered offline while the server — busy, its pool full, its queries
 * long — still takes the other desks' check-ins is a visitor checked in twice.
 *
 * Gone means a connection cannot be made: refused, reset, unreachable, the server shutting
 * down or starting up (57P01/57P02/57P03, class 08), or no connection within the connect
 * timeout (a silent network). A slow query, a hung pull or a pool with no free connection
 * says nothing about that, so the probe opens a fresh connection of its own: the server
 * answering it — even with "too many connections" — is a server that is there.
 */
import pg from 'pg';
import { pgClientConfig } from '../../db/postgres';

/** As long as any connection of the station may take to open (pgClientConfig's). */
export const PROBE_CONNECT_MS = 5_000;

export interface ProbeResult {
  gone: boolean;
  why: string;
}

/** SQLSTATEs that mean the server is not serving (shutting down, starting up, connection failure). */
const GONE_SQLSTATE = /^(57P01|57P02|57P03|08\w{3})$/;

/** A connect error's verdict: the server said something (it is there) or the connection failed (gone). */
export function goneByConnectError(e: unknown): boolean {
  const code = String((e as { code?: string })?.code ?? '');
  // A five-character SQLSTATE came from the server itself (e.g. 53300 too many connections).
  if (/^[0-9A-Z]{5}$/.test(code)) return GONE_SQLSTATE.test(code);
  // ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ENOTFOUND…, "timeout expired", "Connection terminated…".
  return true;
}

/** Opens (and closes) one fresh connection to the venue server. */
export async function probeVenue(url: string, connectMs = PROBE_CONNECT_MS): Promise<ProbeResult> {
  const client = new pg.Client({ ...pgClientConfig(url), connectionTimeoutMillis: connectMs, keepAlive: false, application_name: 'fairdesk-probe' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n')[0] ?? '';
    return { gone: goneByConnectError(e), why: `probe connection: ${why}` };
  }
  await client.end().catch(() => undefined);
  return { gone: false, why: 'the server answers a new connection' };
}
