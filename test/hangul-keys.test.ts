/**
 * es-hangul replaced our three hand-written copies of the jamo tables (초성 for search
 * keys, the 두벌식 map for scans typed in Korean mode, the kiosk keyboard's composer).
 * Search keys are stored: a visitor imported before the switch must be found the same
 * way after it. test/fixtures/search-keys-before-es-hangul.json holds the keys the
 * former code made for every row of the sample exports (UTF-8 and CP949); they must come
 * out identical.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { disassemble } from 'es-hangul';
import { readTable } from '../main/services/import/tabular';
import { chosung, orgKeys, orgNorm, visitorKeys } from '../main/services/visitors/search-keys';
import { hangulKeysToLatin } from '../contract/hangul-keys';
import { empty, keyToJamo, text, typeAll } from '../renderer/src/kiosk/hangul-compose';

const fixture = (f: string) => path.resolve(import.meta.dirname, 'fixtures', f);
type Before = Record<string, { code: string; keys: string[]; org: string[]; first: string; qwerty: string }[]>;
const before = JSON.parse(fs.readFileSync(fixture('search-keys-before-es-hangul.json'), 'utf8')) as Before;

describe('es-hangul gives the keys we stored', () => {
  for (const file of Object.keys(before)) {
    test(`every row of ${file}: the same search keys, organisation keys, kiosk initial and scan keys`, async () => {
      const t = await readTable(fs.readFileSync(fixture(file)), file);
      assert.equal(t.rows.length, before[file]!.length);
      t.rows.forEach((r, i) => {
        const [code, ko, en, org, , , phone, email] = r.cells;
        const want = before[file]![i]!;
        assert.equal(code, want.code);
        const norm = orgNorm(org);
        const got = {
          code: code!,
          keys: visitorKeys({ code: code!, nameKo: ko!.trim(), nameEn: (en ?? '').trim() || null, email: (email ?? '').trim() || null, phone: phone || null }),
          org: norm ? orgKeys(norm) : [],
          first: chosung(Array.from(ko!.trim())[0] ?? ''),
          qwerty: hangulKeysToLatin((ko ?? '') + (en ?? '') + (org ?? '')),
        };
        assert.deepEqual(got, want, `row ${r.rowNumber}`);
      });
    });
  }

  test('초성 of every syllable is the arithmetic one; anything else is kept exactly (NFC é, conjoining jamo, Latin, lone vowels)', () => {
    const CHO = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
    for (let c = 0xac00; c <= 0xd7a3; c++) assert.equal(chosung(String.fromCharCode(c)), CHO[Math.floor((c - 0xac00) / 588)]);
    for (const kept of ['é', 'Ångström', '\u1100\u1161', 'ㅔㅔㄴ22-100001', 'ㄱㅏ', 'O\u2019Brien', '韓國']) assert.equal(chosung(kept), kept);
    assert.equal(chosung('김 은희 Kim'), 'ㄱ ㅇㅎ Kim');
  });

  test('a scan typed in Korean mode maps back to its keys', () => {
    assert.equal(hangulKeysToLatin('ㅔㅔㄴ22-100001'), 'pps22-100001');
    assert.equal(hangulKeysToLatin('ㅖㅖㄴ'), 'PPs', 'shifted keys are upper case');
    assert.equal(hangulKeysToLatin('뷁닭'), 'qnpfrekfr', 'compound vowels and finals as the keys typed for them');
    assert.equal(hangulKeysToLatin('Kim 1-2'), 'Kim 1-2');
  });

  test('the kiosk keyboard types every syllable from its jamo, and its keys are 두벌식', () => {
    for (let c = 0xac00; c <= 0xd7a3; c++) {
      const ch = String.fromCharCode(c);
      assert.equal(text(typeAll(empty(), disassemble(ch))), ch, ch);
    }
    assert.deepEqual([..."rkQqOp"].map((k) => keyToJamo(k, k !== k.toLowerCase())), ['ㄱ', 'ㅏ', 'ㅃ', 'ㅂ', 'ㅒ', 'ㅔ']);
    assert.equal(keyToJamo('y', true), 'ㅛ', 'a key with no shifted jamo gives its own');
    assert.equal(keyToJamo('1'), undefined);
    assert.equal(keyToJamo('Enter'), undefined);
  });
});
