/**
 * Every name prints: each script a fair's participants write their names in is drawn by
 * the bundled font chain (fonts.ts), glyph by glyph — each character inked and unlike
 * the tofu box of an unassigned code point — and Han and kana are drawn by the bundled
 * CJK fonts, not by whatever the machine has (its own fonts give a different result).
 * Then a whole badge for a buyer from Shanghai and one from Istanbul carries the name.
 */
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { createCanvas } from '@napi-rs/canvas';
import { BADGE_FONT, ensureBadgeFont } from '../main/printing/fonts';
import { printableText, renderBadge, type BadgeData } from '../main/printing/badge.render';

const SAMPLES: Record<string, string> = {
  hangul: '김한빛 남궁민수',
  turkish: 'Türkiye Çağrı Şükrü İlkay ğ ş İ ı Ö Ü',
  vietnamese: 'Nguyễn Thị Hương Đặng Văn Lâm ữ ặ ờ',
  chinese: '张伟 王芳 上海贸易 刘洋',
  japanese: '山田 さくら カタカナ 渡邊 髙橋',
  cyrillic: 'Иван Петров Ольга Щукина ё Ж',
};

/** A character drawn at 48 px: its black pixels as a bit string, and how many. */
function glyph(ch: string, family: string): { ink: number; key: string } {
  const c = createCanvas(80, 80);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 80, 80);
  ctx.fillStyle = '#000';
  ctx.font = `700 48px ${family}`;
  ctx.textBaseline = 'top';
  ctx.fillText(ch, 8, 8);
  const d = ctx.getImageData(0, 0, 80, 80).data;
  let ink = 0;
  let key = '';
  for (let i = 0; i < d.length; i += 4) {
    const on = d[i]! < 128;
    if (on) ink++;
    key += on ? '1' : '0';
  }
  return { ink, key };
}

describe('every name prints: the bundled font chain', () => {
  ensureBadgeFont();
  // What a character no font has looks like here (a tofu box or nothing).
  const tofu = glyph('\uE000', BADGE_FONT).key;

  for (const [script, text] of Object.entries(SAMPLES)) {
    test(`${script}: every character is inked and is not the tofu box`, () => {
      for (const ch of [...text].filter((x) => x.trim())) {
        const g = glyph(ch, BADGE_FONT);
        assert.ok(g.ink > 20, `${script} "${ch}" inked (${g.ink} px)`);
        assert.notEqual(g.key, tofu, `${script} "${ch}" is a real glyph, not tofu`);
      }
      assert.equal(printableText(text), text, 'nothing of the name is dropped before drawing');
    });
  }

  test('Han and kana come from the bundled CJK fonts, not from the machine', () => {
    for (const ch of [...(SAMPLES.chinese! + SAMPLES.japanese!)].filter((x) => x.trim())) {
      const bundled = glyph(ch, BADGE_FONT).key;
      // The same character through only the machine's fonts (no CJK on a fresh Windows/Debian station).
      assert.notEqual(bundled, glyph(ch, '"DejaVu Sans"').key, `"${ch}" drawn by the bundled font`);
      assert.notEqual(bundled, glyph(ch, '"FairDesk No Such Font"').key, `"${ch}" not the default fallback`);
    }
  });

  test('a badge for a buyer from Shanghai and one from Istanbul carries their own names', () => {
    const base: BadgeData = { eventName: 'Fair', eventDays: ['2022-04-13'], code: 'PPS22-900001', nameKo: '', nameEn: null, organisation: null, category: 'foreign_buyer' };
    const ink = (r: { data: Uint8Array }) => r.data.reduce((n, b) => n + (b.toString(2).match(/1/g) ?? []).length, 0);
    for (const name of ['张伟', 'Çağrı Şükrü İlkay']) {
      const withName = renderBadge({ ...base, nameKo: name }, 'roll80');
      // The same number of characters no font has: what a missing glyph would have printed.
      const tofu = renderBadge({ ...base, nameKo: [...name].map((c) => (c === ' ' ? c : '\uE000')).join('') }, 'roll80');
      assert.notDeepEqual(withName.data, tofu.data, `${name}: printed with its letters, not boxes`);
      assert.ok(ink(withName) > 3000, `${name}: inked (${ink(withName)} dots)`);
    }
  });
});
