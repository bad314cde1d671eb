/**
 * `npm run serve -- --data DIR [--port 4810] [--host 127.0.0.1] [--role desk] [--name "Desk 1"]
 *                   [--db postgres://…] [--clock 2026-05-20T09:30]`
 * Runs one station as a local web server; open the printed URL in a browser.
 * `--db-for-stations URL`: on an admin station, the venue database as stations set up from
 * its codes reach it (default: --db, a loopback host replaced by this machine's LAN address).
 */
import { ConfigError, parseArgs, stationConfigFrom } from '../core/config';
import { createLogger } from '../core/logger';
import { hostStation } from './station-host';
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
  const hostName = typeof flags.host === 'string' ? flags.host : '127.0.0.1';
  const port = typeof flags.port === 'string' ? Number(flags.port) : 4810;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('FairDesk: --port must be a number from 0 to 65535');
    process.exit(2);
  }
  const token = isLoopback(hostName) ? null : (process.env.FAIRDESK_TOKEN ?? newToken());

  const staticDir = await ensureRendererBuilt((s) => console.log(`FairDesk: ${s}`));
  const shownHost = hostName.includes(':') ? `[${hostName}]` : hostName;
  const pairingUrl = (t: string, p: number) => `http://${shownHost}:${p}/?token=${t}`;
  let host: Awaited<ReturnType<typeof hostStation>>;
  try {
    host = await hostStation(cfg, {
      host: hostName,
      port,
      token,
      staticDir,
      log,
      offline: process.env.FAIRDESK_OFFLINE !== '0',
      // An admin rotated the pairing token: the new address goes where the first one did (this console, not the log).
      onPairingToken: (t) => {
        const addr = host.server.address();
        console.log(`FairDesk: new pairing address (the old one pairs no more browsers): ${pairingUrl(t, typeof addr === 'object' && addr ? addr.port : port)}`);
      },
    });
  } catch (e) {
    console.error(`FairDesk: cannot open the database (${cfg.db.kind === 'sqlite' ? cfg.db.file : 'PostgreSQL'}): ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    process.exit(3);
  }
  let actualPort: number;
  try {
    actualPort = await host.listen();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `FairDesk: port ${port} is already in use — try --port ${port + 1}` : `FairDesk: ${(e as Error).message}`);
    process.exit(4);
  }
  const station = host.station();
  const url = token ? pairingUrl(token, actualPort) : `http://${shownHost}:${actualPort}/`;
  console.log(`FairDesk station "${station.identity.name}" (${station.identity.role}) ready: ${url}`);
  if (token) console.log(`FairDesk: LAN mode — every request needs the station token: ${token}`);
  const stop = async () => {
    await host.close();
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
