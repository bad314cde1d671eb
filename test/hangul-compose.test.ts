import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { backspace, commit, empty, keyToJamo, text, typeAll, typeChar, typeJamo, type ComposeState } from '../renderer/src/kiosk/hangul-compose';

const typed = (jamo: string, from: ComposeState = empty()) => typeAll(from, jamo);
/** Every intermediate text while backspacing to empty. */
function erase(s: ComposeState): string[] {
  const out: string[] = [];
  while (text(s)) {
    s = backspace(s);
    out.push(text(s));
  }
  return out;
}

describe('두벌식 composition', () => {
  test('jamo become syllables', () => {
    assert.equal(text(typed('ㄱㅣㅁ')), '김');
    assert.equal(text(typed('ㄱㅣㅁㅇㅡㄴㅎㅢ')), '김은희');
    assert.equal(text(typed('ㅂㅐㅈㅓㅇㅎㅗ')), '배정호');
  });

  test('a lone consonant or vowel stays a jamo', () => {
    assert.equal(text(typed('ㄱ')), 'ㄱ');
    assert.equal(text(typed('ㅏ')), 'ㅏ');
    assert.equal(text(typed('ㄱㄴ')), 'ㄱㄴ');
    assert.equal(text(typed('ㅏㅏ')), 'ㅏㅏ');
  });

  test('double finals ㄳ ㄵ ㄶ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅄ', () => {
    assert.equal(text(typed('ㄷㅏㄹㄱ')), '닭');
    assert.equal(text(typed('ㄴㅓㄱㅅ')), '넋');
    assert.equal(text(typed('ㅇㅏㄴㅈ')), '앉');
    assert.equal(text(typed('ㅁㅏㄴㅎ')), '많');
    assert.equal(text(typed('ㅅㅏㄹㅁ')), '삶');
    assert.equal(text(typed('ㅂㅏㄹㅂ')), '밟');
    assert.equal(text(typed('ㄱㅗㄹㅅ')), '곬');
    assert.equal(text(typed('ㅎㅏㄹㅌ')), '핥');
    assert.equal(text(typed('ㅇㅡㄹㅍ')), '읊');
    assert.equal(text(typed('ㅇㅏㄹㅎ')), '앓');
    assert.equal(text(typed('ㄱㅏㅂㅅ')), '값');
  });

  test('a consonant that cannot join the final starts the next syllable', () => {
    assert.equal(text(typed('ㄱㅣㅁㅅ')), '김ㅅ');
    assert.equal(text(typed('ㄷㅏㄹㄱㄱ')), '닭ㄱ');
  });

  test('a vowel after a final takes the final (or its second half) into the next syllable', () => {
    assert.equal(text(typed('ㄱㅣㅁㅣ')), '기미');
    assert.equal(text(typed('ㄷㅏㄹㄱㅏ')), '달가');
    assert.equal(text(typed('ㄱㅏㅂㅅㅣ')), '갑시');
    assert.equal(text(typed('ㄱㅏㅆㅏ')), '가싸', 'ㅆ is one final, not a pair: it moves whole');
    assert.equal(text(typed('ㅎㅏㄴㄱㅜㄱ')), '한국');
  });

  test('compound vowels', () => {
    assert.equal(text(typed('ㄱㅗㅏ')), '과');
    assert.equal(text(typed('ㅇㅜㅣ')), '위');
    assert.equal(text(typed('ㅇㅡㅣ')), '의');
    assert.equal(text(typed('ㄱㅗㅐㄴ')), '괜');
    assert.equal(text(typed('ㅗㅏ')), 'ㅘ');
    assert.equal(text(typed('ㄱㅏㅏ')), '가ㅏ');
  });

  test('shift gives ㅃ ㅉ ㄸ ㄲ ㅆ ㅒ ㅖ', () => {
    assert.deepEqual(['q', 'w', 'e', 'r', 't', 'o', 'p'].map((k) => keyToJamo(k, true)), ['ㅃ', 'ㅉ', 'ㄸ', 'ㄲ', 'ㅆ', 'ㅒ', 'ㅖ']);
    assert.equal(keyToJamo('k', true), 'ㅏ', 'keys without a shifted jamo give the plain one');
    assert.equal(keyToJamo('r'), 'ㄱ');
    assert.equal(text(typed('ㄸㅏㄹ')), '딸');
    assert.equal(text(typed('ㅇㅖ')), '예');
  });

  test('ㄸ ㅃ ㅉ never become a final', () => {
    assert.equal(text(typed('ㅇㅏㄸ')), '아ㄸ');
    assert.equal(text(typed('ㅇㅏㅃㅏ')), '아빠');
    assert.equal(text(typed('ㄱㅏㄲ')), '갂', 'ㄲ and ㅆ can be finals');
  });

  test('backspace takes the composing block apart one jamo at a time', () => {
    assert.deepEqual(erase(typed('ㄷㅏㄹㄱ')), ['달', '다', 'ㄷ', '']);
    assert.deepEqual(erase(typed('ㄱㅗㅏㄴ')), ['과', '고', 'ㄱ', '']);
    assert.deepEqual(erase(typed('ㅘ')), ['ㅗ', '']);
  });

  test('backspace removes committed syllables whole', () => {
    // 김은정: ㄴㅈ first made ㄵ, then ㅓ took the ㅈ — only 정 is still composing.
    assert.equal(text(typed('ㄱㅣㅁㅇㅡㄴㅈㅓㅇ')), '김은정');
    assert.deepEqual(erase(typed('ㄱㅣㅁㅇㅡㄴㅈㅓㅇ')), ['김은저', '김은ㅈ', '김은', '김', '']);
    assert.deepEqual(erase(commit(typed('ㄷㅏㄹㄱ'))), ['']);
  });

  test('typing again after backspace continues the block', () => {
    let s = typed('ㄱㅣㅁ');
    s = backspace(s);
    assert.equal(text(s), '기');
    s = typeJamo(s, 'ㄹ');
    assert.equal(text(s), '길');
  });

  test('other characters end the block: Latin, digits, spaces, hyphen', () => {
    let s = typed('ㅇㅔㄹㅈㅣ');
    assert.equal(text(s), '엘지');
    s = typeChar(typeChar(s, ' '), 'L');
    s = typeAll(s, 'Gㅈㅓㄴㅈㅏ');
    assert.equal(text(s), '엘지 LG전자');
    assert.equal(text(backspace(typed('ab'))), 'a');
    assert.equal(text(typeJamo(typed('ㄱㅏ'), '7')), '가7');
  });

  test('non-BMP and surrogate pairs are deleted whole', () => {
    assert.equal(text(backspace(empty('가😀'))), '가');
  });
});
