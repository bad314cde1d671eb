/** The import preview says how many rows have consent = N (issue 14) before staff apply the file. */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { must, testStation } from './helpers/station';

test('preview counts consent = N rows and lists their spreadsheet rows', async () => {
  const s = await testStation();
  try {
    const csv = [
      '등록번호,성명,구분,휴대폰,참가일자,개인정보동의',
      'PPS22-100001,김은희,일반참관객,010-5025-2066,4/13,Y',
      'PPS22-100002,배정호,일반참관객,010-9320-9005,4/13,N',
      'PPS22-100003,이서연,일반참관객,010-1111-2222,4/13,N',
    ].join('\r\n');
    const p = must(await s.invoke('import.registrations.preview', { fileName: 'c.csv', dataBase64: Buffer.from(csv).toString('base64') }));
    assert.equal(p.noConsentCount, 2);
    assert.deepEqual(p.noConsentRows, [3, 4]);
  } finally {
    await s.close();
  }
});
