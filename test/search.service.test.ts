import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import type { Station } from '../main/core/station';
import { chosung, classifyQuery } from '../main/services/visitors/search-keys';
import { normalizeScannedCode } from '../main/services/checkin/scan-code';
import { hangulKeysToLatin } from '../contract/hangul-keys';
import { looksLikeCode } from '../contract/index';

describe('search keys (pure)', () => {
  test('초성 and query kinds', () => {
    assert.equal(chosung('김철웅'), 'ㄱㅊㅇ');
    assert.equal(classifyQuery('ㄱㅊㅇ').kind, 'initials');
    assert.equal(classifyQuery('2066').kind, 'phone_last4');
    assert.equal(classifyQuery('user1@ex').kind, 'email');
    assert.equal(classifyQuery('PPS22-1000').kind, 'code');
    assert.equal(classifyQuery('김은').kind, 'name');
    assert.equal(classifyQuery('   ').kind, null);
  });
  test('Korean IME scanner input maps back to Latin keys', () => {
    assert.equal(hangulKeysToLatin('ㅔㅔㄴ'), 'pps');
    assert.equal(normalizeScannedCode('ㅔㅔㄴ22-100001'), 'PPS22-100001');
    assert.equal(normalizeScannedCode(' pps22-100001\r\n'), 'PPS22-100001');
    assert.equal(normalizeScannedCode('https://x.y/z'), null);
  });
  test('a code a scanner typed in Korean mode is a code for search and the desk; a name with digits is not', () => {
    assert.ok(looksLikeCode('ㅔㅔㄴ22-100001'));
    assert.deepEqual(classifyQuery('ㅔㅔㄴ22-1000'), { kind: 'code', key: 'pps22-1000' });
    assert.ok(!looksLikeCode('김2066'), 'a person typing a name and digits');
    assert.ok(!looksLikeCode('ㄱㅇㅎ'), '초성 has no digits');
    assert.equal(classifyQuery('ㄱㅇㅎ').kind, 'initials');
  });
});

for (const tdb of testDatabases()) describe(`visitor search (${tdb.name})`, () => {
  let s: Station;
  before(async () => {
    const dataDir = tempDir();
    s = await testStation({ dataDir, db: await tdb.target(dataDir) });
    await seed(s, [
      visitor({ code: 'PPS22-100001', nameKo: '김은희', organisation: '한국토지주택공사', phone: '010-5025-2066', email: 'user1@example.co.kr' }),
      visitor({ code: 'PPS22-100002', nameKo: '김철웅', organisation: '(주)그린에너지', phone: '010-1111-2222' }),
      visitor({ code: 'PPS22-100004', nameKo: 'Piotr Kowalski', nameEn: 'Piotr Kowalski', organisation: 'Kenya Holdings', phone: '+45 188133767' }),
      visitor({ code: 'PPS22-100005', nameKo: '남궁민수', organisation: '조달청' }),
    ]);
  });
  after(() => s.close());
  const codes = async (q: string) => must(await s.invoke('visitors.search', { q })).hits.map((h) => h.code);

  test('full name, partial, given name, 초성', async () => {
    assert.deepEqual(await codes('김은희'), ['PPS22-100001']);
    assert.deepEqual((await codes('김')).sort(), ['PPS22-100001', 'PPS22-100002']);
    assert.deepEqual(await codes('은희'), ['PPS22-100001']);
    assert.deepEqual(await codes('ㄱㅊㅇ'), ['PPS22-100002']);
    assert.deepEqual(await codes('ㄱㅇ'), ['PPS22-100001'], '초성 prefix');
    assert.deepEqual(await codes('민수'), ['PPS22-100005']);
  });
  test('a code typed by a scanner in Korean mode finds the visitor', async () => {
    assert.deepEqual(await codes('ㅔㅔㄴ22-100001'), ['PPS22-100001']);
  });
  test('English name, organisation, e-mail, code, phone last 4', async () => {
    assert.deepEqual(await codes('kowal'), ['PPS22-100004']);
    assert.deepEqual(await codes('piotr kowalski'), ['PPS22-100004']);
    assert.deepEqual(await codes('토지주택'), ['PPS22-100001']);
    assert.deepEqual(await codes('그린'), ['PPS22-100002']);
    assert.deepEqual(await codes('USER1@'), ['PPS22-100001']);
    assert.deepEqual(await codes('pps22-100002'), ['PPS22-100002']);
    assert.deepEqual(await codes('2066'), ['PPS22-100001']);
    assert.deepEqual(await codes('3767'), ['PPS22-100004']);
    // A whole number or its tail, with or without dashes; codes by prefix.
    assert.deepEqual(await codes('010-5025-2066'), ['PPS22-100001']);
    assert.deepEqual(await codes('50252066'), ['PPS22-100001']);
    assert.deepEqual(await codes('45 188133767'), ['PPS22-100004']);
    assert.deepEqual(await codes('010-9999-2066'), []);
    assert.deepEqual((await codes('pps22-10000')).sort(), ['PPS22-100001', 'PPS22-100002', 'PPS22-100004', 'PPS22-100005']);
  });
  test('a changed visitor is found by the new name only, and no key rows are left over', async () => {
    const keysOf = async (code: string) => (await s.handle.db.selectFrom('search_keys').select('key').where('visitor_code', '=', code).execute()).map((r) => r.key).sort();
    await seed(s, [visitor({ code: 'PPS22-100009', nameKo: '서지민', email: 'old@example.kr' })]);
    assert.deepEqual(await codes('지민'), ['PPS22-100009']);
    await seed(s, [visitor({ code: 'PPS22-100009', nameKo: '서하준', email: 'new@example.kr' })]);
    assert.deepEqual(await codes('지민'), []);
    assert.deepEqual(await codes('old@'), []);
    assert.deepEqual(await codes('하준'), ['PPS22-100009']);
    assert.deepEqual(await keysOf('PPS22-100009'), ['new@example.kr', 'ㅅㅎㅈ', '서하준', '하준']);
  });

  test('results never carry a clear phone or e-mail', async () => {
    const r = must(await s.invoke('visitors.search', { q: '김은희' }));
    const text = JSON.stringify(r);
    assert.ok(!text.includes('5025'), 'middle of phone masked');
    assert.ok(!text.includes('user1@'), 'e-mail masked');
  });
  test('empty, SQL-looking and huge queries are harmless', async () => {
    assert.deepEqual(await codes(''), []);
    assert.deepEqual(await codes("'; DROP TABLE visitors; --"), []);
    const huge = await s.invoke('visitors.search', { q: '김'.repeat(10_000) });
    assert.equal(huge.ok, false);
    assert.equal((await codes('김은희')).length, 1, 'table still there');
  });
});
