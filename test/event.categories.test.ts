/**
 * Visitor categories are the organiser's, on SQLite and PostgreSQL: a category added in
 * the event setup is read by import (KO/EN label or id), validity, badges, the badge
 * designer, the dashboard, reports and walk-ins; one no visitor holds can be removed,
 * one in use cannot (KO/EN, nothing changed).
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { CATEGORIES } from '../contract/index';
import { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';

const FAIR_2026 = {
  name: { ko: '2026 공공조달박람회', en: 'Public Procurement Expo 2026' },
  days: ['2026-05-20', '2026-05-21', '2026-05-22'],
  timeZone: 'Asia/Seoul',
  halls: [{ id: 'a', ko: 'A홀', en: 'Hall A' }],
};
const DELEGATION = { id: 'buyer_delegation', ko: '바이어 상담단', en: 'Buyer delegation', band: '#0a7b83', validity: 'every_day' as const };

const csv = (rows: string[]) => Buffer.from(['등록번호,성명,구분,휴대폰,참가일자', ...rows].join('\r\n')).toString('base64');

async function importRows(s: Station, rows: string[]) {
  const p = must(await s.invoke('import.registrations.preview', { fileName: 'cat.csv', dataBase64: csv(rows) }));
  must(await s.invoke('import.registrations.commit', { importId: p.importId }));
  return p;
}

for (const tdb of testDatabases()) describe(`visitor categories as data (${tdb.name})`, () => {
  let s: Station & { clock: FakeClock; dataDir: string };
  before(async () => {
    const dataDir = tempDir();
    s = await testStation({ dataDir, db: await tdb.target(dataDir), event: null, clock: new FakeClock('2026-05-20T09:30:00+09:00') });
    must(await s.invoke('event.set', FAIR_2026));
  });
  after(() => s.close());

  test('a fresh event has the starting categories; an organiser adds one, shown in the preview', async () => {
    assert.deepEqual(must(await s.invoke('event.get', {})).categories.map((c) => c.id), [...CATEGORIES]);
    const p = must(await s.invoke('event.preview', { ...FAIR_2026, categories: [DELEGATION] }));
    assert.deepEqual(p.addedCategories, ['buyer_delegation']);
    assert.deepEqual(p.problems, []);
    const ev = must(await s.invoke('event.set', { ...FAIR_2026, categories: [DELEGATION] }));
    assert.deepEqual(ev.categories.at(-1), DELEGATION);
    assert.equal(ev.categories.length, CATEGORIES.length + 1);
    // A save that does not name categories keeps them all.
    assert.equal(must(await s.invoke('event.set', FAIR_2026)).categories.length, CATEGORIES.length + 1);
  });

  test('import maps the KO label, the EN label and the id; an unknown label is a row error', async () => {
    const p = await importRows(s, [
      'CAT26-000001,바이어일,바이어 상담단,010-1000-0001,5/20',
      'CAT26-000002,바이어이,Buyer delegation,010-1000-0002,5/20',
      'CAT26-000003,바이어삼,buyer_delegation,010-1000-0003,5/20',
      'CAT26-000004,자문일,자문위원단,010-1000-0004,5/20',
      'CAT26-000005,일반일,일반참관객,010-1000-0005,5/20',
    ]);
    assert.equal(p.validRows, 4);
    assert.deepEqual(p.rejected, [{ row: 5, reason: 'invalid_category', detail: '자문위원단' }]);
    const rows = await s.handle.db.selectFrom('visitors').select(['code', 'category']).where('code', 'like', 'CAT26-%').orderBy('code').execute();
    assert.deepEqual(rows.map((r) => r.category), ['buyer_delegation', 'buyer_delegation', 'buyer_delegation', 'visitor']);
  });

  test('validity, badge band, designer, dashboard and reports read the category', async () => {
    // Valid every day: registered for day 1, admitted on day 2.
    s.clock.set('2026-05-21T10:00:00+09:00');
    assert.equal(must(await s.invoke('checkin.scan', { code: 'CAT26-000001', nonce: 'cat-day2-0001' })).status, 'checked_in');
    assert.equal(must(await s.invoke('checkin.scan', { code: 'CAT26-000005', nonce: 'cat-day2-0005' })).status, 'not_registered_today');

    const tpl = must(await s.invoke('printing.templates', {})).categories.find((c) => c.category === 'buyer_delegation');
    assert.deepEqual(tpl && { ko: tpl.labelKo, en: tpl.labelEn, colour: tpl.colour }, { ko: '바이어 상담단', en: 'BUYER DELEGATION', colour: '#0a7b83' });
    const design = must(await s.invoke('printing.design.get', {})).design;
    assert.deepEqual(design.categories.buyer_delegation, { fields: ['organisation'] }, "the design names lines only: the colour is the event's");
    const badge = must(await s.invoke('printing.badge.preview', { code: 'CAT26-000001', stock: 'roll80' }));
    const plain = must(await s.invoke('printing.badge.preview', { code: 'CAT26-000005', stock: 'roll80' }));
    assert.notEqual(badge.dataUrl, plain.dataUrl, 'the band prints the new label');
    // The designer previews and saves a design for the new category.
    must(await s.invoke('printing.design.preview', { design, category: 'buyer_delegation', stock: 'roll80' }));
    must(await s.invoke('printing.design.save', { design: { ...design, categories: { ...design.categories, buyer_delegation: { fields: ['organisation', 'title'] } } } }));
    assert.deepEqual(must(await s.invoke('printing.design.get', {})).design.categories.buyer_delegation?.fields, ['organisation', 'title']);

    const dash = must(await s.invoke('dashboard.snapshot', {}));
    assert.equal(dash.categories.find((c) => c.category === 'buyer_delegation')?.arrived, 1);

    const out = must(await s.invoke('reports.export', { name: 'checkins', format: 'csv', encoding: 'utf8' }));
    const text = fs.readFileSync(out.path, 'utf8');
    assert.match(text, /바이어 상담단/);
    assert.doesNotMatch(text, /buyer_delegation/);
  });

  test('walk-ins: the desk and kiosks offer the event categories only', async () => {
    const walk = must(await s.invoke('visitors.walkIn', { nonce: 'cat-walkin-0001', nameKo: '현장바이어', phone: '010-2000-0001', category: 'buyer_delegation', consent: true }));
    assert.equal(walk.visitor.category, 'buyer_delegation');
    const bad = await s.invoke('visitors.walkIn', { nonce: 'cat-walkin-0002', nameKo: '현장자문', phone: '010-2000-0002', category: 'advisers', consent: true });
    assert.equal(!bad.ok && bad.error.code, 'invalid_input');
    const k = must(await s.invoke('kiosk.settings.update', { walkInCategories: ['visitor', 'buyer_delegation'] }));
    assert.deepEqual(k.walkInCategories, ['visitor', 'buyer_delegation']);
  });

  test('a category in use cannot be removed (KO/EN, nothing changed); an unused one can', async () => {
    const before = must(await s.invoke('event.get', {}));
    const p = must(await s.invoke('event.preview', { ...FAIR_2026, removeCategories: ['buyer_delegation'] }));
    assert.deepEqual(p.removedCategories, [{ id: 'buyer_delegation', ko: '바이어 상담단', en: 'Buyer delegation', visitors: 4 }]);
    assert.deepEqual(p.problems.map((x) => [x.reason, x.subject]), [['category_in_use', 'buyer_delegation']]);
    assert.match(p.problems[0]!.ko, /바이어 상담단.*4명/);
    assert.match(p.problems[0]!.en, /4 visitors/);
    const r = await s.invoke('event.set', { ...FAIR_2026, removeCategories: ['buyer_delegation'] });
    assert.equal(!r.ok && r.error.code, 'invalid_event');
    assert.deepEqual(must(await s.invoke('event.get', {})), before);

    const unknown = must(await s.invoke('event.preview', { ...FAIR_2026, removeCategories: ['nobody'] }));
    assert.deepEqual(unknown.problems.map((x) => x.reason), ['unknown_category']);

    const ev = must(await s.invoke('event.set', { ...FAIR_2026, removeCategories: ['press'] }));
    assert.equal(ev.categories.some((c) => c.id === 'press'), false);
    // The import no longer knows its label; the kiosk keeps only categories the event has.
    const after = await s.invoke('import.registrations.preview', { fileName: 'p.csv', dataBase64: csv(['CAT26-000009,기자일,프레스,010-1000-0009,5/20']) });
    assert.deepEqual(must(after).rejected.map((x) => x.reason), ['invalid_category']);
    must(await s.invoke('kiosk.settings.update', { walkInCategories: ['press', 'visitor'] }));
    assert.deepEqual(must(await s.invoke('kiosk.config', {})).walkInCategories, ['visitor']);
  });
});
