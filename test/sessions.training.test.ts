import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { pdfText } from './helpers/pdf-text';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import { insideMs } from '../main/services/sessions/attendance.service';

const SESSIONS = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/sessions.csv'));

test('time inside: pairs of in/out clipped to the session, an open entry counts to the end', () => {
  const at = (hm: string) => `2022-04-13T${hm}:00+09:00`;
  const from = Date.parse(at('13:00'));
  const to = Date.parse(at('14:00'));
  const scans = (...s: [string, string][]) => s.map(([direction, hm]) => ({ direction, at: at(hm) }));
  assert.equal(insideMs(scans(['in', '12:50'], ['out', '14:10']), from, to), 60 * 60_000);
  assert.equal(insideMs(scans(['in', '13:00'], ['out', '13:30'], ['in', '13:40']), from, to), 50 * 60_000);
  assert.equal(insideMs(scans(['in', '14:05']), from, to), 0);
  assert.equal(insideMs([], from, to), 0);
});

for (const tdb of testDatabases()) {
  describe(`trainings: attendance, certificates, exports (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    let n = 0;
    const nonce = () => `train-${tdb.name}-${++n}`;
    const at = (hm: string) => s.clock.set(`2022-04-13T${hm}:00+09:00`);
    const scan = async (code: string, direction: 'in' | 'out') => {
      const r = must(await s.invoke('sessions.door.scan', { nonce: nonce(), code, direction, sessionId: 'TRAIN1' }));
      assert.ok(r.status === 'admitted' || r.status === 'left', `${code} ${direction}: ${r.status}`);
    };

    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'admin', name: 'Training door', dataDir: dir, db: await tdb.target(dir) });
      await seed(s, [
        visitor({ code: 'PPS22-800001', nameKo: '김이수', nameEn: 'Kim Isu', organisation: '조달청' }),
        visitor({ code: 'PPS22-800002', nameKo: '박출석', organisation: '조달청' }),
        visitor({ code: 'PPS22-800003', nameKo: '이미달', organisation: '조달청' }),
        visitor({ code: 'PPS22-800004', nameKo: '=HYPERLINK("http://x")', organisation: '@evil\tcorp' }),
      ]);
      must(await s.invoke('programme.import.commit', { fileName: 'sessions.csv', dataBase64: SESSIONS.toString('base64') }));
      // TRAIN1 13:00–14:00, completion at 80 %.
      at('12:55');
      await scan('PPS22-800001', 'in');
      at('13:00');
      await scan('PPS22-800002', 'in');
      at('13:20');
      await scan('PPS22-800003', 'in');
      at('13:30');
      await scan('PPS22-800002', 'out');
      await scan('PPS22-800004', 'in');
      at('13:40');
      await scan('PPS22-800002', 'in');
      at('13:45');
      await scan('PPS22-800004', 'out');
      at('14:00');
      await scan('PPS22-800001', 'out');
      at('14:30');
    });
    after(() => s.close());

    test('attendance: time inside per attendee; one attendee below the 80 % minimum does not complete', async () => {
      const a = must(await s.invoke('sessions.attendance', { sessionId: 'TRAIN1' }));
      const by = Object.fromEntries(a.rows.map((r) => [r.code, [r.minutes, r.pct, r.completed]]));
      assert.deepEqual(by, {
        'PPS22-800001': [60, 100, true],
        'PPS22-800002': [50, 83.3, true],
        'PPS22-800003': [40, 66.6, false],
        'PPS22-800004': [15, 25, false],
      });
    });

    test('certificates: every completed attendee, one person, one institution merged — checked by the PDF text', async () => {
      const all = must(await s.invoke('sessions.certificates', { sessionId: 'TRAIN1' }));
      assert.equal(all.count, 2);
      const pdf = await pdfText(all.dataBase64);
      assert.equal(pdf.pages, 2);
      const flat = pdf.text.replace(/\s+/g, '');
      for (const want of ['이수증', 'CertificateofCompletion', '김이수(KimIsu)', '박출석', '조달청', '구매담당자교육', '2022.4.13.13:00–14:00', '50분(83.3%)', '2022공공조달박람회']) {
        assert.ok(flat.includes(want), `certificate text has ${want}:\n${pdf.text.slice(0, 400)}`);
      }
      assert.ok(!flat.includes('이미달'), 'below the minimum: no certificate');

      const one = must(await s.invoke('sessions.certificates', { sessionId: 'TRAIN1', code: 'pps22-800002' }));
      assert.equal(one.count, 1);
      const onePdf = await pdfText(one.dataBase64);
      assert.ok(onePdf.text.includes('박출석') && !onePdf.text.includes('김이수'));
      const org = must(await s.invoke('sessions.certificates', { sessionId: 'TRAIN1', organisation: '조달청' }));
      assert.equal(org.count, 2);
      assert.equal((await pdfText(org.dataBase64)).pages, 2);
      const none = must(await s.invoke('sessions.certificates', { sessionId: 'TRAIN1', code: 'PPS22-800003' }));
      assert.deepEqual([none.count, none.dataBase64], [0, '']);
    });

    test('attendance export: CSV with BOM and XLSX, per session and per institution; formula cells neutralised', async () => {
      const csv = must(await s.invoke('sessions.attendance.export', { sessionId: 'TRAIN1', format: 'csv' }));
      const text = Buffer.from(csv.dataBase64, 'base64').toString('utf8');
      assert.ok(text.startsWith('\uFEFF'));
      const lines = text.trim().split('\r\n');
      assert.equal(lines.length, 5);
      assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""http://x"")"`)), 'a formula-looking name is neutralised');
      assert.ok(lines.some((l) => l.includes(`'@evil\tcorp`)));

      const org = must(await s.invoke('sessions.attendance.export', { organisation: '조달청', format: 'xlsx' }));
      assert.match(org.fileName, /\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(org.dataBase64, 'base64') as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.rowCount, 4, 'header + the three attendees of 조달청');
      const cells = ws.getColumn(5).values.slice(2);
      assert.deepEqual([...cells].sort(), ['김이수', '박출석', '이미달']);
      const bad = must(await s.invoke('sessions.attendance.export', { sessionId: 'TRAIN1', format: 'xlsx' }));
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(Buffer.from(bad.dataBase64, 'base64') as unknown as ArrayBuffer);
      const names = wb2.worksheets[0]!.getColumn(5).values.slice(2) as string[];
      assert.ok(names.includes(`'=HYPERLINK("http://x")`));
    });
  });
}
