/**
 * Outbox replay of a MIXED outbox (issue 13): four venue stations — a desk (check-ins), a
 * stamp point (stamps), a gift desk (hand-outs) and a kiosk (kiosk check-ins) — each come
 * back with N facts waiting; each outbox is replayed in turn (in order, exactly once) and
 * timed from the kick to an empty outbox. A quiz station's attempts (replayed one at a time:
 * a person's minute each, few per outage) are timed beside the mix, not in it. Beside it,
 * in the same run on the same server:
 * - raw, fact at a time: the same rows the replay wrote, one bare single-row INSERT per fact
 *   into bare copies of their tables (same indexes), REPLAY_BATCH facts per transaction;
 * - raw, set-based: the same rows as multi-row INSERTs, one per table per REPLAY_BATCH.
 *
 *   npm run bench -- --only offline-replay [--facts 1000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { BenchSection } from './index';
import { countFlag, figure } from '../stats';
import { FakeClock } from '../../main/core/clock';
import { startTestPostgres } from '../../scripts/test-postgres.mjs';
import { freshPostgresDatabase } from '../../test/helpers/databases';
import { seed, testStation, visitor } from '../../test/helpers/station';
import { REPLAY_BATCH, type OfflineSync } from '../../main/services/offline/offline-sync';
import { appendOutbox } from '../../main/services/offline/outbox.service';
import type { Station } from '../../main/core/station';

const GOAL_REPLAY_PER_S = 1_000;
const DAY = '2022-04-13';

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Kicks the station's replay and resolves with its wall time once the outbox is empty. */
async function replayTimed(s: Station): Promise<number> {
  const sync = s.runtime.offline as OfflineSync;
  const done = new Promise<number>((resolve) => {
    const t = performance.now();
    const off = s.bus.subscribe((ev) => {
      if (ev.type === 'offline.status' && !ev.status.replay && ev.status.waiting === 0) {
        off();
        resolve(performance.now() - t);
      }
    });
  });
  sync.factAdded();
  return done;
}

export const offlineReplayBench: BenchSection = {
  name: 'offline-replay',
  doc: 'mixed outbox replay (check-ins, stamps, gifts, kiosk) facts/s beside the same rows as raw INSERTs',
  needs: 'postgres',
  async run(flags) {
    const n = countFlag(flags.facts, 1_000);
    const cluster = await startTestPostgres({ durable: true, maxConnections: 60 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-bench-replay-'));
    const clock = new FakeClock(`${DAY}T10:00:00+09:00`);
    const stations: Station[] = [];
    try {
      const url = await freshPostgresDatabase(cluster.url);
      const admin = await testStation({ db: { kind: 'postgres', url }, clock, dataDir: path.join(dir, 'admin'), name: 'Console' });
      stations.push(admin);
      // Visitors: A (desk check-ins), K (kiosk check-ins), S (stamped at the point), G (handed a gift),
      // Q (a quiz attempt — one at a time, a smaller number: its figure is beside the mix, not in it).
      const group = (g: string, m = n) => Array.from({ length: m }, (_, i) => `PPS22-${g}${String(i).padStart(5, '0')}`);
      const [A, K, S, G] = ['1', '2', '3', '4'].map((g) => group(g)) as [string[], string[], string[], string[]];
      const Q = group('5', Math.min(n, 200));
      const all = [...A, ...K, ...S, ...G, ...Q];
      for (let i = 0; i < all.length; i += 5_000) await seed(admin, all.slice(i, i + 5_000).map((code) => visitor({ code, nameKo: '방문객' })));
      const setup = must(await admin.invoke('rally.setup.get', {}));
      const point = setup.points.find((p) => p.kind === 'hall')!.id;
      must(await admin.invoke('rally.setup.save', { ...setup, gifts: setup.gifts.map((g) => (g.id === 'ecobag' ? { ...g, stock: 10 * n, stockScope: 'event' as const, rule: { all: [point], anyOf: [] } } : g)) }));
      must(await admin.invoke('offline.gift.rule.set', { giftId: 'ecobag', onlineOnly: false, leaseUnits: 50 }));
      // S and G were checked in online, G stamped online (bulk rows: the bench's set-up, not its figure).
      const db = admin.handle.db;
      const at = `${DAY}T00:30:00.000Z`;
      await db.insertInto('checkins').values([...S, ...G, ...Q].map((code) => ({ id: `pre-${code}`, visitor_code: code, day: DAY, station_id: admin.identity.id, station_name: 'Console', method: 'scan' as const, nonce: `pre-${code}`, reason: null, at }))).execute();
      await db.insertInto('rally_stamps').values(G.map((code) => ({ id: `pre-${code}`, visitor_code: code, point_id: point, station_id: admin.identity.id, station_name: 'Console', method: 'scan', nonce: `pre-s-${code}`, at, day: DAY, hour: `${DAY} 09` }))).execute();

      const open = async (role: 'desk' | 'stamp' | 'gift' | 'kiosk') => {
        const s = await testStation({ db: { kind: 'postgres', url }, role, name: `Bench ${role} ${stations.length}`, clock, dataDir: path.join(dir, `${role}-${stations.length}`), offline: true });
        stations.push(s);
        for (const t = Date.now(); ; await new Promise((r) => setTimeout(r, 50))) {
          const st = must(await s.invoke('offline.status', {}));
          if (st.replicaAgeMs !== null && st.online) break;
          if (Date.now() - t > 120_000) throw new Error(`${role}: replica never synced`);
        }
        return s;
      };
      const desk = await open('desk');
      const stamp = await open('stamp');
      must(await stamp.invoke('rally.station.assign', { pointId: point }));
      const gift = await open('gift');
      const kiosk = await open('kiosk');
      const quiz = await open('stamp');
      must(await quiz.invoke('rally.station.assign', { pointId: 'quiz' }));

      // Each station's outbox as the offline router leaves it: input, fact time, offline answer.
      const factAt = (i: number) => new Date(Date.parse(`${DAY}T10:00:00+09:00`) + i * 100).toISOString();
      const fill = async (s: Station, channel: string, codes: string[], input: (code: string, i: number) => Record<string, unknown>, offline: (code: string) => Record<string, unknown>) => {
        const sync = s.runtime.offline as OfflineSync;
        for (const [i, code] of codes.entries()) {
          const inp = input(code, i);
          await appendOutbox(sync.replica.db, { nonce: String(inp.nonce), channel, input: inp, at: factAt(i), offlineValue: offline(code) });
        }
      };
      await fill(desk, 'checkin.scan', A, (code, i) => ({ code, nonce: `bd-nonce-${i}`, method: 'scan' }), () => ({ status: 'checked_in' }));
      await fill(kiosk, 'kiosk.confirm', K, (_, i) => ({ ticket: `t${String(i).padStart(23, '0')}`, nonce: `bk-nonce-${i}` }), (code) => ({ status: 'checked_in', code }));
      await fill(stamp, 'rally.stamp.scan', S, (code, i) => ({ code, nonce: `bs-nonce-${i}` }), () => ({ status: 'stamped' }));
      await fill(gift, 'rally.gift.redeem', G, (code, i) => ({ code, giftId: 'ecobag', nonce: `bg-nonce-${i}` }), () => ({ status: 'redeemed' }));
      const answers = setup.quiz.map((q) => q.answer);
      await fill(quiz, 'rally.quiz.submit', Q, (code, i) => ({ code, nonce: `bq-nonce-${i}`, answers }), () => ({ status: 'passed' }));
      console.log(`  ${4 * n} facts waiting (${n} each: desk check-ins, kiosk check-ins, stamps, gift hand-outs); ${os.cpus().length} cores shared`);

      const perKind: Array<[string, Station]> = [['desk check-ins', desk], ['kiosk check-ins', kiosk], ['stamps', stamp], ['gift hand-outs', gift]];
      let totalMs = 0;
      for (const [label, s] of perKind) {
        const ms = await replayTimed(s);
        totalMs += ms;
        const r = (s.runtime.offline as OfflineSync).replayed;
        figure(`  replay: ${n} ${label} (${r.setBased} set-based, ${r.oneAtATime} one at a time)`, Math.round((n / ms) * 1000), 'facts/s');
      }
      const quizMs = await replayTimed(quiz);
      const qr = (quiz.runtime.offline as OfflineSync).replayed;
      figure(`  beside the mix: ${Q.length} quiz attempts (${qr.setBased} set-based, ${qr.oneAtATime} one at a time)`, Math.round((Q.length / quizMs) * 1000), 'facts/s');
      // Exactly once, and nothing refused or listed as a conflict.
      const count = async (t: 'checkins' | 'rally_stamps' | 'rally_redemptions', prefix: string) =>
        Number((await db.selectFrom(t).select(sql<number>`count(*)`.as('n')).where('nonce', 'like', `${prefix}%`).executeTakeFirstOrThrow()).n);
      const got = [await count('checkins', 'bd-'), await count('checkins', 'bk-'), await count('rally_stamps', 'bs-'), await count('rally_redemptions', 'bg-')];
      const passed = Number((await db.selectFrom('rally_quiz_attempts').select(sql<number>`count(*)`.as('n')).where('nonce', 'like', 'bq-%').where('passed', '=', 1).executeTakeFirstOrThrow()).n);
      if (passed !== Q.length) throw new Error(`quiz replay passed ${passed} of ${Q.length}`);
      const conflicts = Number((await db.selectFrom('offline_conflicts').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      if (conflicts) console.log('  conflicts (first 8):', await db.selectFrom('offline_conflicts').select(['channel', 'settled_status', 'detail']).limit(8).execute());
      if (got.some((g) => g !== n) || conflicts) throw new Error(`replay wrote ${got.join('/')} of ${n} each, ${conflicts} conflicts`);
      const mixedPerS = ((4 * n) / totalMs) * 1000;
      figure(`outbox replay, mixed (${4 * n} facts, 4 kinds, in order, exactly once)`, Math.round(mixedPerS), 'facts/s', { min: GOAL_REPLAY_PER_S });

      // Raw limits, same run: the rows the replay wrote, into bare copies of their tables.
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const rowsOf = async (table: string, where: string) => (await c.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${where}`)).rows;
      const written: Array<{ table: string; rows: Array<Record<string, unknown>> }> = [
        { table: 'checkins', rows: await rowsOf('checkins', `nonce LIKE 'bd-%' OR nonce LIKE 'bk-%'`) },
        { table: 'rally_stamps', rows: await rowsOf('rally_stamps', `nonce LIKE 'bs-%'`) },
        { table: 'rally_redemptions', rows: await rowsOf('rally_redemptions', `nonce LIKE 'bg-%'`) },
      ];
      for (const { table } of written) await c.query(`CREATE TABLE raw_${table} (LIKE ${table} INCLUDING ALL)`);
      const facts = written.flatMap(({ table, rows }) => rows.map((row) => ({ table, row })));
      const insertOne = (table: string, rows: Array<Record<string, unknown>>, suffix: string) => {
        const cols = Object.keys(rows[0]!);
        const params: unknown[] = [];
        const tuples = rows.map((r, j) => {
          for (const k of cols) params.push(k === 'nonce' || k === 'id' ? `${String(r[k])}${suffix}` : r[k]);
          return `(${cols.map((_, k) => `$${j * cols.length + k + 1}`).join(',')})`;
        });
        return c.query(`INSERT INTO raw_${table} (${cols.join(',')}) VALUES ${tuples.join(',')} ON CONFLICT DO NOTHING`, params);
      };
      const t1 = performance.now();
      for (let i = 0; i < facts.length; i += REPLAY_BATCH) {
        await c.query('BEGIN');
        for (const f of facts.slice(i, i + REPLAY_BATCH)) await insertOne(f.table, [f.row], '');
        await c.query('COMMIT');
      }
      const rawOnePerS = (facts.length / (performance.now() - t1)) * 1000;
      const t2 = performance.now();
      for (let i = 0; i < facts.length; i += REPLAY_BATCH) {
        const part = facts.slice(i, i + REPLAY_BATCH);
        await c.query('BEGIN');
        for (const { table } of written) {
          const rows = part.filter((f) => f.table === table).map((f) => f.row);
          if (rows.length) await insertOne(table, rows, ':set');
        }
        await c.query('COMMIT');
      }
      const rawSetPerS = (facts.length / (performance.now() - t2)) * 1000;
      for (const { table } of written) await c.query(`DROP TABLE raw_${table}`);
      await c.end();
      figure(`  raw limit: the same ${facts.length} rows, one bare INSERT each, ${REPLAY_BATCH} per transaction`, Math.round(rawOnePerS), 'rows/s');
      console.log(`  mixed replay = ${((mixedPerS / rawOnePerS) * 100).toFixed(0)}% of the raw one-INSERT-per-fact rate`);
      figure(`  raw limit: the same rows as multi-row INSERTs, one per table per ${REPLAY_BATCH}`, Math.round(rawSetPerS), 'rows/s');
      console.log(`  mixed replay = ${((mixedPerS / rawSetPerS) * 100).toFixed(0)}% of the raw set-based rate`);
    } finally {
      for (const s of stations.reverse()) await s.close().catch(() => undefined);
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
