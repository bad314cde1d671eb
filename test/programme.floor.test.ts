/**
 * The floor's newer controls on a real station, on SQLite and PostgreSQL: the
 * consultation length set from the console (rounds already started keep theirs), +5 min
 * pushing the table's later meetings back (append-only, idempotent by nonce), and
 * arrivals matched by the registration codes a programme file lists.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { arriveForRound } from './helpers/floor';
import { createStation, type Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';

const SAMPLE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/program.csv'), 'utf8');
const b64 = (s: string) => Buffer.from(s).toString('base64');
let n = 0;
const nonce = () => `f${Date.now().toString(36)}${(n++).toString(36)}`;

/**
 * The sample with the participants' registration codes added (a fixture variant: the
 * samples carry none): table 1's 10:00 meeting lists its SME's code (lower case, as some
 * exports write it) and a two-person buyer team; every other row leaves the cells empty.
 */
function sampleWithCodes(): string {
  const lines = SAMPLE.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  return [
    `${lines[0]},판매기업코드,바이어코드`,
    ...lines.slice(1).map((l) => (l.startsWith('C00001,') ? `${l},pps22-700001,"PPS22-800001; PPS22-800002"` : `${l},,`)),
  ].join('\n');
}

for (const tdb of testDatabases()) {
  describe(`consultation floor: length, push-back, badge codes (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    let target: DbTarget;
    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      s = await testStation({ role: 'floor', name: 'Floor 1', dataDir: dir, db: target, clock: undefined });
      s.clock.set('2022-04-13T09:50:00+09:00');
    });
    after(() => s.close());

    const table = async (name: string) => must(await s.invoke('floor.state', {})).tables.find((t) => t.name === name)!;

    test('a file with codes imports them and reports how many are registered; a bad code rejects its row', async () => {
      await seed(s, [
        visitor({ code: 'PPS22-800002', nameKo: '현대 구매2', organisation: '현대건설' }),
        visitor({ code: 'PPS22-800009', nameKo: '현대 구매9', organisation: '현대건설' }),
        visitor({ code: 'PPS22-700025', nameKo: '다온', organisation: '(주)다온랩스49', category: 'exhibitor' }),
      ]);
      const r = must(await s.invoke('programme.import.commit', { fileName: 'program-codes.csv', dataBase64: b64(sampleWithCodes()) }));
      assert.deepEqual([r.inserted, r.rejectedTotal], [149, 0]);
      assert.deepEqual(r.codes, { consultations: 1, listed: 3, registered: 1 });
      const row = await s.handle.db.selectFrom('programme_items').select(['seller_codes', 'buyer_codes']).where('id', '=', 'C00001').executeTakeFirstOrThrow();
      assert.deepEqual(row, { seller_codes: 'PPS22-700001', buyer_codes: 'PPS22-800001 PPS22-800002' });

      const bad = sampleWithCodes().replace('pps22-700001', '김한빛');
      const p = must(await s.invoke('programme.import.preview', { fileName: 'bad-codes.csv', dataBase64: b64(bad) }));
      assert.deepEqual(p.rejected.map((x) => [x.row, x.reason, x.detail]), [[2, 'invalid_code', '김한빛']]);
      // English headers name the same columns.
      const en = sampleWithCodes().replace('판매기업코드,바이어코드', 'seller_code,Buyer Code');
      const e = must(await s.invoke('programme.import.preview', { fileName: 'en.csv', dataBase64: b64(en) }));
      assert.deepEqual([e.unchanged, e.codes.consultations], [149, 1]);
    });

    test('a badge listed for a meeting arrives by code — before the other tables its organisation meets at', async () => {
      // 현대건설 buys at tables 1, 4 and 5 at 10:00; only table 1's meeting lists its people.
      const a = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'pps22-800002' }));
      assert.equal(a.status, 'arrived');
      if (a.status === 'arrived') assert.deepEqual([a.side, a.match, a.meeting.id, a.organisation], ['buyer', 'code', 'C00001', '현대건설']);
      // Not a registered visitor yet, but listed in the programme: still the SME of table 1.
      const seller = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-700001' }));
      assert.equal(seller.status, 'arrived');
      if (seller.status === 'arrived') assert.deepEqual([seller.side, seller.match, seller.organisation], ['seller', 'code', '(주)한빛이앤씨47']);
      // A colleague the file does not list: by name at the tables without codes, not at table 1.
      const colleague = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-800009' }));
      assert.equal(colleague.status, 'ambiguous');
      if (colleague.status === 'ambiguous') assert.deepEqual(colleague.tables, ['상담테이블 4', '상담테이블 5']);
      const at1 = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-800009', table: '상담테이블 1' }));
      assert.deepEqual(at1, { status: 'not_listed', organisation: '현대건설', tables: ['상담테이블 1'] });
      // A file row without codes: matched by organisation, and the answer says so.
      const org = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-700025' }));
      assert.equal(org.status, 'arrived');
      if (org.status === 'arrived') assert.deepEqual([org.side, org.match, org.meeting.table], ['seller', 'organisation', '상담테이블 2']);
      assert.equal(must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-999999' })).status, 'unknown_code');
      const t1 = await table('상담테이블 1');
      assert.deepEqual([t1.next?.arrivedSeller, t1.next?.arrivedBuyer], [true, true]);
    });

    test('the floor sets the consultation length; bad values are refused; the board may not', async () => {
      for (const bad of [
        { pitchMin: 0, qaMin: 7, changeoverMin: 1 },
        { pitchMin: 61, qaMin: 7, changeoverMin: 1 },
        { pitchMin: 7.5, qaMin: 7, changeoverMin: 1 },
        { pitchMin: 7, qaMin: 7, changeoverMin: -1 },
        { pitchMin: '7', qaMin: 7, changeoverMin: 1 },
      ]) {
        const r = await s.invoke('floor.config.set', bad as never);
        assert.equal(r.ok ? 'ok' : r.error.code, 'invalid_input', JSON.stringify(bad));
      }
      assert.deepEqual(must(await s.invoke('floor.state', {})).config, { pitchMin: 7, qaMin: 7, changeoverMin: 1 }, 'nothing written');
      assert.equal(must(await s.invoke('floor.state', {})).slotMin, 14);
      const board = await createStation({ dataDir: s.dataDir, db: target }, { clock: s.clock, heartbeat: false, identity: { id: randomUUID(), name: 'Board', role: 'board' } });
      try {
        const r = await board.invoke('floor.config.set', { pitchMin: 5, qaMin: 5, changeoverMin: 1 });
        assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden');
      } finally {
        await board.close();
      }
    });

    test('a new length applies to rounds not yet started; running meetings keep theirs', async () => {
      s.clock.set('2022-04-13T10:00:00+09:00');
      await arriveForRound(s);
      must(await s.invoke('floor.round.start', { nonce: nonce() }));
      s.clock.set('2022-04-13T10:02:00+09:00');
      must(await s.invoke('floor.config.set', { pitchMin: 5, qaMin: 8, changeoverMin: 1 }));
      const st = must(await s.invoke('floor.state', {}));
      assert.deepEqual(st.config, { pitchMin: 5, qaMin: 8, changeoverMin: 1 });
      const t4 = st.tables.find((t) => t.name === '상담테이블 4')!.now!;
      assert.deepEqual([t4.phase, t4.phaseEndsAt, t4.qaEndsAt], ['pitch', '2022-04-13T01:07:00.000Z', '2022-04-13T01:14:00.000Z'], 'still 7 + 7');
      // Advancing early to Q&A gives the 7 Q&A minutes it was started with.
      const qa = must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: t4.id, action: 'advance' }));
      assert.equal(qa.status === 'done' && qa.meeting.qaEndsAt, '2022-04-13T01:09:00.000Z');
      const started = await s.handle.db.selectFrom('meeting_events').select(['pitch_min', 'qa_min']).where('type', '=', 'started').execute();
      assert.ok(started.length === 6 && started.every((r) => r.pitch_min === 7 && r.qa_min === 7), 'each start records its lengths');
    });

    test('+5 min on an overrunning meeting pushes the later meetings at its table back, until the lunch break', async () => {
      s.clock.set('2022-04-13T10:13:00+09:00');
      const t2 = (await table('상담테이블 2')).now!;
      assert.equal(t2.id, 'C00025');
      const key = nonce();
      const d = must(await s.invoke('floor.meeting.act', { nonce: key, meetingId: t2.id, action: 'delay', minutes: 5 }));
      assert.equal(d.status, 'done');
      if (d.status !== 'done') return;
      assert.equal(d.meeting.qaEndsAt, '2022-04-13T01:19:00.000Z');
      // 10:15 … 11:45 move five minutes (ends 10:19 + 1 min changeover); 13:00 after lunch stays.
      assert.deepEqual(
        d.pushed.map((p) => [p.id, p.delayMin, p.start.slice(11, 16)]),
        [
          ['C00026', 5, '01:20'],
          ['C00027', 5, '01:35'],
          ['C00028', 5, '01:50'],
          ['C00029', 5, '02:05'],
          ['C00030', 5, '02:20'],
          ['C00031', 5, '02:35'],
          ['C00032', 5, '02:50'],
        ],
      );
      const again = must(await s.invoke('floor.meeting.act', { nonce: key, meetingId: t2.id, action: 'delay', minutes: 5 }));
      assert.equal(again.status === 'done' && again.meeting.qaEndsAt, '2022-04-13T01:19:00.000Z', 'a retried tap adds nothing');
      const delayed = await s.handle.db.selectFrom('meeting_events').select('meeting_id').where('type', '=', 'delayed').execute();
      assert.equal(delayed.length, 8, 'one fact for the meeting, one per meeting pushed');
      const t2now = await table('상담테이블 2');
      assert.deepEqual([t2now.next?.id, t2now.next?.start, t2now.next?.delayMin], ['C00026', '2022-04-13T01:20:00.000Z', 5], 'the board shows the new time');
      // Another table's meetings did not move.
      assert.equal((await table('상담테이블 3')).next?.start, '2022-04-13T01:15:00.000Z');

      // The 10:15 round starts the other tables and leaves table 2 running into its five minutes.
      s.clock.set('2022-04-13T10:15:30+09:00');
      await arriveForRound(s);
      const r = must(await s.invoke('floor.round.start', { nonce: nonce() }));
      assert.deepEqual([r.started, r.skipped, r.endedPrevious], [5, 1, 5]);
      assert.deepEqual([(await table('상담테이블 2')).now?.id, (await table('상담테이블 2')).now?.phase], ['C00025', 'qa']);
      // At its new time the round tap starts table 2's pushed meeting, ending the long one.
      s.clock.set('2022-04-13T10:20:00+09:00');
      const late = must(await s.invoke('floor.round.start', { nonce: nonce() }));
      assert.deepEqual([late.started, late.endedPrevious], [1, 1]);
      const now2 = (await table('상담테이블 2')).now!;
      assert.deepEqual([now2.id, now2.phase, now2.qaEndsAt], ['C00026', 'pitch', '2022-04-13T01:33:00.000Z'], 'started with the new length: 5 + 8');
    });
  });
}
