/**
 * Walk-ins that are someone already registered (issue 14): the desk is shown the visitors
 * with the same mobile number (010 and +82 alike) before registering; the same name and
 * number twice is refused unless staff confirm it is someone else.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { Station } from '../main/core/station';
import { testDatabases } from './helpers/databases';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';

for (const tdb of testDatabases()) {
  describe(`walk-in duplicates (${tdb.name})`, () => {
    let s: Station;
    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'desk', name: 'Desk 1', dataDir: dir, db: await tdb.target(dir) });
      await seed(s, [visitor({ code: 'PPS22-100001', nameKo: '김은희', organisation: '한국도로공사', phone: '010-5025-2066' })]);
    });
    after(() => s.close());

    const walkIn = (nonce: string, nameKo: string, phone: string, duplicateOk?: boolean) =>
      s.invoke('visitors.walkIn', { nonce, nameKo, phone, category: 'visitor', consent: true, ...(duplicateOk ? { duplicateOk } : {}) });

    test('a pre-registered visitor walking in is offered, same name first; +82 is the same number', async () => {
      const r = must(await s.invoke('visitors.walkIn.similar', { nameKo: '김 은희', phone: '+82 10-5025-2066' }));
      assert.deepEqual(r.hits.map((h) => [h.code, h.sameName, h.checkedInToday]), [['PPS22-100001', true, false]]);
      assert.equal(r.hits[0]!.phoneMasked?.includes('5025'), false, 'masked');
      assert.deepEqual(must(await s.invoke('visitors.walkIn.similar', { nameKo: '김은희', phone: '010-0000-2066' })).hits, []);
    });

    test('the same name and number again is refused (nothing written) unless staff say it is someone else', async () => {
      const refused = await walkIn('walkin-dup-0001', '김은희', '01050252066');
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'conflict');
      assert.equal((await s.handle.db.selectFrom('visitors').select('code').execute()).length, 1);
      // Another name on the same number (a colleague's phone): registered, but offered first.
      const other = must(await walkIn('walkin-dup-0002', '박서준', '010-5025-2066'));
      assert.match(other.visitor.code, /^W-/);
      const twice = await walkIn('walkin-dup-0003', '박서준', '010-5025-2066');
      assert.equal(twice.ok ? 'ok' : twice.error.code, 'conflict', 'the same walk-in twice');
      const similar = must(await s.invoke('visitors.walkIn.similar', { nameKo: '박서준', phone: '010-5025-2066' }));
      assert.deepEqual(similar.hits.map((h) => [h.nameKo, h.sameName, h.checkedInToday]), [['박서준', true, true], ['김은희', false, false]]);
      // Staff looked and it really is a different 박서준: registered.
      must(await walkIn('walkin-dup-0004', '박서준', '010-5025-2066', true));
      assert.equal((await s.handle.db.selectFrom('visitors').select('code').execute()).length, 3);
    });
  });
}
