import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { AppFailure } from '../contract/index';
import { mapHeaders, normalizeHeader, parseCsv, readTable } from '../main/services/import/tabular';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

/** Asserts readTable refuses the bytes with import_failed and the given reason code. */
async function refuses(bytes: Buffer, reason: string) {
  await assert.rejects(readTable(bytes, 'upload.csv'), (e: unknown) => {
    assert.ok(e instanceof AppFailure, String(e));
    assert.equal(e.code, 'import_failed');
    assert.equal((e.details as { reason: string }).reason, reason);
    return true;
  });
}

describe('tabular reader', () => {
  test('UTF-8 with BOM and CRLF: header without BOM, quoted comma and quotes, spreadsheet row numbers', async () => {
    const t = await readTable(fixture('registrations.csv'), 'registrations.csv');
    assert.equal(t.format, 'csv');
    assert.equal(t.encoding, 'utf-8-bom');
    assert.equal(t.headers[0], '등록번호');
    assert.equal(t.headers.length, 11);
    assert.equal(t.rows.length, 303);
    assert.equal(t.rows[0]!.rowNumber, 2);
    const last = t.rows.at(-1)!;
    assert.equal(last.rowNumber, 304);
    assert.equal(last.cells[3], '"따옴표" 주식회사, 지사');
    assert.equal(last.cells[1], '  홍길동  ', 'cells are raw; trimming is the importer’s call');
  });

  test('CP949 is detected and extended syllables decode (똠, 햏)', async () => {
    const t = await readTable(fixture('registrations-cp949.csv'), 'registrations-cp949.csv');
    assert.equal(t.encoding, 'cp949');
    const names = t.rows.map((r) => r.cells[1]);
    assert.ok(names.includes('이똠이'), 'sample has 이똠이');
    assert.ok(names.includes('박햏순'), 'sample has 박햏순');

    const own = iconv.encode('코드,이름\r\nA1,똠얌꿍\r\nA2,햏쌓뷁\r\n', 'cp949');
    const t2 = await readTable(own, 'own.csv');
    assert.equal(t2.encoding, 'cp949');
    assert.deepEqual(t2.rows.map((r) => r.cells[1]), ['똠얌꿍', '햏쌓뷁']);
  });

  test('UTF-16 with BOM, semicolon and tab delimiters', async () => {
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('code\tname\nA1\t김은희\n', 'utf16le')]);
    const t = await readTable(u16, 'unicode.txt');
    assert.equal(t.encoding, 'utf-16le');
    assert.deepEqual(t.headers, ['code', 'name']);
    assert.deepEqual(t.rows[0]!.cells, ['A1', '김은희']);

    const semi = await readTable(Buffer.from('code;name;org\nA1;Kim;"Acme; Ltd, Seoul"\n'), 'semi.csv');
    assert.deepEqual(semi.rows[0]!.cells, ['A1', 'Kim', 'Acme; Ltd, Seoul']);
    // A comma header with a ';' inside a quoted header cell stays comma-delimited.
    const comma = await readTable(Buffer.from('code,"a;b;c"\nA1,x\n'), 'c.csv');
    assert.deepEqual(comma.headers, ['code', 'a;b;c']);
  });

  test('RFC 4180 edge cases: newline in quotes, LF, lone CR, empty trailing field, blank lines keep row numbers', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x\r\ny","q""uote"\n1,\n'), [['a', 'b'], ['x\r\ny', 'q"uote'], ['1', '']]);
    assert.deepEqual(parseCsv('a\rb\r'), [['a'], ['b']]);
    assert.deepEqual(parseCsv('"unterminated,still here'), [['unterminated,still here']]);
  });

  test('blank and all-empty rows are skipped but counted in row numbers', async () => {
    const t = await readTable(Buffer.from('code,name\n\nA1,Kim\n,,\nA2,Lee\n,\n'), 'b.csv');
    assert.deepEqual(t.rows.map((r) => r.rowNumber), [3, 5]);
  });

  test('XLSX: first sheet, numbers, dates, rich text and formulas become text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('등록');
    wb.addWorksheet('other').addRow(['ignored']);
    ws.addRow(['code', 'name', 'phone', 'date', 'note']);
    ws.addRow(['A1', { richText: [{ text: '김' }, { text: '은희' }] }, 1050252066, new Date(Date.UTC(2022, 3, 13)), { formula: '1+1', result: 2 }]);
    ws.addRow([]);
    ws.addRow(['A2', '배정호', '010-9320-9005', '4/14', null]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const t = await readTable(bytes, 'any-name.csv'); // decided by content, not by name
    assert.equal(t.format, 'xlsx');
    assert.deepEqual(t.headers, ['code', 'name', 'phone', 'date', 'note']);
    assert.deepEqual(t.rows[0], { rowNumber: 2, cells: ['A1', '김은희', '1050252066', '2022-04-13', '2'] });
    assert.equal(t.rows[1]!.rowNumber, 4);
    assert.equal(t.rows[1]!.cells[2], '010-9320-9005');
  });

  test('not a table: empty, garbage, PNG, zip that is not xlsx, old .xls, header only of blanks', async () => {
    await refuses(Buffer.alloc(0), 'empty_file');
    await refuses(Buffer.from('\r\n\r\n,,,\r\n'), 'empty_file');
    let seed = 7;
    const junk = Buffer.alloc(4096, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    await refuses(Buffer.from(junk), 'not_a_table');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR')]);
    await refuses(png, 'not_a_table');
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await refuses(zip, 'unreadable_xlsx');
    await refuses(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xls_not_supported');
  });

  test('mapHeaders: any order, normalised, bracket fallback, one column per field', () => {
    assert.equal(normalizeHeader(' E-Mail '), 'email');
    const m = mapHeaders(['Reg. No', '성명(국문)', '성명(영문)', 'E-mail', '비고', 'Name'], {
      code: ['등록번호', 'reg no'],
      name: ['성명', 'name'],
      nameEn: ['성명(영문)', 'english name'],
      email: ['이메일', 'email'],
    });
    assert.deepEqual(m.index, { code: 0, nameEn: 2, email: 3, name: 5 });
    assert.deepEqual(m.columns.map((c) => c.field), ['code', null, 'nameEn', 'email', null, 'name']);
    // Without an exact "name" header, "성명(국문)" falls back to its stem.
    const m2 = mapHeaders(['성명(국문)', '성명(영문)'], { name: ['성명'], nameEn: ['성명(영문)'] });
    assert.deepEqual(m2.index, { name: 0, nameEn: 1 });
  });
});
