/**
 * D7, D9, D13–D15: bad input changes nothing and gets a clear answer, the same on SQLite
 * and PostgreSQL — NUL characters anywhere in a string, a walk-in e-mail that is not one,
 * a stamp point assigned to a station nobody knows, a CSV with a stray NUL or two
 * encodings; and CSV exports neutralise every formula lead-in a spreadsheet honours.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { findNul } from '../contract/index';
import type { Station } from '../main/core/station';
import { toCsv } from '../main/services/rally/rally-report.service';
import { mixedEncoding } from '../main/services/import/tabular';
import { testDatabases } from './helpers/databases';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';

const HEADER = '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의';
const ROW = (n: number, name: string) => `PPS22-7000${n},${name},,한국도로공사,이사,일반참관객,010-5025-20${n}0,u${n}@example.co.kr,대한민국,4/13,Y`;

for (const tdb of testDatabases()) {
  describe(`bad input changes nothing (${tdb.name})`, () => {
    let s: Station;
    const count = async (t: 'visitors' | 'checkins' | 'rally_station_points') =>
      Number((await s.handle.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      const dir = tempDir();
      s = await testStation({ dataDir: dir, db: await tdb.target(dir) });
      await seed(s, [visitor({ code: 'PPS22-700001', nameKo: '김은희' })]);
    });
    after(() => s?.close());

    test('D7: a NUL anywhere in a string input is invalid_input naming the field, on both databases', async () => {
      const before = { v: await count('visitors'), c: await count('checkins') };
      const cases: [string, unknown, string][] = [
        ['visitors.walkIn', { nonce: 'nul-walkin-1', nameKo: '홍\u0000길동', phone: '010-1234-5678', category: 'visitor', consent: true }, 'nameKo'],
        ['checkin.scan', { code: 'PPS22-700001\u0000', nonce: 'nul-scan-1' }, 'code'],
        ['visitors.search', { q: '\u0000' }, 'q'],
        ['checkin.scan', { code: 'PPS22-700001', nonce: 'nul-\u0000' }, 'nonce'],
      ];
      for (const [ch, input, field] of cases) {
        const r = await s.router.call(s.caller, ch, input);
        assert.equal(r.ok, false, ch);
        if (!r.ok) {
          assert.equal(r.error.code, 'invalid_input', `${ch}: ${r.error.message}`);
          assert.match(r.error.message, new RegExp(`NUL character in ${field}`));
        }
      }
      assert.deepEqual({ v: await count('visitors'), c: await count('checkins') }, before);
      assert.equal(findNul({ a: [{ b: 'x\u0000' }] }), 'a.0.b');
      assert.equal(findNul({ a: ['ok'], n: 3 }), null);
    });

    test('D15: a walk-in e-mail must look like one (empty means none)', async () => {
      const base = { nameKo: '홍길동', phone: '010-1234-5678', category: 'visitor', consent: true };
      for (const email of ['not-an-email', 'a@b', 'a b@example.com', '@example.com']) {
        const r = await s.router.call(s.caller, 'visitors.walkIn', { ...base, nonce: `mail-bad-${email}`, email });
        assert.equal(r.ok, false, email);
        if (!r.ok) assert.equal(r.error.code, 'invalid_input');
      }
      must(await s.invoke('visitors.walkIn', { ...base, nonce: 'mail-ok-0001', email: 'hong@example.co.kr' }));
      must(await s.invoke('visitors.walkIn', { ...base, nameKo: '홍길순', nonce: 'mail-empty-0001', email: '' }));
    });

    test('D14: rally.station.assign refuses a station id this database does not know', async () => {
      must(await s.invoke('rally.config', {}));
      const before = await count('rally_station_points');
      const r = await s.invoke('rally.station.assign', { pointId: 'hall3', stationId: 'no-such-station' });
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, 'not_found');
      assert.equal(await count('rally_station_points'), before);
      must(await s.invoke('rally.station.assign', { pointId: 'hall3', stationId: s.identity.id }));
    });

    test('D13: a CSV with a stray NUL or two encodings is refused with what and where', async () => {
      const preview = (bytes: Buffer) => s.invoke('import.registrations.preview', { fileName: 'r.csv', dataBase64: bytes.toString('base64') });
      const reason = (r: Awaited<ReturnType<typeof preview>>) => {
        assert.equal(r.ok, false);
        return !r.ok ? (r.error.details as { reason: string; line?: number }) : null;
      };
      const nul = Buffer.from([HEADER, ROW(1, '김은희'), ROW(2, '배정\u0000호'), ROW(3, '양현석')].join('\r\n'), 'utf8');
      assert.deepEqual(reason(await preview(nul)), { reason: 'nul_in_text', line: 3 });
      const mixed = Buffer.concat([Buffer.from([HEADER, ROW(1, '김은희'), ''].join('\r\n'), 'utf8'), iconv.encode([ROW(2, '배정호'), ROW(3, '양현석')].join('\r\n'), 'cp949')]);
      assert.deepEqual(reason(await preview(mixed)), { reason: 'mixed_encoding', line: 3 });
      // One encoding throughout is still read (CP949 and UTF-8 alike).
      const cp949 = iconv.encode([HEADER, ROW(1, '김은희'), ROW(2, '배정호')].join('\r\n'), 'cp949');
      assert.equal(mixedEncoding(cp949), null);
      assert.equal(must(await preview(cp949)).encoding, 'cp949');
    });
  });
}

describe('D9: CSV export cells', () => {
  test('formula lead-ins, their full-width forms, a leading TAB or CR are neutralised', () => {
    const csv = toCsv(['v'], [['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['\t=1'], ['\r=1'], ['＝1+1'], ['＋1'], ['－1'], ['＠x'], ['plain'], [42]]);
    const cells = csv.slice(1).split('\r\n').slice(1, -1);
    assert.deepEqual(cells, ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", `"'\r=1"`, "'＝1+1", "'＋1", "'－1", "'＠x", 'plain', '42']);
  });
});
