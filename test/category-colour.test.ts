/**
 * One colour source for visitor categories (issue 11): the event's categories. Changing a
 * category's band colour on the event changes the paper badge's band, the badge screen's
 * legend and the designer's view of it; a badge design cannot hold a colour of its own
 * (a stray one, as a design saved before carried, is dropped). On both databases.
 * The desk chip reads the same event row in the browser: test/e2e/category-colour-1.
 */
import { afterAll, beforeAll, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { DEFAULT_CATEGORIES } from '../contract/index';
import type { Station } from '../main/core/station';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';

const START = DEFAULT_CATEGORIES.find((c) => c.id === 'exhibitor')!.band;
const NEW_BAND = '#0b5fa5';

/** The A6 paper badge page for a visitor, as the desk prints it. */
async function paperBand(s: Station, code: string, nonce: string, reprint: boolean): Promise<string> {
  const job = must(await s.invoke('printing.paper.print', { code, nonce, ...(reprint ? { reprintReason: 'lost' as const } : {}) }));
  assert.equal(job.status, 'ready');
  const page = must(await s.invoke('printing.paper.page', { jobId: job.status === 'ready' ? job.jobId : '' }));
  assert.equal(page.status, 'page');
  return page.status === 'page' ? page.html : '';
}

for (const tdb of testDatabases()) {
  describe(`a category's colour comes from the event (${tdb.name})`, () => {
    let s: Station;
    beforeAll(async () => {
      const dir = tempDir();
      s = await testStation({ dataDir: dir, db: await tdb.target(dir) });
      await seed(s, [visitor({ code: 'PPS22-700001', nameKo: '문하늘', organisation: '(주)하늘기술', category: 'exhibitor' })]);
    });
    afterAll(() => s.close());

    test('the organiser changes the exhibitor band on the event: the paper badge and the legend follow', async () => {
      const before = await paperBand(s, 'PPS22-700001', 'colour-paper-1', false);
      assert.ok(before.toLowerCase().includes(START), `the starting band ${START} on the paper badge`);
      const legend = async () => must(await s.invoke('printing.templates', {})).categories.find((c) => c.category === 'exhibitor')!.colour;
      assert.equal(await legend(), START);

      const ev = must(await s.invoke('event.get', {}));
      const exhibitor = ev.categories.find((c) => c.id === 'exhibitor')!;
      must(await s.invoke('event.set', { name: ev.name, days: ev.days, timeZone: ev.timeZone, halls: ev.halls, categories: [{ ...exhibitor, band: NEW_BAND }] }));

      const after = await paperBand(s, 'PPS22-700001', 'colour-paper-2', true);
      assert.ok(after.toLowerCase().includes(NEW_BAND), 'the new band on the paper badge');
      assert.ok(!after.toLowerCase().includes(START), 'and the old one nowhere');
      assert.equal(await legend(), NEW_BAND);
    });

    test('a badge design holds no colour: a stray one is dropped and the band stays the event’s', async () => {
      const { design } = must(await s.invoke('printing.design.get', {}));
      for (const c of Object.values(design.categories)) assert.deepEqual(Object.keys(c), ['fields']);
      const stray = { ...design, categories: { ...design.categories, exhibitor: { fields: ['organisation'], colour: '#ff0000' } } };
      must(await s.invoke('printing.design.save', { design: stray as typeof design }));
      assert.deepEqual(must(await s.invoke('printing.design.get', {})).design.categories.exhibitor, { fields: ['organisation'] });
      const html = await paperBand(s, 'PPS22-700001', 'colour-paper-3', true);
      assert.ok(!html.toLowerCase().includes('#ff0000'), 'the stray colour prints nowhere');
      assert.ok(html.toLowerCase().includes(NEW_BAND));
    });
  });
}
