/**
 * Video booths in the programme file, SQLite and PostgreSQL: the join-link and buyer
 * time-zone columns (http(s) only; an IANA zone, else a clear rejection), the file's
 * zone winning over the country map (the United States has more than New York), and the
 * buyer's local time following DST changes through Intl.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import { localTime } from '../contract/index';
import { parseJoinLink, parseTimeZone } from '../main/services/programme/programme.import';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const HEAD = '일정ID,유형,제목,일자,시작,종료,장소,판매기업,구매기관,국가,방식,접속링크,바이어시간대';
const FILE = [
  HEAD,
  'B1,화상상담,1:1 화상상담,2022-04-13,10:00,10:14,화상상담실 부스1,(주)가온,New York Foods,미국,온라인,https://meet.example.com/abc?pwd=1,America/New_York',
  'B2,화상상담,1:1 화상상담,2022-04-13,10:00,10:14,화상상담실 부스2,(주)나래,LA Trading,미국,온라인,https://zoom.example.com/j/123,America/Los_Angeles',
  'B3,화상상담,1:1 화상상담,2022-04-13,10:00,10:14,화상상담실 부스3,(주)다온,İstanbul Yapı,튀르키예,온라인,,',
  'B4,화상상담,1:1 화상상담,2022-04-13,10:15,10:29,화상상담실 부스1,(주)라온,Bad Link,미국,온라인,javascript:alert(1),America/New_York',
  'B5,화상상담,1:1 화상상담,2022-04-13,10:15,10:29,화상상담실 부스2,(주)마루,Bad Zone,미국,온라인,https://meet.example.com/x,Mars/Olympus',
  'B6,화상상담,1:1 화상상담,2022-04-13,10:15,10:29,화상상담실 부스3,(주)바다,FTP,중국,온라인,ftp://files.example.com/a,Asia/Shanghai',
].join('\n');

describe('join links and time zones, cell by cell', () => {
  test('links: http(s) only, no credentials', () => {
    assert.equal(parseJoinLink('https://meet.example.com/a b').link, 'https://meet.example.com/a%20b');
    for (const bad of ['javascript:alert(1)', 'ftp://x.example', 'file:///etc/passwd', 'meet.example.com/abc', 'https://user:pw@meet.example.com/', 'http://']) {
      assert.ok(parseJoinLink(bad).bad !== undefined, bad);
    }
    assert.deepEqual(parseJoinLink(''), { link: null });
  });
  test('zones: IANA names only; a country or an offset is not a zone', () => {
    assert.equal(parseTimeZone('Europe/Istanbul').tz, 'Europe/Istanbul');
    // Accepted as Intl spells it (ICU may fold a three-part name to its alias).
    assert.match(parseTimeZone('America/Argentina/Buenos_Aires').tz ?? '', /Buenos_Aires$/);
    for (const bad of ['Mars/Olympus', 'Turkey Time', '미국', '+09:00', 'GMT+9', 'America/New_York\u0000', 'Asia/Seoul; DROP']) {
      assert.ok(parseTimeZone(bad).bad !== undefined, bad);
    }
  });
  test('buyer local time follows DST: New York across 13 March 2022, Berlin across 27 March 2022', () => {
    // 22:00 in Seoul on both evenings: 08:00 EST before the change, 09:00 EDT after.
    assert.deepEqual(localTime('2022-03-12T22:00:00+09:00', 'America/New_York'), { time: '08:00', dayOffset: 0 });
    assert.deepEqual(localTime('2022-03-14T22:00:00+09:00', 'America/New_York'), { time: '09:00', dayOffset: 0 });
    // 17:00 in Seoul: 09:00 CET, then 10:00 CEST.
    assert.equal(localTime('2022-03-26T17:00:00+09:00', 'Europe/Berlin').time, '09:00');
    assert.equal(localTime('2022-03-28T17:00:00+09:00', 'Europe/Berlin').time, '10:00');
    // A 10:00 meeting in Seoul is the evening before in New York, and the same morning in Istanbul.
    assert.deepEqual(localTime('2022-04-13T10:00:00+09:00', 'America/New_York'), { time: '21:00', dayOffset: -1 });
    assert.deepEqual(localTime('2022-04-13T10:00:00+09:00', 'Europe/Istanbul'), { time: '04:00', dayOffset: 0 });
    assert.deepEqual(localTime('2022-04-13T10:00:00+09:00', 'Pacific/Auckland'), { time: '13:00', dayOffset: 0 });
  });
});

for (const tdb of testDatabases()) {
  describe(`video booths in the programme (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'floor', name: 'Floor 1', dataDir: dir, db: await tdb.target(dir), clock: undefined });
      s.clock.set('2022-04-13T09:55:00+09:00');
    });
    after(() => s.close());

    test('bad links and unknown zones reject their rows with the reason; the rest import with link and zone', async () => {
      const r = must(await s.invoke('programme.import.commit', { fileName: 'booths.csv', dataBase64: b64(FILE) }));
      assert.deepEqual(
        r.rejected.map((x) => [x.row, x.reason, x.detail]),
        [
          [5, 'invalid_link', 'javascript:alert(1)'],
          [6, 'unknown_time_zone', 'Mars/Olympus'],
          [7, 'invalid_link', 'ftp://files.example.com/a'],
        ],
      );
      assert.equal(r.inserted, 3);
      const rows = await s.handle.db.selectFrom('programme_items').select(['id', 'join_link', 'buyer_tz']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: 'B1', join_link: 'https://meet.example.com/abc?pwd=1', buyer_tz: 'America/New_York' },
        { id: 'B2', join_link: 'https://zoom.example.com/j/123', buyer_tz: 'America/Los_Angeles' },
        { id: 'B3', join_link: null, buyer_tz: null },
      ]);
      // A re-import is unchanged; a file without the new columns would hash as before.
      assert.equal(must(await s.invoke('programme.import.commit', { fileName: 'booths.csv', dataBase64: b64(FILE) })).unchanged, 3);
    });

    test("the file's zone wins over the country; the country map is only the fallback", async () => {
      const st = must(await s.invoke('floor.state', {}));
      const zone = (table: string) => st.tables.find((t) => t.name === table)!.next!.buyerTimeZone;
      assert.equal(zone('화상상담실 부스1'), 'America/New_York');
      assert.equal(zone('화상상담실 부스2'), 'America/Los_Angeles', '미국 alone would have said New York');
      assert.equal(zone('화상상담실 부스3'), 'Europe/Istanbul', 'no zone in the file: from the country');
      const la = st.tables.find((t) => t.name === '화상상담실 부스2')!.next!;
      assert.deepEqual(localTime(la.start, la.buyerTimeZone!), { time: '18:00', dayOffset: -1 });
    });
  });
}
