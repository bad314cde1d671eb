/**
 * Buyer local times across a DST change, end to end: a fair running on both sides of
 * New York's spring change (13 March 2022) has a 22:00 video meeting each evening; the
 * booth PC's meeting carries the buyer's zone, and the buyer's clock — on the booth
 * screen (contract localTime) and on the printed itinerary slip — reads 08:00 EST the
 * first evening and 09:00 EDT the second. SQLite and PostgreSQL.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { localTime, type BoothView } from '../contract/index';
import { SAMPLE_EVENT_2022 } from './helpers/sample-event';
import { slipOf } from '../main/services/itinerary/itinerary.service';

const FILE = [
  '일정ID,유형,제목,일자,시작,종료,장소,판매기업,구매기관,국가,방식,접속링크,바이어시간대',
  'N1,화상상담,1:1 화상상담,2022-03-12,22:00,22:20,화상상담실 부스1,(주)가온,New York Foods,미국,온라인,https://meet.example.com/n1,America/New_York',
  'N2,화상상담,1:1 화상상담,2022-03-14,22:00,22:20,화상상담실 부스1,(주)가온,New York Foods,미국,온라인,https://meet.example.com/n2,America/New_York',
].join('\n');

for (const tdb of testDatabases()) {
  describe(`buyer local time across New York's DST change (${tdb.name})`, () => {
    let s: Awaited<ReturnType<typeof testStation>>;
    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'admin', dataDir: dir, db: await tdb.target(dir), event: { ...SAMPLE_EVENT_2022, days: ['2022-03-12', '2022-03-14'] } });
      await seed(s, [visitor({ code: 'PPS22-800001', nameKo: '가온 대표', organisation: '(주)가온', registeredDays: ['2022-03-12', '2022-03-14'] })]);
      const r = must(await s.invoke('programme.import.commit', { fileName: 'dst.csv', dataBase64: Buffer.from(FILE).toString('base64') }));
      assert.equal(r.consultations, 2);
    });
    after(() => s.close());

    test('08:00 EST before the change, 09:00 EDT after — on the booth screen and the itinerary slip', async () => {
      const expect = [
        { day: '2022-03-12', id: 'N1', local: '08:00' },
        { day: '2022-03-14', id: 'N2', local: '09:00' },
      ];
      for (const e of expect) {
        s.clock.set(`${e.day}T21:50:00+09:00`);
        const v = must(await s.invoke('booth.view', { booth: '화상상담실 부스1' })) as BoothView;
        const m = v.next ?? v.current;
        assert.equal(m?.id, e.id);
        assert.equal(m!.buyerTimeZone, 'America/New_York');
        assert.deepEqual(localTime(m!.start, m!.buyerTimeZone!), { time: e.local, dayOffset: 0 });
        const it = must(await s.invoke('itinerary.get', { code: 'PPS22-800001' }));
        assert.equal(it.status, 'found');
        if (it.status !== 'found') return;
        const slip = slipOf(it.itinerary, '가온 대표', 'Fair', 'Asia/Seoul');
        assert.equal(slip.lines[0]!.time, '22:00–22:20');
        assert.match(slip.lines[0]!.note, new RegExp(`현지 local ${e.local}`));
      }
    });
  });
}
