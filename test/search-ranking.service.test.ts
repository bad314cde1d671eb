import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import type { Station } from '../main/core/station';

/** Search order at the desk (clock: 2022-04-13): whole-query matches, then today's registrations. */
for (const tdb of testDatabases()) describe(`visitor search ranking (${tdb.name})`, () => {
  let s: Station;
  before(async () => {
    const dataDir = tempDir();
    s = await testStation({ dataDir, db: await tdb.target(dataDir) });
    await seed(s, [
      // Key order alone would list 김가영 (14th only) before the others.
      visitor({ code: 'PPS22-200001', nameKo: '김가영', registeredDays: ['2022-04-14'] }),
      visitor({ code: 'PPS22-200002', nameKo: '김나리', registeredDays: ['2022-04-13'] }),
      visitor({ code: 'PPS22-200003', nameKo: '김다은', registeredDays: ['2022-04-13', '2022-04-14'] }),
      // A whole-name match ranks first even when not registered for today.
      visitor({ code: 'PPS22-200004', nameKo: '이김', registeredDays: ['2022-04-15'] }),
      visitor({ code: 'PPS22-200005', nameKo: '김', registeredDays: ['2022-04-15'] }),
    ]);
  });
  after(() => s.close());
  const codes = async (q: string) => must(await s.invoke('visitors.search', { q })).hits.map((h) => h.code);

  test("today's registrations come before other days' among prefix matches", async () => {
    // Whole-query matches (name 김, given name 김 of 이김) in either order, then today's, then the rest.
    const found = await codes('김');
    assert.deepEqual(found.slice(0, 2).sort(), ['PPS22-200004', 'PPS22-200005']);
    assert.deepEqual(found.slice(2), ['PPS22-200002', 'PPS22-200003', 'PPS22-200001']);
    // 초성 are keyed on the whole name: ㄱ is all of 김 (first), then today's, then the rest.
    assert.deepEqual(await codes('ㄱ'), ['PPS22-200005', 'PPS22-200002', 'PPS22-200003', 'PPS22-200001']);
  });
});
