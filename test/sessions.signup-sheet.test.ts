import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { pdfText } from './helpers/pdf-text';
import { peerStation, type Peer } from './helpers/peer-station';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';

const SESSIONS = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/sessions.csv'));
const CODES = Array.from({ length: 5 }, (_, i) => `PPS22-71000${i}`);

for (const tdb of testDatabases()) {
  describe(`sessions: the sign-up list a tour leaves with (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    let target: DbTarget;
    const peers: Peer[] = [];
    let n = 0;
    const nonce = () => `sheet-${tdb.name}-${++n}`;
    const at = (hm: string) => s.clock.set(`2022-04-13T${hm}:00+09:00`);

    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      s = await testStation({ role: 'admin', name: 'Floor console', dataDir: dir, db: target });
      await seed(s, [
        visitor({ code: CODES[0]!, nameKo: '김첫째', nameEn: 'Kim First', organisation: '조달청' }),
        visitor({ code: CODES[1]!, nameKo: '이둘째', organisation: '한국도로공사' }),
        visitor({ code: CODES[2]!, nameKo: '박셋째', organisation: '조달청' }),
        visitor({ code: CODES[3]!, nameKo: '=HYPERLINK("http://x")', organisation: '@evil' }),
        visitor({ code: CODES[4]!, nameKo: '최없음', organisation: null }),
      ]);
      must(await s.invoke('programme.import.commit', { fileName: 'sessions.csv', dataBase64: SESSIONS.toString('base64') }));
      at('09:50');
      // Checked in at the entrance: the 2nd and 3rd to sign up, and one who never signs up.
      for (const code of [CODES[3]!, CODES[1]!, CODES[4]!]) must(await s.invoke('checkin.scan', { code, nonce: nonce() }));
      // TOUR1 (10:30, capacity 2): sign-ups in an order unlike the codes' order.
      const order = [CODES[2]!, CODES[3]!, CODES[1]!, CODES[0]!];
      for (const [i, code] of order.entries()) {
        at(`10:0${i}`);
        const r = must(await s.invoke('sessions.signup', { nonce: nonce(), sessionId: 'TOUR1', code }));
        assert.equal(r.status, i < 2 ? 'confirmed' : 'waitlisted');
      }
      at('10:28');
      const d = must(await s.invoke('sessions.door.scan', { nonce: nonce(), code: CODES[3]!, direction: 'in', sessionId: 'TOUR1' }));
      assert.equal(d.status, 'admitted');
    });
    after(async () => {
      for (const p of peers) await p.close();
      await s.close();
    });

    test('confirmed in sign-up order, then the waitlist with positions; checked in and admitted per person', async () => {
      const sheet = must(await s.invoke('sessions.signups.sheet', { sessionId: 'TOUR1' }));
      assert.deepEqual([sheet.title, sheet.meetingPoint, sheet.capacity], ['가이드 투어', '3홀 입구 안내데스크', 2]);
      const flat = (rows: typeof sheet.confirmed) => rows.map((r) => [r.place, r.status, r.code, r.checkedIn, r.admitted]);
      assert.deepEqual(flat(sheet.confirmed), [
        [1, 'confirmed', CODES[2], false, false],
        [2, 'confirmed', CODES[3], true, true],
      ]);
      assert.deepEqual(flat(sheet.waitlist), [
        [1, 'waitlisted', CODES[1], true, false],
        [2, 'waitlisted', CODES[0], false, false],
      ]);
      assert.deepEqual([sheet.waitlist[1]!.nameKo, sheet.waitlist[1]!.nameEn, sheet.waitlist[1]!.organisation], ['김첫째', 'Kim First', '조달청']);

      // A cancel promotes the first in line; the list follows.
      must(await s.invoke('sessions.signup.cancel', { nonce: nonce(), sessionId: 'TOUR1', code: CODES[2]! }));
      const after = must(await s.invoke('sessions.signups.sheet', { sessionId: 'TOUR1' }));
      assert.deepEqual(after.confirmed.map((r) => r.code), [CODES[3], CODES[1]]);
      assert.deepEqual(after.waitlist.map((r) => [r.place, r.code]), [[1, CODES[0]]]);

      // A session nobody signed up for: empty lists; an unknown session: not_found.
      const empty = must(await s.invoke('sessions.signups.sheet', { sessionId: 'TOUR2' }));
      assert.deepEqual([empty.confirmed, empty.waitlist], [[], []]);
      const none = await s.invoke('sessions.signups.sheet', { sessionId: 'NOPE' });
      assert.equal(!none.ok && none.error.code, 'not_found');
    });

    test('CSV (UTF-8 BOM, formula cells neutralised) and an A4 PDF with the Korean names, checked by its text', async () => {
      const csv = must(await s.invoke('sessions.signups.sheet.export', { sessionId: 'TOUR1', format: 'csv' }));
      assert.equal(csv.fileName, 'signups-TOUR1-2022-04-13.csv');
      const text = Buffer.from(csv.dataBase64, 'base64').toString('utf8');
      assert.ok(text.startsWith('\uFEFF'));
      const lines = text.slice(1).trimEnd().split('\r\n');
      assert.equal(lines.length, 1 + 3);
      assert.match(lines[1]!, /^확정 confirmed,1,PPS22-710003,"?'=HYPERLINK/);
      assert.match(lines[1]!, /'@evil,Y,Y,/);
      assert.match(lines[2]!, /^확정 confirmed,2,PPS22-710001,이둘째,,한국도로공사,Y,N,/);
      assert.match(lines[3]!, /^대기 waitlist,1,PPS22-710000,김첫째,Kim First,조달청,N,N,/);

      const pdf = must(await s.invoke('sessions.signups.sheet.export', { sessionId: 'TOUR1', format: 'pdf' }));
      assert.equal(pdf.mime, 'application/pdf');
      const p = await pdfText(pdf.dataBase64);
      assert.equal(p.pages, 1);
      const flat = p.text.replace(/\s+/g, '');
      for (const want of ['신청자명단', '가이드투어', '3홀입구안내데스크', '이둘째', '김첫째(KimFirst)', 'PPS22-710000', '대기1', '한국도로공사']) {
        assert.ok(flat.includes(want), `PDF has ${want}:\n${p.text.slice(0, 500)}`);
      }
      assert.ok(flat.indexOf('이둘째') < flat.indexOf('김첫째'), 'confirmed before the waitlist');
    });

    test('a long list runs onto more A4 pages, the title and column labels repeated', async () => {
      // TRAIN1 seats 30: 80 sign-ups are 30 confirmed (page 1) and 50 waiting (pages 2 and 3).
      const many = Array.from({ length: 80 }, (_, i) => `PPS22-73${String(i).padStart(4, '0')}`);
      await seed(s, many.map((code, i) => visitor({ code, nameKo: `수강생${i + 1}`, organisation: '조달청' })));
      for (const code of many) must(await s.invoke('sessions.signup', { nonce: nonce(), sessionId: 'TRAIN1', code }));
      const pdf = must(await s.invoke('sessions.signups.sheet.export', { sessionId: 'TRAIN1', format: 'pdf' }));
      const p = await pdfText(pdf.dataBase64);
      assert.equal(p.pages, 3);
      const flat = p.text.replace(/\s+/g, '');
      assert.equal(flat.split('신청자명단Sign-uplist').length - 1, 3, 'the title on each page');
      assert.equal(flat.split('등록번호Code').length - 1, 3, 'column labels: confirmed, waitlist, the waitlist continued on page 3');
      for (const want of ['수강생1', '수강생30', '대기Waitlist(50)', '대기50', '수강생80']) assert.ok(flat.includes(want), want);
    });

    test('personal data: floor may read and print the list; kiosk, board, door and desk are refused', async () => {
      const floor = await peerStation(tdb, s, target, 'floor', 'Floor tablet');
      peers.push(floor);
      assert.equal(must(await floor.invoke('sessions.signups.sheet', { sessionId: 'TOUR1' })).confirmed.length, 2);
      must(await floor.invoke('sessions.signups.sheet.export', { sessionId: 'TOUR1', format: 'csv' }));
      for (const role of ['kiosk', 'board', 'door', 'desk'] as const) {
        const p = await peerStation(tdb, s, target, role, `${role} station`);
        peers.push(p);
        for (const [ch, input] of [
          ['sessions.signups.sheet', { sessionId: 'TOUR1' }],
          ['sessions.signups.sheet.export', { sessionId: 'TOUR1', format: 'pdf' }],
        ] as const) {
          const r = await p.invoke(ch, input);
          assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden', `${role} ${ch}`);
        }
      }
    });
  });
}
