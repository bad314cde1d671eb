import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import type { ImportPreview, PushEvent } from '../contract/index';
import { testDatabases } from './helpers/databases';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import { importRegistrationsFile } from '../main/services/import/import.handlers';
import { normalizePhone, parseDays, parseRegistrations } from '../main/services/import/registrations.import';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const EVENT_DAYS = ['2022-04-13', '2022-04-14', '2022-04-15'];
const HEADER = '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의';

type TestStation = Station & { clock: FakeClock; dataDir: string };

async function preview(s: Station, bytes: Buffer, fileName = 'registrations.csv') {
  return s.invoke('import.registrations.preview', { fileName, dataBase64: bytes.toString('base64') });
}

async function counts(s: Station) {
  const n = async (t: 'visitors' | 'search_keys' | 'visitor_days') =>
    Number((await s.handle.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { visitors: await n('visitors'), keys: await n('search_keys'), days: await n('visitor_days') };
}

function failureReason(r: { ok: boolean; error?: { code: string; details?: unknown } }) {
  assert.equal(r.ok, false, 'expected the file to be refused');
  assert.equal(r.error!.code, 'import_failed');
  return (r.error!.details as { reason: string; missing?: string[]; found?: string[] }) ?? { reason: '' };
}

describe('registrations parsing (no database)', () => {
  test('days in every written form, with the event year', () => {
    assert.deepEqual(parseDays('4/13;4/14;4/15', EVENT_DAYS), { days: EVENT_DAYS });
    assert.deepEqual(parseDays('2022-04-14', EVENT_DAYS), { days: ['2022-04-14'] });
    assert.deepEqual(parseDays('4월 13일, 4월 15일', EVENT_DAYS), { days: ['2022-04-13', '2022-04-15'] });
    assert.deepEqual(parseDays('13 Apr; 14 April', EVENT_DAYS), { days: ['2022-04-13', '2022-04-14'] });
    assert.deepEqual(parseDays('Apr 15', EVENT_DAYS), { days: ['2022-04-15'] });
    assert.deepEqual(parseDays('4/13(수) 4/14(목)', EVENT_DAYS), { days: ['2022-04-13', '2022-04-14'] });
    assert.deepEqual(parseDays('2022.04.14 2022.04.13', EVENT_DAYS), { days: ['2022-04-13', '2022-04-14'] });
    assert.deepEqual(parseDays('2일차', EVENT_DAYS), { days: ['2022-04-14'] });
    assert.deepEqual(parseDays('44664;44665', EVENT_DAYS), { days: ['2022-04-13', '2022-04-14'] });
    assert.deepEqual(parseDays('전일', EVENT_DAYS), { days: EVENT_DAYS });
    assert.deepEqual(parseDays('', EVENT_DAYS), { days: EVENT_DAYS });
    assert.deepEqual(parseDays('4/16', EVENT_DAYS), { bad: '4/16' });
    assert.deepEqual(parseDays('sometime', EVENT_DAYS), { bad: 'sometime' });
  });

  test('phones: Korean mobiles in one shape, the leading 0 Excel dropped restored', () => {
    assert.equal(normalizePhone('01012345678'), '010-1234-5678');
    assert.equal(normalizePhone('1012345678'), '010-1234-5678');
    assert.equal(normalizePhone('10-1234-5678'), '010-1234-5678');
    assert.equal(normalizePhone('+45 188133767'), '+45 188133767');
    assert.equal(normalizePhone('02-1234-5678'), '02-1234-5678');
    assert.equal(normalizePhone('-'), null);
    assert.equal(normalizePhone('call me'), false);
  });

  test('names: trimmed, inner spaces and control characters folded, NFC', async () => {
    const decomposed = '김은희'.normalize('NFD');
    const csv = `code,name\nN-1,"  박\u0007정  호 "\nN-2,${decomposed}\n`;
    const p = await parseRegistrations(Buffer.from(csv), 'n.csv', { eventDays: EVENT_DAYS });
    assert.deepEqual(p.visitors.map((v) => v.nameKo), ['박 정 호', '김은희']);
    assert.equal(p.visitors[1]!.nameKo.length, 3);
  });

  test('the UTF-8 sample: 300 visitors, exactly the two dirty rows rejected, padded name trimmed', async () => {
    const p = await parseRegistrations(fixture('registrations.csv'), 'registrations.csv', { eventDays: EVENT_DAYS });
    assert.equal(p.encoding, 'utf-8-bom');
    assert.equal(p.totalRows, 303);
    assert.equal(p.visitors.length, 301);
    assert.deepEqual(p.rejected, [
      { row: 302, reason: 'duplicate_in_file', detail: 'PPS22-100005', firstRow: 6 },
      { row: 303, reason: 'missing_name', detail: 'PPS22-999001' },
    ]);
    const hong = p.visitors.find((v) => v.code === 'PPS22-999002')!;
    assert.equal(hong.nameKo, '홍길동');
    assert.equal(hong.organisation, '"따옴표" 주식회사, 지사');
    assert.equal(hong.phone, '010-1234-5678');
    const first = p.visitors[0]!;
    assert.deepEqual(
      { code: first.code, category: first.category, days: first.registeredDays, consent: first.consent },
      { code: 'PPS22-100001', category: 'visitor', days: EVENT_DAYS, consent: true },
    );
    const foreign = p.visitors.find((v) => v.code === 'PPS22-100004')!;
    assert.equal(foreign.category, 'foreign_buyer');
    assert.equal(foreign.nameEn, 'Piotr Kowalski');
    assert.deepEqual(p.columns.map((c) => c.field), ['code', 'nameKo', 'nameEn', 'organisation', 'title', 'category', 'phone', 'email', 'country', 'days', 'consent']);
  });

  test('every kind of bad row gets its reason and spreadsheet row number', async () => {
    const csv = [
      HEADER,
      'A-1,김은희,,기관,,일반참관객,010-1111-2222,a@example.kr,대한민국,4/13,Y', // 2 ok
      ',무코드,,,,,,,,,', // 3 missing_code
      'A-3,,,,,,,,,,', // 4 missing_name
      `A-4,${'가'.repeat(201)},,,,,,,,,`, // 5 too_long
      'A/5,이름,,,,,,,,,', // 6 invalid_code
      'A-6,이름,,,,학생,,,,,', // 7 invalid_category
      'A-7,이름,,,,,,,,4/20,', // 8 invalid_days (not an event day)
      'A-8,이름,,,,,전화주세요,,,,', // 9 invalid_phone
      'A-9,이름,,,,,,not-an-email,,,', // 10 invalid_email
      'a-1,김은희,,기관,,일반참관객,010-1111-2222,a@example.kr,대한민국,4/13,Y', // 11 duplicate (code case differs)
      'A-10,이름,,,,프레스,,,,,N', // 12 ok, no consent, all days
      'ㅔㅔㄴ-11,이름,,,,,,,,,', // 13 invalid_code (Hangul in a code cell is not converted)
    ].join('\r\n');
    const p = await parseRegistrations(Buffer.from(csv), 'bad.csv', { eventDays: EVENT_DAYS });
    assert.deepEqual(
      p.rejected.map((r) => [r.row, r.reason]),
      [
        [3, 'missing_code'],
        [4, 'missing_name'],
        [5, 'too_long'],
        [6, 'invalid_code'],
        [7, 'invalid_category'],
        [8, 'invalid_days'],
        [9, 'invalid_phone'],
        [10, 'invalid_email'],
        [11, 'duplicate_in_file'],
        [13, 'invalid_code'],
      ],
    );
    assert.deepEqual(p.rowNumbers, [2, 12]);
    const last = p.visitors[1]!;
    assert.deepEqual([last.category, last.consent, last.registeredDays], ['press', false, EVENT_DAYS]);
    for (const r of p.rejected) assert.ok(!String(r.detail ?? '').includes('전화주세요'), 'no phone text in details');
  });
});

for (const tdb of testDatabases()) {
  describe(`registrations import (${tdb.name})`, () => {
    let s: TestStation;
    const events: PushEvent[] = [];
    before(async () => {
      const dir = tempDir();
      s = await testStation({ dataDir: dir, db: await tdb.target(dir) });
      s.bus.subscribe((ev) => events.push(ev));
    });
    after(() => s.close());

    test('preview writes nothing; commit applies all; progress and visitors.changed are emitted', async () => {
      const before = await counts(s);
      const p = must(await preview(s, fixture('registrations.csv')));
      assert.equal(p.format, 'csv');
      assert.equal(p.encoding, 'utf-8-bom');
      assert.equal(p.totalRows, 303);
      assert.equal(p.validRows, 301);
      assert.equal(p.newCount, 301);
      assert.equal(p.updateCount, 0);
      assert.equal(p.rejectedTotal, 2);
      assert.equal(p.sample[0]!.phoneMasked, '010-****-2066');
      assert.ok(!JSON.stringify(p).includes('5025-2066'), 'the preview never carries a phone in clear');
      assert.deepEqual(await counts(s), before);

      events.length = 0;
      const r = must(await s.invoke('import.registrations.commit', { importId: p.importId }));
      assert.deepEqual({ ...r, ms: 0 }, { inserted: 301, updated: 0, unchanged: 0, rejected: 2, ms: 0 });
      assert.equal((await counts(s)).visitors, 301);
      const progress = events.filter((e) => e.type === 'import.progress');
      assert.ok(progress.length >= 1);
      assert.deepEqual(progress.at(-1), { type: 'import.progress', importId: p.importId, done: 301, total: 301 });
      assert.ok(events.some((e) => e.type === 'visitors.changed' && e.inserted === 301));
      const counters = must(await s.invoke('checkin.counters', {}));
      assert.equal(counters.registered, 216, 'registered today counts the new visitors (cache invalidated)');

      // The same import cannot be applied twice.
      const again = await s.invoke('import.registrations.commit', { importId: p.importId });
      assert.equal(failureReason(again).reason, 'expired');
    });

    test('re-import of the same file: nothing inserted, all unchanged', async () => {
      const before = await counts(s);
      const { preview: p, summary } = await importRegistrationsFile(s, fixture('registrations.csv'), 'registrations.csv');
      assert.equal(p.newCount, 0);
      assert.equal(p.updateCount, 0);
      assert.deepEqual({ ...summary!, ms: 0 }, { inserted: 0, updated: 0, unchanged: 301, rejected: 2, ms: 0 });
      assert.deepEqual(await counts(s), before);
    });

    test('re-import with one changed phone: updated 1, search finds the new last 4, not the old', async () => {
      const row = () => s.handle.db.selectFrom('visitors').select(['created_at', 'updated_at']).where('code', '=', 'PPS22-100001').executeTakeFirstOrThrow();
      const before = await row();
      s.clock.advance(3_600_000);
      const text = fixture('registrations.csv').toString('utf8').replace('010-5025-2066', '010-5025-7391');
      const { preview: p, summary } = await importRegistrationsFile(s, Buffer.from(text), 'registrations.csv');
      const afterRow = await row();
      assert.equal(afterRow.created_at, before.created_at, 'an update keeps when the visitor was first stored');
      assert.notEqual(afterRow.updated_at, before.updated_at);
      assert.equal(p.updateCount, 1);
      assert.deepEqual({ ...summary!, ms: 0 }, { inserted: 0, updated: 1, unchanged: 300, rejected: 2, ms: 0 });
      const hits = must(await s.invoke('visitors.search', { q: '7391' })).hits;
      assert.deepEqual(hits.map((h) => h.code), ['PPS22-100001']);
      assert.equal(hits[0]!.phoneMasked, '010-****-7391');
      const old = must(await s.invoke('visitors.search', { q: '2066' })).hits;
      assert.ok(!old.some((h) => h.code === 'PPS22-100001'));
      assert.equal((await counts(s)).visitors, 301);
    });

    test('CP949 sample: detected, extended syllables stored and searchable', async () => {
      const { preview: p, summary } = await importRegistrationsFile(s, fixture('registrations-cp949.csv'), 'registrations-cp949.csv');
      assert.equal(p.encoding, 'cp949');
      assert.deepEqual(p.rejected.map((r) => r.reason), ['duplicate_in_file', 'missing_name']);
      assert.equal(summary!.inserted, p.validRows);
      const hits = must(await s.invoke('visitors.search', { q: '이똠이' })).hits;
      assert.equal(hits[0]?.nameKo, '이똠이');
      const hits2 = must(await s.invoke('visitors.search', { q: '박햏순' })).hits;
      assert.equal(hits2[0]?.organisation, '햏솔루션');
    });

    test('a CP949 file of our own with extended syllables', async () => {
      const csv = `${HEADER}\r\nCP-1,김똠,,(주)햏솔루션,대리,대기업 구매담당,010-2222-3333,cp1@example.kr,대한민국,4월 14일,Y\r\n`;
      const { preview: p } = await importRegistrationsFile(s, iconv.encode(csv, 'cp949'), 'own.csv');
      assert.equal(p.encoding, 'cp949');
      assert.equal(p.sample[0]!.nameKo, '김똠');
      assert.equal(p.sample[0]!.organisation, '(주)햏솔루션');
      assert.deepEqual(p.sample[0]!.registeredDays, ['2022-04-14']);
      const v = must(await s.invoke('visitors.get', { code: 'cp-1' })).visitor;
      assert.equal(v.category, 'corporate_buyer');
    });

    test('XLSX with shuffled English headers; numbers and dates from Excel', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Registrations');
      ws.addRow(['E-mail', 'Company', 'Name', 'Mobile', 'Registration No.', 'Date', 'Type', 'Country', 'English Name', 'Notes']);
      ws.addRow(['x1@example.com', 'Acme', '최영수', 1077778888, 'XL-0001', new Date(Date.UTC(2022, 3, 15)), 'Foreign buyer', 'Kenya', 'Choi Youngsu', 'ignored']);
      ws.addRow(['x2@example.com', 'Acme', { richText: [{ text: '나' }, { text: '윤아' }] }, '010-4444-5555', 'XL-0002', '13 Apr', 'VIP', '', '', '']);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const { preview: p, summary } = await importRegistrationsFile(s, bytes, 'registrations.xlsx');
      assert.equal(p.format, 'xlsx');
      assert.equal(p.columns.find((c) => c.header === 'Notes')!.field, null);
      assert.equal(p.columns.find((c) => c.header === 'Registration No.')!.field, 'code');
      assert.deepEqual(p.rejected, []);
      assert.equal(summary!.inserted, 2);
      const v = must(await s.invoke('visitors.get', { code: 'XL-0001' })).visitor;
      assert.deepEqual(
        [v.nameKo, v.nameEn, v.category, v.phoneMasked, v.registeredDays, v.country],
        ['최영수', 'Choi Youngsu', 'foreign_buyer', '010-****-8888', ['2022-04-15'], 'Kenya'],
      );
      assert.equal(must(await s.invoke('visitors.get', { code: 'XL-0002' })).visitor.nameKo, '나윤아');
    });

    test('refused files change nothing: missing columns, garbage, empty, PNG, header only', async () => {
      const before = await counts(s);
      const noCode = failureReason(await preview(s, Buffer.from('성명,소속,휴대폰\r\n김은희,기관,010-1111-2222\r\n')));
      assert.equal(noCode.reason, 'missing_columns');
      assert.deepEqual(noCode.missing, ['code']);
      assert.deepEqual(noCode.found, ['성명', '소속', '휴대폰']);
      let x = 99;
      const junk = Buffer.alloc(20_000).map(() => (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff);
      assert.equal(failureReason(await preview(s, Buffer.from(junk))).reason, 'not_a_table');
      assert.equal(failureReason(await preview(s, Buffer.alloc(0))).reason, 'empty_file');
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
      assert.equal(failureReason(await preview(s, png, 'photo.png')).reason, 'not_a_table');
      assert.equal(failureReason(await preview(s, Buffer.from(HEADER + '\r\n'))).reason, 'no_rows');
      // Oversized input is refused by the contract before any parsing.
      const huge = await s.invoke('import.registrations.preview', { fileName: 'x'.repeat(10_000), dataBase64: '' });
      assert.equal(huge.ok, false);
      assert.deepEqual(await counts(s), before);
    });

    test('a failing apply rolls back entirely and the preview can be applied again', async () => {
      // A visitor whose search key already exists with the same code makes the key insert fail
      // after the visitor rows went in: the whole commit must roll back.
      const before = await counts(s);
      const csv = `${HEADER}\r\nRB-1,가나다,,,,,,,,4/13,Y\r\nRB-2,라마바,,,,,,,,4/13,Y\r\n`;
      const p = must(await preview(s, Buffer.from(csv)));
      await s.handle.db.insertInto('search_keys').values({ key: '라마바', visitor_code: 'RB-2' }).execute();
      const r = await s.invoke('import.registrations.commit', { importId: p.importId });
      assert.equal(r.ok, false);
      assert.deepEqual(await counts(s), { ...before, keys: before.keys + 1 });
      await s.handle.db.deleteFrom('search_keys').where('visitor_code', '=', 'RB-2').execute();
      const again = must(await s.invoke('import.registrations.commit', { importId: p.importId }));
      assert.equal(again.inserted, 2);
    });

    test('walk-ins are untouched by an import; an import never changes a code it does not carry', async () => {
      await seed(s, [visitor({ code: 'W-KEEPME', nameKo: '현장등록', walkIn: true })]);
      await importRegistrationsFile(s, fixture('registrations.csv'), 'registrations.csv');
      const v = must(await s.invoke('visitors.get', { code: 'W-KEEPME' })).visitor;
      assert.equal(v.walkIn, true);
    });

    test('the preview caps the rejected list but reports the total', async () => {
      const lines = [HEADER];
      for (let i = 0; i < 700; i++) lines.push(`CAP-${i},,,,,,,,,,`);
      const p: ImportPreview = must(await preview(s, Buffer.from(lines.join('\n'))));
      assert.equal(p.rejectedTotal, 700);
      assert.equal(p.rejected.length, 500);
      assert.equal(p.validRows, 0);
    });
  });
}
