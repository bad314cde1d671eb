/** Consent = N rows in a registrations file are flagged in the parse result (issue 14), not imported silently. */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { parseRegistrations } from '../main/services/import/registrations.import';

test('consent = N rows are listed by spreadsheet row; Y rows and a file without the column are not', async () => {
  const csv = [
    '등록번호,성명,구분,휴대폰,참가일자,개인정보동의',
    'PPS22-100001,김은희,일반참관객,010-5025-2066,4/13,Y',
    'PPS22-100002,배정호,일반참관객,010-9320-9005,4/13,N',
    'PPS22-100003,이서연,일반참관객,010-1111-2222,4/13,',
    'PPS22-100004,최수아,일반참관객,010-3333-4444,4/13,동의',
  ].join('\n');
  const p = await parseRegistrations(Buffer.from(csv), 'c.csv', { eventDays: ['2022-04-13'] });
  assert.deepEqual(p.noConsentRows, [3, 4]);
  assert.equal(p.visitors.length, 4);
  const none = await parseRegistrations(Buffer.from('등록번호,성명,구분\nPPS22-1,김은희,일반참관객\n'), 'n.csv', { eventDays: ['2022-04-13'] });
  assert.deepEqual(none.noConsentRows, []);
});
