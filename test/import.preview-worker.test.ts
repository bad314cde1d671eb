/**
 * D6: the preview's parse runs in a worker thread. While a 100k-row CSV is being parsed
 * and checked, a check-in on the same SQLite station is answered — before the parse
 * reports its last row, which on the event loop (the old way) it could only be after.
 * The progress the screen shows comes as import.progress (phase "preview") under the
 * screen's id; a refused file still comes back as import_failed with its reason.
 * Timings belong in the bench; this asserts order only.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { PushEvent } from '../contract/index';
import type { Station } from '../main/core/station';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';

const HEADER = '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의';
function csv(n: number): Buffer {
  const rows = [HEADER];
  for (let i = 0; i < n; i++) rows.push(`PRV-${i},방문자${i},,기관${i % 97},,일반참관객,010-${String(1000 + (i % 9000))}-${String(1000 + (i % 8999))},,대한민국,4/13,Y`);
  return Buffer.from('\uFEFF' + rows.join('\r\n'), 'utf8');
}

describe('import preview parsed off the event loop (sqlite)', () => {
  let s: Station;
  before(async () => {
    s = await testStation({ dataDir: tempDir() });
    await seed(s, [visitor({ code: 'PPS22-700001', nameKo: '김은희' })]);
  });
  after(() => s?.close());

  test('a check-in is answered while a 100k-row preview is still being parsed', async () => {
    const N = 100_000;
    const progress: { done: number; total: number }[] = [];
    const during: { scan: Promise<{ status: string; answeredBeforeLastRow: boolean }> | null } = { scan: null };
    const unsubscribe = s.bus.subscribe((ev: PushEvent) => {
      if (ev.type !== 'import.progress' || ev.importId !== 'preview-1') return;
      assert.equal(ev.phase, 'preview');
      progress.push({ done: ev.done, total: ev.total });
      // The file is read and its rows are being checked: a desk scans now.
      during.scan ??= s.invoke('checkin.scan', { code: 'PPS22-700001', nonce: 'during-preview-1' }).then((r) => ({
        status: must(r).status,
        answeredBeforeLastRow: !progress.some((p) => p.done === p.total),
      }));
    });
    try {
      const p = must(await s.invoke('import.registrations.preview', { fileName: 'big.csv', dataBase64: csv(N).toString('base64'), progressId: 'preview-1' }));
      assert.equal(p.validRows, N);
      assert.equal(p.newCount, N);
      assert.ok(during.scan, 'the parse reported progress');
      const answered = await during.scan;
      assert.equal(answered.status, 'checked_in');
      assert.equal(answered.answeredBeforeLastRow, true, 'the check-in was answered while the rows were still being checked');
      assert.deepEqual(progress[0], { done: 0, total: N });
      assert.deepEqual(progress.at(-1), { done: N, total: N });
      assert.ok(progress.length >= 3, `progress reported along the way (${progress.length} events)`);
    } finally {
      unsubscribe();
    }
  });

  test('a refused file comes back from the worker as import_failed with its reason, and writes nothing', async () => {
    const r = await s.invoke('import.registrations.preview', { fileName: 'x.csv', dataBase64: Buffer.from('이름,전화\n김,010\n').toString('base64') });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, 'import_failed');
    assert.equal((r.error.details as { reason?: string }).reason, 'missing_columns');
    const rows = await s.handle.db.selectFrom('visitors').select('code').execute();
    assert.deepEqual(rows.map((v) => v.code), ['PPS22-700001']);
  });
});
