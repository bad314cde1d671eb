/**
 * Test stations on real databases: a SQLite file in a fresh temp dir (and, once venue
 * mode lands, a throwaway PostgreSQL database). Never a mock of our own services.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../contract/index';
import { FakeClock } from '../../main/core/clock';
import { createStation, type Station } from '../../main/core/station';
import type { DbTarget } from '../../db/connect';
import { upsertVisitors, type VisitorInput } from '../../main/services/visitors/visitor-write.service';
import type { EventInput } from '../../contract/index';
import { SAMPLE_EVENT_2022, setEvent } from './sample-event';

export function tempDir(prefix = 'fairdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestStationOptions {
  role?: Role;
  name?: string;
  clock?: FakeClock;
  dataDir?: string;
  db?: DbTarget;
  /** The fair this test runs (default: the 2022 sample the fixtures are dated for); null: leave a fresh database's placeholder. */
  event?: EventInput | null;
  /** Venue mode: keep a local replica and outbox (issue 13); off unless a test asks. */
  offline?: boolean;
  /** Reopen a station as itself (a restart test). */
  identity?: Station['identity'];
}

export async function testStation(opts: TestStationOptions = {}): Promise<Station & { dataDir: string; clock: FakeClock }> {
  const dataDir = opts.dataDir ?? tempDir();
  const clock = opts.clock ?? new FakeClock('2022-04-13T09:30:00+09:00');
  const station = await createStation(
    { dataDir, db: opts.db ?? { kind: 'sqlite', file: path.join(dataDir, 'fairdesk.sqlite') } },
    { clock, heartbeat: false, offline: opts.offline, identity: opts.identity ?? { id: randomUUID(), name: opts.name ?? 'Desk 1', role: opts.role ?? 'admin' } },
  );
  if (opts.event !== null) await setEvent(station, opts.event ?? SAMPLE_EVENT_2022);
  return Object.assign(station, { dataDir, clock });
}

export function visitor(partial: Partial<VisitorInput> & { code: string; nameKo: string }): VisitorInput {
  return {
    nameEn: null,
    organisation: null,
    title: null,
    category: 'visitor',
    phone: null,
    email: null,
    country: null,
    registeredDays: ['2022-04-13'],
    consent: true,
    walkIn: false,
    ...partial,
  };
}

/** Seeds visitors through the same write path imports use. */
export async function seed(station: Station, visitors: VisitorInput[]): Promise<void> {
  await station.handle.db.transaction().execute((trx) => upsertVisitors(trx, station.handle.ops, visitors, new Date().toISOString()));
  station.runtime.registeredCount.invalidate();
}

/** Unwraps a Result or fails the test with the error. */
export function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
