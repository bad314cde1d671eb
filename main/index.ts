/**
 * Electron shell: thin glue around the Electron-free station core. Windows, protocol
 * and IPC wiring only — every decision is made in main/core and main/services.
 */
import path from 'node:path';
import { app, dialog, session } from 'electron';
import { ConfigError, parseArgs, stationConfigFrom } from './core/config';
import { createStation, openStation } from './core/station';
import { openOnVenue, reachableAddress } from './server/station-host';
import { createSetupDoorServer } from './server/http-server';
import { venueUrlFor } from './server/setup-redeem.route';
import type { SetupLink } from './services/stations/venue-join.service';
import { createLogger } from './core/logger';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './electron/protocol';
import { wireIpc } from './electron/ipc';
import { createStationWindow } from './electron/window';
import { lockDownKiosk } from './electron/kiosk-lockdown';
import { dialogPaperPrinter } from './electron/paper-badge';

registerAppScheme();
app.enableSandbox();
// Keep the station window alive on a stray rejected promise (logged, not fatal).
process.on('unhandledRejection', (e) => createLogger('electron').error('unhandled rejection', { error: String((e as Error)?.stack ?? e) }));

async function main(): Promise<void> {
  await app.whenReady();
  const { flags } = parseArgs(process.argv.slice(app.isPackaged ? 1 : 2));
  if (!flags.data) flags.data = app.getPath('userData');
  const cfg = stationConfigFrom(flags);
  const station = await createStation(cfg, { offline: true });
  station.runtime.paperPrinter = dialogPaperPrinter;
  // A fresh station set up from a code on the LAN: the venue database is opened once to
  // prove it works (files put back if not), then the app relaunches onto it — the window
  // and IPC are built for one station object.
  const log = createLogger('electron');
  const link = {
    reachableAt: null as string | null,
    venueDbFor: (arrived: { local?: string; remote?: string }) => (cfg.db.kind === 'postgres' ? venueUrlFor(cfg.db.url, cfg.dbForStations, arrived) : null),
    joinVenue: async (joined: Parameters<SetupLink['joinVenue']>[0]) => {
      const probe = await openOnVenue(cfg, joined, (c) => openStation(c, { log }), log);
      await probe.station.close();
      setImmediate(() =>
        void station.close().finally(() => {
          app.relaunch();
          app.exit(0);
        }),
      );
    },
  } satisfies SetupLink;
  station.runtime.setupLink = link;
  // The organiser's station on the venue database opens the set-up door on the LAN (only
  // POST /setup/redeem; `--setup-port`, default 4810), so its codes carry its address.
  let door: ReturnType<typeof createSetupDoorServer> | null = null;
  if (station.identity.role === 'admin' && cfg.db.kind === 'postgres') {
    const port = Number(typeof flags['setup-port'] === 'string' ? flags['setup-port'] : 4810);
    door = createSetupDoorServer(station);
    door.on('error', (e) => log.warn('set-up door not opened: codes name the database instead', { error: (e as Error).message }));
    door.listen(port, '0.0.0.0', () => (link.reachableAt = reachableAddress('0.0.0.0', port)));
  }

  // Deny every permission request (camera is asked for explicitly by the kiosk issue).
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  const outDir = path.join(__dirname, '..');
  handleAppProtocol(path.join(outDir, 'renderer'));
  const win = createStationWindow(path.join(outDir, 'preload', 'index.cjs'), station.identity.role);
  const unwire = wireIpc(station, win);
  // After the deny-all permission handler above: a kiosk may ask for the camera (QR scanning).
  const unlock = station.identity.role === 'kiosk' ? lockDownKiosk(win, station, { origin: APP_ORIGIN }) : () => undefined;

  // The window's policy (kiosk lock-down, camera, dev tools) is chosen by role when it is
  // made: a station that takes another role (set-up code, an admin's change) restarts into it.
  const startedAs = station.identity.role;
  station.bus.subscribe((ev) => {
    if (ev.type === 'stations.changed' && ev.stationId === station.identity.id && ev.role !== startedAs) {
      void station.close().finally(() => {
        app.relaunch();
        app.exit(0);
      });
    }
  });

  app.on('window-all-closed', async () => {
    door?.close();
    unlock();
    unwire();
    await station.close();
    app.quit();
  });
}

main().catch((e) => {
  const msg = e instanceof ConfigError ? e.message : String((e as Error)?.message ?? e);
  dialog.showErrorBox('FairDesk', msg);
  app.exit(1);
});
