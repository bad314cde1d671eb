/**
 * A venue station's local replica: a SQLite file in its data folder holding what the
 * station needs to answer alone when the venue PostgreSQL server is gone — visitors and
 * their search keys, the check-ins, rally set-up, stamps, quiz attempts and redemptions,
 * the programme and meetings, kiosk settings, the operators. It has the same schema as the venue
 * database (the same migrations run on it), so the same services answer from it.
 *
 * Sync (libpretixsync's model: a full download once, then only what changed):
 * - first sync copies every replicated table;
 * - then `pull()` reads the change feed of migration 0011: rows whose change_xid lies in
 *   [cursor, hi) where hi is the xmin of a fresh snapshot (every transaction below it has
 *   finished — see the migration for why not a sequence), plus tombstones for deletes,
 *   applied deletes first, then upserts, with the new cursor in the same SQLite commit.
 *
 * The replica file also holds the station's durable outbox (outbox.service.ts): one file,
 * synchronous=FULL, so a fact acknowledged offline survives a power cut. Only the feed's
 * own batches commit unflushed (see `unflushed`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Kysely, SqliteDialect } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../../../db/schema';
import type { ReplicaLocalTables } from '../../../db/tables/offline.tables';
import { cachePreparedStatements, migrateToLatest } from '../../../db/connect';
import { dialectFor, type DialectOps } from '../../../db/dialect';
import { AUTO_PAGES, WalCheckpointer } from './wal-checkpointer';

/**
 * The replicated tables and their primary keys — the same list migration 0011 gave a
 * change_xid to (the migration is frozen history, so it keeps its own copy).
 */
export const REPLICATED_TABLES: ReadonlyArray<{ table: keyof Database & string; pk: readonly string[] }> = [
  { table: 'event_config', pk: ['id'] },
  { table: 'stations', pk: ['id'] },
  { table: 'visitors', pk: ['code'] },
  { table: 'visitor_days', pk: ['day', 'visitor_code'] },
  { table: 'search_keys', pk: ['key', 'visitor_code'] },
  { table: 'org_keys', pk: ['key', 'org_norm'] },
  { table: 'checkins', pk: ['id'] },
  { table: 'rally_points', pk: ['id'] },
  { table: 'rally_station_points', pk: ['station_id'] },
  { table: 'rally_stamps', pk: ['id'] },
  { table: 'rally_gifts', pk: ['id'] },
  // rally_gift_stock is NOT copied: offline, a gift desk's stock is its lease (gift-lease.service.ts).
  { table: 'rally_redemptions', pk: ['id'] },
  { table: 'rally_redemption_undos', pk: ['id'] },
  { table: 'rally_quiz_questions', pk: ['id'] },
  { table: 'rally_settings', pk: ['id'] },
  { table: 'rally_quiz_attempts', pk: ['id'] },
  { table: 'programme_items', pk: ['id'] },
  { table: 'meeting_events', pk: ['id'] },
  { table: 'floor_settings', pk: ['key'] },
  { table: 'kiosk_settings', pk: ['id'] },
  { table: 'offline_gift_rules', pk: ['gift_id'] },
  // Doors (issue 16; change feed from migration 0020): a door answers from these offline.
  { table: 'session_details', pk: ['session_id'] },
  { table: 'session_scans', pk: ['id'] },
  { table: 'session_signups', pk: ['id'] },
  { table: 'session_events', pk: ['id'] },
  { table: 'session_settings', pk: ['key'] },
  { table: 'session_tallies', pk: ['session_id'] },
  // Operators (issue 11; change feed from migration 0026): staff sign in by PIN or badge offline.
  { table: 'operators', pk: ['id'] },
  { table: 'operator_settings', pk: ['key'] },
];

export type ReplicaDatabase = Database & ReplicaLocalTables;

export interface ReplicaStats {
  /** Wall-clock ms when the replica last held everything the server had committed (null: never synced). */
  caughtUpAt: number | null;
  firstSyncMs: number | null;
  rowsApplied: number;
}

type Row = Record<string, unknown>;
const require = createRequire(import.meta.url);

/** A fed row's columns (the feed's change_xid is the venue's bookkeeping, not the replica's). */
function columnsOf(row: Row): string[] {
  return Object.keys(row).filter((c) => c !== 'change_xid');
}

export class Replica {
  readonly db: Kysely<ReplicaDatabase>;
  readonly ops: DialectOps = dialectFor('sqlite');
  readonly stats: ReplicaStats = { caughtUpAt: null, firstSyncMs: null, rowsApplied: 0 };
  private readonly upserts = new Map<string, BetterSqlite3.Statement>();
  private checkpointer: WalCheckpointer | null = null;

  private constructor(
    readonly file: string,
    readonly raw: BetterSqlite3.Database,
  ) {
    this.db = new Kysely<ReplicaDatabase>({ dialect: new SqliteDialect({ database: raw }) });
  }

  /** Opens (or creates) the replica file and brings its schema to the venue's. */
  static async open(file: string): Promise<Replica> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const Sqlite = require('better-sqlite3') as typeof BetterSqlite3;
    const nativeBinding = process.env.FAIRDESK_SQLITE_BINDING || undefined;
    const raw = new Sqlite(file, nativeBinding ? { nativeBinding } : {});
    raw.pragma('journal_mode = WAL');
    // The outbox lives here: an acknowledged offline fact must survive a power cut. In WAL
    // mode FULL means one fsync of the WAL per commit, and an offline scan is one commit (the
    // check-in, its dashboard count, the audit row and the outbox row): one fsync per
    // acknowledged fact, before the answer. The checkpoints run beside it (wal-checkpointer.ts).
    raw.pragma('synchronous = FULL');
    raw.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`);
    raw.pragma('busy_timeout = 5000');
    // Rows arrive in feed order, not parent-before-child; the venue database already checked them.
    raw.pragma('foreign_keys = OFF');
    // The feed's INSERT OR REPLACE must fire the delete triggers of the row it replaces:
    // the dashboard's counts (migration 0025) count it out before counting it in.
    raw.pragma('recursive_triggers = ON');
    // Offline, the desk runs the same few statements all day (search, check-in): prepare once.
    cachePreparedStatements(raw);
    const r = new Replica(file, raw);
    await migrateToLatest(r.db as unknown as Kysely<Database>);
    raw.exec(`CREATE TABLE IF NOT EXISTS offline_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      nonce TEXT NOT NULL UNIQUE,
      channel TEXT NOT NULL,
      input TEXT NOT NULL,
      at TEXT NOT NULL,
      offline_value TEXT NOT NULL,
      state TEXT NOT NULL,
      error TEXT,
      settled_at TEXT
    )`);
    raw.exec(`CREATE INDEX IF NOT EXISTS offline_outbox_state ON offline_outbox (state, seq)`);
    raw.exec(`CREATE TABLE IF NOT EXISTS replica_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    const caught = r.meta('caught_up_at');
    if (caught) r.stats.caughtUpAt = Number(caught);
    r.checkpointer = new WalCheckpointer(file);
    return r;
  }

  meta(key: string): string | null {
    const row = this.raw.prepare('SELECT value FROM replica_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.raw.prepare('INSERT OR REPLACE INTO replica_meta (key, value) VALUES (?, ?)').run(key, value);
  }

  /** The change-feed cursor (a PostgreSQL xid8 as text); null before the first sync. */
  get cursor(): string | null {
    return this.meta('cursor');
  }

  /**
   * Runs `fn` on the raw connection while no kysely transaction is open on it (kysely's
   * SQLite driver holds one connection behind a mutex; acquiring it waits for a handler's
   * offline transaction to finish, so a sync batch never lands inside one).
   */
  async exclusive<T>(fn: (raw: BetterSqlite3.Database) => T): Promise<T> {
    return this.db.connection().execute(async () => fn(this.raw));
  }

  /** `exclusive` for work that awaits (the first sync streams from the server inside its SQLite transaction). */
  async exclusiveAsync<T>(fn: (raw: BetterSqlite3.Database) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async () => fn(this.raw));
  }

  /** Inside a sync's SQLite transaction: the new cursor and "caught up now". */
  markSynced(raw: BetterSqlite3.Database, cursor: string, wallNow = Date.now()): void {
    raw.prepare('INSERT OR REPLACE INTO replica_meta (key, value) VALUES (?, ?)').run('cursor', cursor);
    raw.prepare('INSERT OR REPLACE INTO replica_meta (key, value) VALUES (?, ?)').run('caught_up_at', String(wallNow));
    this.stats.caughtUpAt = wallNow;
  }

  private upsert(table: string, cols: string[]): BetterSqlite3.Statement {
    const key = `${table}(${cols.join(',')})`;
    let st = this.upserts.get(key);
    if (!st) {
      // REPLACE also removes a local row that collides on another unique key (same nonce,
      // same visitor and day): the venue database's row always wins over an offline one.
      st = this.raw.prepare(`INSERT OR REPLACE INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
      this.upserts.set(key, st);
    }
    return st;
  }

  /** Applies one batch of the feed: deletes, then rows, then the cursor — one commit. */
  async apply(batch: { deletes: Array<{ table: string; pk: Row }>; rows: Array<{ table: string; row: Row }>; cursor: string; replaceTables?: string[] }, wallNow = Date.now()): Promise<void> {
    await this.exclusive((raw) => this.unflushed(raw, () =>
      raw.transaction(() => {
        for (const t of batch.replaceTables ?? []) raw.prepare(`DELETE FROM "${t}"`).run();
        for (const d of batch.deletes) {
          const spec = REPLICATED_TABLES.find((t) => t.table === d.table);
          if (!spec) continue;
          raw.prepare(`DELETE FROM "${d.table}" WHERE ${spec.pk.map((c) => `"${c}" = ?`).join(' AND ')}`).run(...spec.pk.map((c) => d.pk[c] as never));
        }
        for (const { table, row } of batch.rows) {
          const cols = columnsOf(row);
          this.upsert(table, cols).run(...cols.map((c) => normalize(row[c])));
        }
        this.setMeta('cursor', batch.cursor);
        this.setMeta('caught_up_at', String(wallNow));
      })(),
    ));
    this.stats.rowsApplied += batch.rows.length;
    this.stats.caughtUpAt = wallNow;
  }

  /**
   * Runs a feed commit without its own fsync. The feed's rows can always be fetched again
   * (their cursor is in the same commit), so losing the last pulls to a power cut costs a
   * re-pull, not a fact; the outbox's commits stay synchronous=FULL. In WAL mode this is
   * safe to mix: a commit at NORMAL is appended to the WAL unflushed and never corrupts
   * the file, and the next FULL commit (an outbox fact) flushes the WAL up to and
   * including it. Without this each pull — every other desk's check-in sets one off,
   * up to 5 a second — waited on a disk flush with the event loop blocked.
   */
  private unflushed<T>(raw: BetterSqlite3.Database, fn: () => T): T {
    raw.pragma('synchronous = NORMAL');
    try {
      return fn();
    } finally {
      raw.pragma('synchronous = FULL');
    }
  }

  /** Marks the replica as current without changes (nothing committed since the last pull). */
  touch(wallNow = Date.now()): void {
    this.stats.caughtUpAt = wallNow;
  }

  /** The background checkpoints so far (tests, bench). */
  get checkpoints(): { runs: number; pages: number } {
    return { ...(this.checkpointer?.stats ?? { runs: 0, pages: 0 }) };
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    this.checkpointer = null;
    await this.db.destroy();
  }
}

/** PostgreSQL values to what better-sqlite3 binds (bigint counts come back as strings; our columns are text/integer). */
function normalize(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** Where a station keeps its replica: one file per station identity (tests run several stations from one folder). */
export function replicaFile(dataDir: string, stationId: string): string {
  return path.join(dataDir, `replica-${stationId.replace(/[^A-Za-z0-9_-]/g, '_')}.sqlite`);
}

/** For screens: ms since the replica last held everything committed (null: never synced). */
export function replicaAgeMs(r: Replica, wallNow = Date.now()): number | null {
  return r.stats.caughtUpAt === null ? null : Math.max(0, wallNow - r.stats.caughtUpAt);
}
