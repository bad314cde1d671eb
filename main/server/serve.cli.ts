/**
 * `npm run serve -- --data DIR [--port 4810] [--host 127.0.0.1] [--role desk] [--name "Desk 1"]
 *                   [--db postgres://…] [--clock 2026-05-20T09:30]`
 * Runs one station as a local web server; open the printed URL in a browser.
 */
import { ConfigError, parseArgs, stationConfigFrom } from '../core/config';
import { createLogger } from '../core/logger';
import { createStation } from '../core/station';
import { createStationServer } from './http-server';
import { ensureRendererBuilt } from './renderer-build';
import { isLoopback, newToken } from './security';

export async function runServe(argv: string[]): Promise<void> {
  const log = createLogger('serve');
  // A station must keep serving its desk: a stray rejected promise is a bug to log,
  // not a reason to drop every screen in the hall.
  process.on('unhandledRejection', (e) => log.error('unhandled rejection', { error: String((e as Error)?.stack ?? e) }));
  const { flags } = parseArgs(argv);
  let cfg;
  try {
    cfg = stationConfigFrom(flags);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`FairDesk: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
  const port = typeof flags.port === 'string' ? Number(flags.port) : 4810;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('FairDesk: --port must be a number from 0 to 65535');
    process.exit(2);
  }
  const token = isLoopback(host) ? null : (process.env.FAIRDESK_TOKEN ?? newToken());

  const staticDir = await ensureRendererBuilt((s) => console.log(`FairDesk: ${s}`));
  let station;
  try {
    station = await createStation(cfg, { log, offline: process.env.FAIRDESK_OFFLINE !== '0' });
  } catch (e) {
    console.error(`FairDesk: cannot open the database (${cfg.db.kind === 'sqlite' ? cfg.db.file : 'PostgreSQL'}): ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    process.exit(3);
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const pairingUrl = (t: string, port: number) => `http://${shownHost}:${port}/?token=${t}`;
  const server = createStationServer({
    station,
    host,
    port,
    token,
    staticDir,
    // An admin rotated the pairing token: the new address goes where the first one did (this console, not the log).
    onPairingToken: (t) => {
      const addr = server.address();
      console.log(`FairDesk: new pairing address (the old one pairs no more browsers): ${pairingUrl(t, typeof addr === 'object' && addr ? addr.port : port)}`);
    },
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(e.code === 'EADDRINUSE' ? `FairDesk: port ${port} is already in use — try --port ${port + 1}` : `FairDesk: ${e.message}`);
    process.exit(4);
  });
  server.listen(port, host, () => {
    const addr = server.address();
    const actualPort = typeof addr === 'object' && addr ? addr.port : port;
    const url = token ? pairingUrl(token, actualPort) : `http://${shownHost}:${actualPort}/`;
    console.log(`FairDesk station "${station.identity.name}" (${station.identity.role}) ready: ${url}`);
    if (token) console.log(`FairDesk: LAN mode — every request needs the station token: ${token}`);
  });
  const stop = async () => {
    server.close();
    await station.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run when invoked as a script (tsx main/server/serve.cli.ts), not when imported.
if (process.argv[1] && /serve\.cli\.[tj]s$/.test(process.argv[1])) {
  runServe(process.argv.slice(2)).catch((e) => {
    console.error(`FairDesk: ${String((e as Error)?.message ?? e)}`);
    process.exit(1);
  });
}
