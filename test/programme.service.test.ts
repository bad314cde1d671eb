import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { arriveForRound } from './helpers/floor';
import { createStation, type Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';

const SAMPLE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/program.csv'));
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const HEADER = '일정ID,유형,제목,일자,시작,종료,장소,판매기업,구매기관,국가,방식';
let n = 0;
const nonce = () => `n${Date.now().toString(36)}${(n++).toString(36)}`;

for (const tdb of testDatabases()) {
  describe(`programme import and consultation floor (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    let target: DbTarget;
    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      s = await testStation({ role: 'floor', name: 'Floor 1', dataDir: dir, db: target, clock: undefined });
      s.clock.set('2022-04-13T09:58:00+09:00');
    });
    after(() => s.close());

    test('the sample imports: 144 consultations at 6 tables/booths, 5 sessions; a re-import changes nothing', async () => {
      const preview = must(await s.invoke('programme.import.preview', { fileName: 'program.csv', dataBase64: b64(SAMPLE) }));
      assert.equal(preview.applied, false);
      assert.equal(preview.inserted, 149);
      assert.equal((await s.handle.db.selectFrom('programme_items').select('id').execute()).length, 0, 'a preview writes nothing');

      const r = must(await s.invoke('programme.import.commit', { fileName: 'program.csv', dataBase64: b64(SAMPLE) }));
      assert.deepEqual(
        [r.totalRows, r.validRows, r.inserted, r.consultations, r.sessions, r.tables, r.rejectedTotal],
        [149, 149, 149, 144, 5, 6, 0],
      );
      assert.deepEqual(r.days, ['2022-04-13', '2022-04-14']);
      const again = must(await s.invoke('programme.import.commit', { fileName: 'program.csv', dataBase64: b64(SAMPLE) }));
      assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 149]);
      const moved = SAMPLE.toString('utf8').replace('C00001,구매상담,1:1 구매상담,2022-04-13,10:00,10:14,상담테이블 1,(주)한빛이앤씨47', 'C00001,구매상담,1:1 구매상담,2022-04-13,10:00,10:14,상담테이블 1,(주)한빛이앤씨48');
      const upd = must(await s.invoke('programme.import.commit', { fileName: 'program.csv', dataBase64: b64(moved) }));
      assert.deepEqual([upd.inserted, upd.updated], [0, 1]);
      assert.equal((await s.handle.db.selectFrom('programme_items').select('id').execute()).length, 149, 'updated by 일정ID, never duplicated');
      await s.invoke('programme.import.commit', { fileName: 'program.csv', dataBase64: b64(SAMPLE) });
    });

    test('the same programme as CP949 CSV and as XLSX (date and time cells) reads the same', async () => {
      const cp949 = iconv.encode(SAMPLE.toString('utf8').replace(/^\uFEFF/, ''), 'cp949');
      const a = must(await s.invoke('programme.import.preview', { fileName: 'program-cp949.csv', dataBase64: b64(cp949) }));
      // CP949 has no "ü": "Türkiye Buyer 6" comes back changed, so exactly that row would update.
      assert.deepEqual([a.encoding, a.validRows, a.unchanged, a.updated, a.rejectedTotal], ['cp949', 149, 148, 1, 0]);

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('일정');
      const lines = SAMPLE.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
      ws.addRow(lines[0]);
      for (const c of lines.slice(1)) {
        // Excel keeps days as dates and times as fractions of a day (shown as 1899-12-30 hh:mm).
        const [y, mo, d] = c[3]!.split('-').map(Number);
        const time = (hm: string) => new Date(Date.UTC(1899, 11, 30, Number(hm.slice(0, 2)), Number(hm.slice(3, 5))));
        ws.addRow([c[0], c[1], c[2], new Date(Date.UTC(y!, mo! - 1, d!)), time(c[4]!), time(c[5]!), ...c.slice(6)]);
      }
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const x = must(await s.invoke('programme.import.preview', { fileName: 'program.xlsx', dataBase64: b64(xlsx) }));
      assert.deepEqual([x.format, x.validRows, x.unchanged, x.rejectedTotal], ['xlsx', 149, 149, 0]);
    });

    test('broken rows are reported by row number and reason; valid rows still import', async () => {
      const csv = [
        HEADER,
        'X1,구매상담,1:1,2022-04-13,18:00,18:14,상담테이블 9,(주)가,나기관,대한민국,대면', // ok (row 2)
        ',구매상담,1:1,2022-04-13,18:00,18:14,상담테이블 9,(주)가,나기관,대한민국,대면', // missing id
        'X3,파티,1:1,2022-04-13,18:00,18:14,상담테이블 9,(주)가,나기관,대한민국,대면', // kind
        'X4,구매상담,1:1,2022-02-30,18:00,18:14,상담테이블 9,(주)가,나기관,대한민국,대면', // date
        'X5,구매상담,1:1,2022-04-13,18:14,18:00,상담테이블 9,(주)가,나기관,대한민국,대면', // end before start
        'X6,구매상담,1:1,2022-04-13,18:30,18:44,상담테이블 9,,나기관,대한민국,대면', // no seller
        'X7,구매상담,1:1,2022-04-13,18:05,18:19,상담테이블 9,(주)다,라기관,대한민국,대면', // overlaps X1
        'X1,구매상담,1:1,2022-04-13,19:00,19:14,상담테이블 9,(주)가,나기관,대한민국,대면', // duplicate id
        `X9,세미나,${'가'.repeat(300)},2022-04-13,18:00,19:00,301호,,,,대면`, // too long
        'X10,구매상담,1:1,2022-04-13,10:05,10:19,상담테이블 1,(주)다,라기관,대한민국,대면', // overlaps a stored meeting (C00001)
        'X11,세미나,제목,2022-04-13,18:00,19:00,301호,,,,반반', // mode
        'X12,세미나,작년 세미나,2021-04-13,18:00,19:00,301호,,,,대면', // not a day of this fair
      ].join('\n');
      const r = must(await s.invoke('programme.import.commit', { fileName: 'broken.csv', dataBase64: b64(csv) }));
      assert.deepEqual(
        r.rejected.map((x) => [x.row, x.reason]),
        [
          [3, 'missing_id'],
          [4, 'invalid_kind'],
          [5, 'invalid_date'],
          [6, 'invalid_time'],
          [7, 'missing_parties'],
          [8, 'overlap'],
          [9, 'duplicate_in_file'],
          [10, 'too_long'],
          [11, 'overlap'],
          [12, 'invalid_mode'],
          [13, 'outside_event_days'],
        ],
      );
      assert.equal(r.rejected.find((x) => x.row === 13)?.detail, '2021-04-13');
      assert.equal(r.rejected.find((x) => x.row === 8)?.detail, 'X1');
      assert.equal(r.rejected.find((x) => x.row === 11)?.detail, 'C00001');
      assert.equal(r.inserted, 1);
      await s.handle.db.deleteFrom('programme_items').where('id', '=', 'X1').execute();
      s.runtime.programme.invalidate();
    });

    test('files that are not a programme fail whole, with a reason, writing nothing', async () => {
      const cases: [string, Buffer | string, string][] = [
        ['empty.csv', '', 'empty_file'],
        ['junk.csv', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 7, 8]), 'not_a_table'],
        ['regs.csv', '등록번호,성명\nPPS-1,김\n', 'missing_columns'],
        ['header.csv', HEADER + '\n', 'no_rows'],
      ];
      for (const [fileName, data, reason] of cases) {
        const r = await s.invoke('programme.import.commit', { fileName, dataBase64: b64(data) });
        assert.equal(r.ok, false, fileName);
        if (!r.ok) assert.equal((r.error.details as { reason: string }).reason, reason, fileName);
      }
      assert.equal((await s.handle.db.selectFrom('programme_items').select('id').execute()).length, 149);
    });

    test('the floor at 09:58: nothing running, every table shows its 10:00 meeting as next, rooms now/next', async () => {
      const st = must(await s.invoke('floor.state', {}));
      assert.equal(st.day, '2022-04-13');
      assert.equal(st.tables.length, 6);
      assert.deepEqual(st.tables.map((t) => t.name), ['상담테이블 1', '상담테이블 2', '상담테이블 3', '상담테이블 4', '상담테이블 5', '화상상담실 부스1']);
      assert.ok(st.tables.every((t) => t.now === null && t.next?.start === '2022-04-13T01:00:00.000Z'));
      assert.equal(st.roundSlot, '2022-04-13T01:00:00.000Z');
      const booth = st.tables[5]!;
      assert.equal(booth.booth, true);
      assert.equal(booth.next?.online, true);
      assert.equal(booth.next?.buyerTimeZone, 'Asia/Dubai');
      assert.deepEqual(st.rooms.map((r) => [r.name, r.now?.id ?? null, r.next?.id ?? null]), [
        ['3홀 입구', null, 'S00005'],
        ['온라인 강연장', null, 'S00004'],
        ['컨퍼런스룸 301', null, 'S00001'],
      ]);
    });

    test('one tap starts the round where both sides arrived; the others wait; a second tap starts nothing twice', async () => {
      s.clock.set('2022-04-13T10:00:20+09:00');
      // Table 3: nobody came. Table 4: only the SME. The booth: only the SME (the buyer joins online).
      await arriveForRound(s, { '상담테이블 3': 'both', '상담테이블 4': 'buyer', '화상상담실 부스1': 'buyer' });
      const r = must(await s.invoke('floor.round.start', { nonce: nonce() }));
      assert.deepEqual([r.slot, r.started, r.alreadyRunning, r.skipped, r.waiting], ['2022-04-13T01:00:00.000Z', 4, 0, 0, 2]);
      const again = must(await s.invoke('floor.round.start', { nonce: nonce() }));
      assert.deepEqual([again.started, again.alreadyRunning, again.waiting], [0, 4, 2]);
      const starts = await s.handle.db.selectFrom('meeting_events').select('id').where('type', '=', 'started').execute();
      assert.equal(starts.length, 4);
      const st = must(await s.invoke('floor.state', {}));
      assert.deepEqual(
        st.tables.map((t) => t.now?.phase),
        ['pitch', 'pitch', 'scheduled', 'waiting', 'pitch', 'pitch'],
        'the tables nobody (or only the SME) came to wait; their statistics stay clean',
      );
      // Once started, a meeting can still be a no-show (the buyer left before a word was said) — and undone.
      const t5 = st.tables[4]!.now!;
      assert.equal(must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: t5.id, action: 'no_show' })).meeting.phase, 'no_show');
      must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: t5.id, action: 'reopen' }));
      assert.equal(must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: t5.id, action: 'advance' })).meeting.phase, 'pitch');
    });

    test('advance, delay, overrun alert, and the next round ends the overrunning meeting', async () => {
      const st = must(await s.invoke('floor.state', {}));
      const t1 = st.tables[0]!.now!;
      const q = must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: t1.id, action: 'advance' }));
      assert.equal(q.status, 'done');
      assert.equal(q.meeting.phase, 'qa');
      const retryNonce = nonce();
      const d = must(await s.invoke('floor.meeting.act', { nonce: retryNonce, meetingId: t1.id, action: 'delay', minutes: 5 }));
      const d2 = must(await s.invoke('floor.meeting.act', { nonce: retryNonce, meetingId: t1.id, action: 'delay', minutes: 5 }));
      assert.equal(d2.meeting.phaseEndsAt, d.meeting.phaseEndsAt, 'a retried delay is applied once');

      s.clock.set('2022-04-13T10:11:00+09:00');
      const mid = must(await s.invoke('floor.state', {}));
      assert.deepEqual([mid.tables[0]!.now!.phase, mid.tables[0]!.now!.timing], ['qa', 'on_time'], 'table 1 was given 5 more minutes');
      assert.equal(mid.tables[0]!.now!.phaseEndsAt, '2022-04-13T01:12:20.000Z');
      s.clock.set('2022-04-13T10:15:30+09:00');
      const late = must(await s.invoke('floor.state', {}));
      assert.equal(late.tables[1]!.now!.timing, 'overrun', 'table 2 ran past its Q&A and was not ended');

      await arriveForRound(s);
      const r = must(await s.invoke('floor.round.start', { nonce: nonce() }));
      assert.equal(r.slot, '2022-04-13T01:15:00.000Z');
      assert.equal(r.endedPrevious, 4);
      assert.equal(r.noShow, 2, 'the 10:00 meetings at tables 3 and 4 never started: no-shows by rule');
      assert.equal(r.started, 6);
      const ns = await s.handle.db.selectFrom('meeting_events').select('meeting_id').where('type', '=', 'no_show').orderBy('meeting_id').execute();
      assert.equal(ns.length, 3, 'two by rule, one marked and reopened at table 5');
    });

    test('no-show, not-allowed and too-late answers; unknown meeting is not_found', async () => {
      const running = must(await s.invoke('floor.state', {}));
      for (const i of [2, 3]) must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: running.tables[i]!.now!.id, action: 'end' }));
      s.clock.set('2022-04-13T10:31:30+09:00');
      const st = must(await s.invoke('floor.state', {}));
      const m = st.tables[2]!.now!;
      assert.equal(m.timing, 'late');
      const ns = must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: m.id, action: 'no_show' }));
      assert.equal(ns.meeting.phase, 'no_show');
      const bad = must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: m.id, action: 'advance' }));
      assert.equal(bad.status, 'not_allowed');
      const other = st.tables[3]!.now!;
      s.clock.set('2022-04-13T10:45:00+09:00');
      const tooLate = must(await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: other.id, action: 'advance' }));
      assert.equal(tooLate.status, 'too_late');
      const nf = await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: 'NOPE', action: 'advance' });
      assert.equal(nf.ok ? 'ok' : nf.error.code, 'not_found');
      const big = await s.invoke('floor.meeting.act', { nonce: nonce(), meetingId: 'x'.repeat(10_000), action: 'advance' });
      assert.equal(big.ok ? 'ok' : big.error.code, 'invalid_input');
    });

    test('arrivals by badge: matched by organisation; ambiguous across tables until a table is picked', async () => {
      await seed(s, [
        visitor({ code: 'PPS22-900001', nameKo: '가온', organisation: '(주)가온이앤씨12', category: 'exhibitor' }),
        visitor({ code: 'PPS22-900002', nameKo: '현대', organisation: '현대건설' }),
        visitor({ code: 'PPS22-900003', nameKo: '무소속' }),
      ]);
      s.clock.set('2022-04-13T16:35:00+09:00');
      const a = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'pps22-900001' }));
      assert.equal(a.status, 'arrived');
      if (a.status === 'arrived') {
        assert.equal(a.side, 'seller');
        assert.equal(a.meeting.table, '상담테이블 1');
        assert.equal(a.meeting.start, '2022-04-13T07:45:00.000Z');
        assert.equal(a.meeting.phase, 'waiting');
      }
      const again = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-900001' }));
      assert.equal(again.status, 'already_arrived');
      s.clock.set('2022-04-13T12:55:00+09:00');
      const amb = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-900002' }));
      assert.equal(amb.status, 'ambiguous');
      if (amb.status === 'ambiguous') assert.deepEqual(amb.tables, ['상담테이블 1', '상담테이블 3']);
      const picked = must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-900002', table: '상담테이블 3' }));
      assert.equal(picked.status, 'arrived');
      if (picked.status === 'arrived') assert.deepEqual([picked.side, picked.meeting.id], ['buyer', 'C00057']);
      assert.equal(must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-900003' })).status, 'no_meeting');
      assert.equal(must(await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'NOPE-1' })).status, 'unknown_code');
      const unknownTable = await s.invoke('floor.arrival.scan', { nonce: nonce(), code: 'PPS22-900002', table: '테이블 99' });
      assert.equal(unknownTable.ok ? 'ok' : unknownTable.error.code, 'not_found');
    });

    test('the board role may read the floor but not act on it', async () => {
      const board = await createStation({ dataDir: s.dataDir, db: target }, { clock: s.clock, heartbeat: false, identity: { id: randomUUID(), name: 'Board', role: 'board' } });
      try {
        assert.equal((await board.invoke('floor.state', {})).ok, true);
        const r = await board.invoke('floor.round.start', { nonce: nonce() });
        assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden');
      } finally {
        await board.close();
      }
    });

    test('rehearsal clock: set from a console, stored, followed by every station (also after a restart)', async () => {
      const dir = s.dataDir;
      // Stations built without an injected clock: their clock is the settable station clock.
      const a = await createStation({ dataDir: dir, db: target }, { heartbeat: false, identity: { id: randomUUID(), name: 'Floor A', role: 'floor' } });
      try {
        const r = must(await a.invoke('floor.clock.set', { at: '2022-04-13T10:00' }));
        assert.equal(r.rehearsal, true);
        const drift = Math.abs(a.clock.now().getTime() - Date.parse('2022-04-13T10:00:00+09:00'));
        assert.ok(drift < 5_000, `station A follows the rehearsal time (off by ${drift} ms)`);
        assert.equal(must(await a.invoke('floor.state', {})).rehearsal, true);
        const b = await createStation({ dataDir: dir, db: target }, { heartbeat: false, identity: { id: randomUUID(), name: 'Board B', role: 'board' } });
        try {
          assert.ok(Math.abs(b.clock.now().getTime() - Date.parse('2022-04-13T10:00:00+09:00')) < 5_000, 'a station started later picks it up from the database');
        } finally {
          await b.close();
        }
        const bad = await a.invoke('floor.clock.set', { at: 'next tuesday' });
        assert.equal(bad.ok ? 'ok' : bad.error.code, 'invalid_input');
        must(await a.invoke('floor.clock.set', { at: null }));
        assert.ok(Math.abs(a.clock.now().getTime() - Date.now()) < 5_000, 'cleared: back to real time');
      } finally {
        await a.close();
      }
    });
  });
}
