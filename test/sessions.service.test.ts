import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { peerStation, type Peer } from './helpers/peer-station';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';
import type { DoorOutcome } from '../contract/index';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const SAMPLE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/program.csv'));
/** A programme with the session columns (Korean headers). */
const SESSIONS_CSV = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/sessions.csv'), 'utf8');
const CODES = Array.from({ length: 8 }, (_, i) => `PPS22-70000${i}`);

for (const tdb of testDatabases()) {
  describe(`sessions: doors, capacity, sign-ups, floor changes (${tdb.name})`, () => {
    let admin: Station & { clock: FakeClock; dataDir: string };
    let target: DbTarget;
    const peers: Peer[] = [];
    let n = 0;
    const nonce = () => `sess-${tdb.name}-${++n}`;
    const door = async (name: string) => {
      const p = await peerStation(tdb, admin, target, 'door', name);
      peers.push(p);
      return p;
    };
    const scan = (s: Peer | Station, code: string, extra: Record<string, unknown> = {}) =>
      s.invoke('sessions.door.scan', { nonce: nonce(), code, direction: 'in', sessionId: 'SEM1', ...extra }).then(must) as Promise<DoorOutcome>;

    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      admin = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: target });
      await seed(admin, CODES.map((code, i) => visitor({ code, nameKo: `참가자${i}`, organisation: i % 2 ? '조달청' : '한국도로공사' })));
      for (const code of CODES.slice(0, 7)) must(await admin.invoke('checkin.scan', { code, nonce: nonce() }));
      admin.clock.set('2022-04-13T10:05:00+09:00');
    });
    after(async () => {
      for (const p of peers) await p.close();
      await admin.close();
    });

    test('the sample programme (no session columns) still imports; session columns set details; a bad link rejects its row', async () => {
      const plain = must(await admin.invoke('programme.import.commit', { fileName: 'program.csv', dataBase64: b64(SAMPLE) }));
      assert.equal(plain.rejectedTotal, 0);
      const r = must(await admin.invoke('programme.import.commit', { fileName: 'sessions.csv', dataBase64: b64(SESSIONS_CSV) }));
      assert.deepEqual([r.validRows, r.rejectedTotal], [5, 0]);
      assert.equal(r.columns.find((c) => c.header === '정원')?.field, 'capacity', 'the preview shows the column as read');
      const list = must(await admin.invoke('sessions.list', {})).sessions;
      const sem = list.find((s) => s.id === 'SEM1')!;
      assert.deepEqual(sem.details, { capacity: 2, signupRequired: false, languages: ['ko', 'en'], mode: 'hybrid', streamUrl: 'https://stream.example/esg', speakers: '김연사', meetingPoint: null, minAttendancePct: null });
      const tour = list.find((s) => s.id === 'TOUR1')!;
      assert.deepEqual([tour.details.capacity, tour.details.signupRequired, tour.details.meetingPoint], [2, true, '3홀 입구 안내데스크']);
      assert.equal(list.find((s) => s.id === 'TRAIN1')!.details.minAttendancePct, 80);
      // The sample's own sessions (no columns) get defaults.
      assert.equal(list.find((s) => s.id === 'S00005')?.details.capacity, null);

      const bad = SESSIONS_CSV.replace('https://live.example/x', 'javascript:alert(1)').replace(',2,N,', ',lots,N,');
      const p = must(await admin.invoke('programme.import.preview', { fileName: 'bad.csv', dataBase64: b64(bad) }));
      assert.deepEqual(p.rejected.map((x) => [x.row, x.reason]), [[2, 'invalid_capacity'], [6, 'invalid_link']]);
      assert.equal(p.validRows, 3);

      // English headers read the same.
      const en = SESSIONS_CSV.replace('정원,사전신청,언어,접속링크,연사,집결지,이수기준', 'Capacity,Sign-up required,Languages,Join link,Speakers,Meeting point,Min attendance');
      const e = must(await admin.invoke('programme.import.preview', { fileName: 'en.csv', dataBase64: b64(en) }));
      assert.deepEqual([e.validRows, e.unchanged], [5, 5]);
    });

    test('two doors scanning one badge at once: one entry, the other door says already in', async () => {
      const [a, b] = [await door('301 Front'), await door('301 Back')];
      const [x, y] = await Promise.all([scan(a, CODES[0]!), scan(b, CODES[0]!)]);
      assert.deepEqual([x.status, y.status].sort(), ['admitted', 'already_in']);
      const rows = await admin.handle.db.selectFrom('session_scans').selectAll().where('session_id', '=', 'SEM1').execute();
      assert.equal(rows.length, 1);
      // A retried nonce answers the same and writes nothing.
      const id = nonce();
      const again = must(await a.invoke('sessions.door.scan', { nonce: id, code: CODES[0]!, direction: 'out', sessionId: 'SEM1' }));
      const again2 = must(await a.invoke('sessions.door.scan', { nonce: id, code: CODES[0]!, direction: 'out', sessionId: 'SEM1' }));
      assert.deepEqual([again.status, again2.status], ['left', 'left']);
      assert.equal((await admin.handle.db.selectFrom('session_scans').selectAll().where('session_id', '=', 'SEM1').execute()).length, 2);
      const back = await scan(a, CODES[0]!);
      assert.equal(back.status, 'admitted');
      assert.ok(back.status === 'admitted' && back.reentry);
    });

    test('the last seat goes to one of two doors; a full room refuses, an override with a reason admits and is audited', async () => {
      const [a, b] = [await door('301 A'), await door('301 B')];
      // One person inside (previous test); capacity 2: one seat left, two badges at once.
      const [x, y] = await Promise.all([scan(a, CODES[1]!), scan(b, CODES[2]!)]);
      assert.deepEqual([x.status, y.status].sort(), ['admitted', 'full']);
      const loser = x.status === 'full' ? CODES[1]! : CODES[2]!;
      const full = await scan(a, loser);
      assert.equal(full.status, 'full');
      assert.ok(full.status === 'full' && full.occupancy === 2 && full.capacity === 2);
      const over = await scan(a, loser, { override: { reason: 'VIP 연사 수행원' } });
      assert.ok(over.status === 'admitted' && over.overridden && over.occupancy === 3);
      const audit = await admin.handle.db.selectFrom('audit_log').select('detail').where('channel', '=', 'sessions.door.scan').where('entity_id', '=', 'SEM1').execute();
      assert.ok(audit.some((r) => r.detail?.includes('VIP 연사 수행원')));
      // Capacity below the people inside is refused with a clear code.
      const sem = must(await admin.invoke('sessions.list', {})).sessions.find((s) => s.id === 'SEM1')!;
      const low = await admin.invoke('sessions.details.save', { sessionId: 'SEM1', details: { ...sem.details, capacity: 2 } });
      assert.equal(low.ok, false);
      assert.ok(!low.ok && low.error.code === 'conflict');
      // Scanning out frees a seat; out twice says not inside.
      assert.equal((await scan(a, loser, { direction: 'out' })).status, 'left');
      assert.equal((await scan(a, loser, { direction: 'out' })).status, 'not_inside');
    });

    test('bad input: unknown and junk codes, a badge not checked in (setting), an ended and a cancelled session', async () => {
      const a = await door('301 C');
      for (const code of ['NOPE-1', "' OR 1=1 --"]) assert.equal((await scan(a, code)).status, 'unknown_code', code);
      // Since the input hardening (contract/text-guard.ts), the router refuses a NUL in any
      // string input as invalid_input naming the field, before the door sees the code.
      const nul = await a.invoke('sessions.door.scan', { nonce: nonce(), code: '\u0000\u0000', direction: 'in', sessionId: 'SEM1' });
      assert.ok(!nul.ok && nul.error.code === 'invalid_input' && /NUL character in code/.test(nul.error.message));
      assert.equal((await a.invoke('sessions.door.scan', { nonce: nonce(), code: 'x'.repeat(10_000), direction: 'in', sessionId: 'SEM1' })).ok, false);
      must(await admin.invoke('sessions.door.settings.set', { notCheckedIn: 'send_to_desk', noShowMin: 10 }));
      assert.equal((await scan(a, CODES[7]!, { sessionId: 'LEC1' })).status, 'not_checked_in');
      must(await admin.invoke('sessions.door.settings.set', { notCheckedIn: 'admit', noShowMin: 10 }));
      // The room's current session when the station follows the room.
      const byRoom = must(await a.invoke('sessions.door.scan', { nonce: nonce(), code: CODES[3]!, direction: 'out', room: '컨퍼런스룸 301' }));
      assert.equal(byRoom.status, 'not_inside');
      assert.ok(byRoom.status === 'not_inside' && byRoom.sessionId === 'SEM1');
      assert.equal(must(await a.invoke('sessions.door.scan', { nonce: nonce(), code: CODES[3]!, direction: 'in', room: '없는 방' })).status, 'no_session');

      must(await admin.invoke('sessions.act', { nonce: nonce(), sessionId: 'LEC1', action: 'cancel' }));
      assert.equal((await scan(a, CODES[3]!, { sessionId: 'LEC1' })).status, 'session_cancelled');
      must(await admin.invoke('sessions.act', { nonce: nonce(), sessionId: 'LEC1', action: 'reinstate' }));
      const saved = admin.clock.now().toISOString();
      admin.clock.set('2022-04-13T12:01:00+09:00');
      const ended = await scan(a, CODES[3]!);
      assert.equal(ended.status, 'session_ended');
      admin.clock.set(saved);
    });

    test('sign-ups: confirmed while seats last, then a waitlist in order; a cancel promotes; overlapping sessions refused', async () => {
      const s = admin;
      const up = (code: string, sessionId = 'TOUR1') => s.invoke('sessions.signup', { nonce: nonce(), sessionId, code }).then(must);
      assert.equal((await up(CODES[0]!)).status, 'confirmed');
      assert.equal((await up(CODES[1]!)).status, 'confirmed');
      const w1 = await up(CODES[2]!);
      const w2 = await up(CODES[3]!);
      assert.deepEqual([w1, w2].map((w) => (w.status === 'waitlisted' ? w.position : -1)), [1, 2]);
      const dup = await up(CODES[2]!);
      assert.ok(dup.status === 'waitlisted' && dup.already && dup.position === 1, 'signing up twice changes nothing');
      assert.equal((await up(CODES[0]!, 'TOUR2')).status, 'overlap');
      assert.equal((await up(CODES[0]!, 'SEM1')).status, 'no_signup');

      // The door admits the list first: a waitlisted badge is told its place.
      const d = await door('3홀 투어');
      const turned = await scan(d, CODES[2]!, { sessionId: 'TOUR1' });
      assert.ok(turned.status === 'not_signed_up' && turned.waitlistPosition === 1);

      must(await s.invoke('sessions.signup.cancel', { nonce: nonce(), sessionId: 'TOUR1', code: CODES[1]! }));
      const mine = must(await s.invoke('sessions.signups.of', { code: CODES[2]! }));
      assert.deepEqual(mine.map((x) => [x.sessionId, x.status, x.meetingPoint]), [['TOUR1', 'confirmed', '3홀 입구 안내데스크']]);
      assert.equal((await scan(d, CODES[2]!, { sessionId: 'TOUR1' })).status, 'admitted');
    });

    test('a signed-up no-show N minutes after the start gives the seat to the waitlist', async () => {
      // TOUR1 (10:30): confirmed 700000 (not come) and 700002 (in); 700003 waits.
      let v = must(await admin.invoke('sessions.signups.of', { code: CODES[3]! }));
      assert.equal(v[0]?.status, 'waitlisted');
      const saved = admin.clock.now().toISOString();
      admin.clock.set('2022-04-13T10:41:00+09:00');
      v = must(await admin.invoke('sessions.signups.of', { code: CODES[3]! }));
      assert.equal(v[0]?.status, 'confirmed', 'promoted: the no-show lost the seat');
      const noShow = must(await admin.invoke('sessions.signups.of', { code: CODES[0]! }));
      assert.ok(noShow[0]?.status === 'waitlisted' && noShow[0].position === 1);
      admin.clock.set(saved);
    });

    test('bulk sign-ups from a file: in file order, same checks as the desk, a re-sent file adds nothing', async () => {
      const file = ['등록번호,일정ID', ...CODES.slice(4).map((c) => `${c},TOUR2`), `${CODES[0]},TOUR2`, 'PPS22-700004,NOPE', 'NOPE-1,TOUR2'].join('\n');
      const input = { fileName: 'signups.csv', dataBase64: b64(file), nonce: nonce() };
      const r = must(await admin.invoke('sessions.signups.import', input));
      assert.deepEqual([r.rows, r.confirmed, r.waitlisted, r.already], [7, 4, 0, 0]);
      assert.deepEqual(r.refused.map((x) => [x.row, x.status]), [[6, 'overlap'], [7, 'unknown_session'], [8, 'unknown_code']]);
      const again = must(await admin.invoke('sessions.signups.import', input));
      assert.deepEqual([again.confirmed, again.already], [0, 4]);
      const v = must(await admin.invoke('sessions.list', {})).sessions.find((x) => x.id === 'TOUR2')!;
      assert.equal(v.signedUp, 4);
      const bad = await admin.invoke('sessions.signups.import', { fileName: 'x.csv', dataBase64: b64('이름,전화\n홍길동,010'), nonce: nonce() });
      assert.ok(!bad.ok && bad.error.code === 'import_failed');
    });

    test('the board: occupancy and full on live sessions; delay, move and cancel show; a cancelled session leaves "next"', async () => {
      let b = must(await admin.invoke('sessions.board', {}));
      const sem = b.live.find((x) => x.id === 'SEM1')!;
      assert.deepEqual([sem.occupancy, sem.capacity, sem.full, sem.mode, sem.streamUrl], [2, 2, true, 'hybrid', 'https://stream.example/esg']);
      assert.deepEqual(b.next.map((x) => x.id).filter((id) => id.startsWith('TOUR')), ['TOUR1', 'TOUR2']);
      assert.ok(b.next.every((x, i) => i === 0 || b.next[i - 1]!.start <= x.start), 'soonest first');
      assert.equal(b.next.find((x) => x.id === 'TOUR1')?.meetingPoint, '3홀 입구 안내데스크');

      must(await admin.invoke('sessions.act', { nonce: nonce(), sessionId: 'TOUR2', action: 'delay', minutes: 15 }));
      const moved = must(await admin.invoke('sessions.act', { nonce: nonce(), sessionId: 'TOUR2', action: 'move', room: '5홀 입구' }));
      assert.deepEqual([moved.schedule.delayMin, moved.schedule.room, moved.schedule.start], [15, '5홀 입구', '2022-04-13T02:15:00.000Z']);
      const id = nonce();
      must(await admin.invoke('sessions.act', { nonce: id, sessionId: 'TRAIN1', action: 'cancel' }));
      must(await admin.invoke('sessions.act', { nonce: id, sessionId: 'TRAIN1', action: 'cancel' }));
      b = must(await admin.invoke('sessions.board', {}));
      assert.ok(!b.next.some((x) => x.id === 'TRAIN1'), 'a cancelled session is never "next"');
      assert.deepEqual(b.cancelled.map((x) => x.id), ['TRAIN1']);
      assert.equal(b.next.find((x) => x.id === 'TOUR2')?.room, '5홀 입구');
      const facts = await admin.handle.db.selectFrom('session_events').selectAll().where('session_id', '=', 'TRAIN1').execute();
      assert.equal(facts.length, 1, 'the retried cancel was recorded once');
    });
  });
}
