/**
 * Venue mode end to end: two real station server processes (`serve.cli.ts --db URL`)
 * on one PostgreSQL database. A check-in on A reaches B's screens (server-sent events);
 * both desks scanning the same visitors at once give exactly one check-in each, settled
 * by the database; a retried request (same nonce) arriving at the other desk is not
 * applied twice.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import pg from 'pg';
import { api, startServer, type RunningServer } from './helpers/e2e';
import { freshPostgresDatabase, postgresSkip } from './helpers/databases';
import { seed, tempDir, testStation, visitor } from './helpers/station';
import type { CheckinOutcome, PushEvent } from '../contract/index';

const PG = process.env.FAIRDESK_TEST_PG;
const CLOCK = '2022-04-13T09:30';
const VISITORS = 30;
const code = (i: number) => `PPS22-9${String(i).padStart(5, '0')}`;

/** Reads a station's server-sent events as a browser would. */
async function listen(server: RunningServer) {
  const events: PushEvent[] = [];
  const waiters: { pred: (e: PushEvent) => boolean; resolve: (e: PushEvent) => void }[] = [];
  const ac = new AbortController();
  const res = await fetch(`${server.url.replace(/\/$/, '')}/api/events`, { signal: ac.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const ev = JSON.parse(data.slice(6)) as PushEvent;
          events.push(ev);
          for (const w of waiters.splice(0)) (w.pred(ev) ? w.resolve(ev) : waiters.push(w));
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return {
    events,
    next(pred: (e: PushEvent) => boolean, what: string, ms = 10_000): Promise<PushEvent> {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(events.map((e) => e.type))}`)), ms);
        waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
      });
    },
    close: () => ac.abort(),
  };
}

/**
 * One scan as a desk makes it. A busy server (every pooled connection taken, as 224 scans
 * at once on a loaded machine make it) refuses with db_unavailable — nothing written — and
 * the desk scans again with the same nonce. It never answers from the replica: the server
 * is slow, not gone, and an offline "checked in" would be a visitor checked in twice.
 */
async function scan(server: RunningServer, c: string, nonce: string): Promise<CheckinOutcome> {
  for (let attempt = 1; ; attempt++) {
    const r = await api<CheckinOutcome>(server, 'checkin.scan', { code: c, nonce });
    assert.notEqual((r as { offline?: boolean }).offline, true, `${c} (${nonce}) answered from the replica while the server is there`);
    if (r.ok) return r.value!;
    if (r.error?.code !== 'db_unavailable' || attempt >= 20) throw new Error(`scan failed: ${r.error?.code} ${r.error?.message}`);
  }
}

describe('venue mode: two station servers on one PostgreSQL', { skip: !!(postgresSkip()) }, () => {
  let url: string;
  let a: RunningServer;
  let b: RunningServer;
  let sql: pg.Client;

  before(async () => {
    url = await freshPostgresDatabase(PG!);
    const seeder = await testStation({ dataDir: tempDir(), db: { kind: 'postgres', url } });
    try {
      await seed(seeder, [
        ...Array.from({ length: VISITORS }, (_, i) => visitor({ code: code(i), nameKo: `방문객${i}` })),
        visitor({ code: 'PPS22-RETRY1', nameKo: '재시도' }),
      ]);
    } finally {
      await seeder.close();
    }
    // One after the other: the first start may build the renderer for both.
    a = await startServer({ db: url, name: 'Desk A', role: 'desk', clock: CLOCK });
    b = await startServer({ db: url, name: 'Desk B', role: 'desk', clock: CLOCK });
    sql = new pg.Client({ connectionString: url });
    await sql.connect();
  });
  after(async () => {
    await sql?.end();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  test("a check-in on A shows on B's screens, with A's name and the shared counter", async () => {
    const onB = await listen(b);
    try {
      const r = await scan(a, code(0), 'multi-first');
      assert.equal(r.status, 'checked_in');
      const ev = await onB.next((e) => e.type === 'checkin.recorded' && e.code === code(0), "A's check-in on B");
      assert.ok(ev.type === 'checkin.recorded');
      assert.equal(ev.checkin.stationName, 'Desk A');
      assert.equal(ev.counters.checkedIn, 1);
      // B's own counter (read from the shared database) agrees.
      const counters = await api<{ checkedIn: number }>(b, 'checkin.counters', {});
      assert.equal(counters.value?.checkedIn, 1);
      // A does not hear its own event twice (no echo through the venue server).
      const onA = await listen(a);
      try {
        await scan(b, code(1), 'multi-second');
        await onA.next((e) => e.type === 'checkin.recorded' && e.code === code(1), "B's check-in on A");
        await onB.next((e) => e.type === 'checkin.recorded' && e.code === code(1), "B's own check-in on B");
        assert.equal(onB.events.filter((e) => e.type === 'checkin.recorded' && e.code === code(1)).length, 1, 'B saw its own event once');
      } finally {
        onA.close();
      }
    } finally {
      onB.close();
    }
  });

  test('both desks scanning the same visitors at once: one check-in each, the rest "already checked in"', async () => {
    const racers = Array.from({ length: VISITORS - 2 }, (_, i) => code(i + 2));
    const perSide = 4;
    const outcomes = await Promise.all(
      racers.flatMap((c) =>
        Array.from({ length: perSide * 2 }, (_, k) => scan(k % 2 ? b : a, c, `race-${c}-${k}`).then((o) => ({ c, o }))),
      ),
    );
    for (const c of racers) {
      const mine = outcomes.filter((x) => x.c === c).map((x) => x.o.status);
      assert.equal(mine.filter((s) => s === 'checked_in').length, 1, `${c}: ${mine.join(',')}`);
      assert.equal(mine.filter((s) => s === 'already_checked_in').length, perSide * 2 - 1, c);
    }
    const rows = await sql.query<{ n: string }>('SELECT count(*) AS n FROM checkins WHERE visitor_code = ANY($1)', [racers]);
    assert.equal(Number(rows.rows[0]!.n), racers.length);
  });

  test('one request retried at the other desk (same nonce) is applied once and answered the same', async () => {
    const both = await Promise.all([scan(a, 'PPS22-RETRY1', 'same-nonce-1'), scan(b, 'PPS22-RETRY1', 'same-nonce-1')]);
    assert.deepEqual(both.map((o) => o.status), ['checked_in', 'checked_in']);
    const [x, y] = both;
    assert.ok(x!.status === 'checked_in' && y!.status === 'checked_in');
    assert.deepEqual(x.checkin, y.checkin, 'the same check-in row answers both');
    const rows = await sql.query<{ n: string }>("SELECT count(*) AS n FROM checkins WHERE visitor_code = 'PPS22-RETRY1'");
    assert.equal(Number(rows.rows[0]!.n), 1);
  });

  test('both stations registered themselves and see each other', async () => {
    const r = await api<{ name: string; online: boolean }[]>(a, 'system.stations', {});
    const names = (r.value ?? []).filter((s) => s.online).map((s) => s.name);
    assert.ok(names.includes('Desk A') && names.includes('Desk B'), names.join(','));
  });
});
