/** Plural forms come from Intl.PluralRules, not "(s)": one and many read right in English, Korean has one form. */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { translate } from '../renderer/src/i18n/format';

test('"later meeting(s)" reads as one meeting / two meetings in English, and needs no plural in Korean', () => {
  const p = (count: number) => ({ count, time: '10:30', min: 5 });
  assert.equal(translate('en', 'floor.act.pushed', p(1)), '1 later meeting at this table moved back · next starts 10:30 (+5 min)');
  assert.equal(translate('en', 'floor.act.pushed', p(2)), '2 later meetings at this table moved back · next starts 10:30 (+5 min)');
  assert.doesNotMatch(translate('ko', 'floor.act.pushed', p(2)), /\{|\(s\)/);
});
