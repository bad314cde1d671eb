/**
 * D6: a big import does not freeze a SQLite station. The apply runs in batches of its
 * own transactions, so a check-in made while 100k rows go in is answered between two
 * batches, not after the last one; each batch has its audit row; a cancel stops after
 * the current batch and applying the same file again finishes it.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { PushEvent } from '../contract/index';
import type { Station } from '../main/core/station';
import { APPLY_BATCH } from '../main/services/import/import.handlers';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';

const HEADER = '등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의';
function csv(from: number, n: number): Buffer {
  const rows = [HEADER];
  for (let i = from; i < from + n; i++) rows.push(`IMP-${i},방문자${i},,기관${i % 97},,일반참관객,010-${String(1000 + (i % 9000))}-${String(1000 + (i % 8999))},,대한민국,4/13,Y`);
  return Buffer.from('\uFEFF' + rows.join('\r\n'), 'utf8');
}

describe('registrations import in batches (sqlite)', () => {
  let s: Station;
  const events: PushEvent[] = [];
  const count = async (t: 'visitors' | 'audit_log') => Number((await s.handle.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    s = await testStation({ dataDir: tempDir() });
    s.bus.subscribe((ev) => events.push(ev));
    await seed(s, [visitor({ code: 'PPS22-600001', nameKo: '김은희' })]);
  });
  after(() => s?.close());

  test('a check-in during a 100k-row apply is answered before the apply ends', async () => {
    const N = 100_000;
    const p = must(await s.invoke('import.registrations.preview', { fileName: 'big.csv', dataBase64: csv(0, N).toString('base64') }));
    assert.equal(p.validRows, N);
    const audits = await count('audit_log');
    let applied = false;
    const commit = s.invoke('import.registrations.commit', { importId: p.importId }).then((r) => {
      applied = true;
      return r;
    });
    await until('the first batch applied', async () => events.some((e) => e.type === 'import.progress' && e.importId === p.importId));
    const t0 = performance.now();
    const scan = must(await s.invoke('checkin.scan', { code: 'PPS22-600001', nonce: 'during-import-1' }));
    const waited = performance.now() - t0;
    assert.equal(scan.status, 'checked_in');
    assert.equal(applied, false, 'the check-in was answered between batches, not after the whole import');
    console.log(`# check-in during the 100k apply answered in ${waited.toFixed(1)} ms`);
    const summary = must(await commit);
    assert.equal(summary.inserted, N);
    assert.equal(await count('visitors'), N + 1);
    const progress = events.filter((e) => e.type === 'import.progress' && e.importId === p.importId);
    assert.equal(progress.length, Math.ceil(N / APPLY_BATCH));
    // One audit row per batch (plus the check-in's own).
    assert.equal(await count('audit_log'), audits + Math.ceil(N / APPLY_BATCH) + 1);
  });

  test('cancel stops after the current batch; the same file applied again finishes it', async () => {
    const N = APPLY_BATCH * 6;
    const file = csv(200_000, N).toString('base64');
    const before = await count('visitors');
    const p = must(await s.invoke('import.registrations.preview', { fileName: 'c.csv', dataBase64: file }));
    const commit = s.invoke('import.registrations.commit', { importId: p.importId });
    await until('the first batch applied', async () => events.some((e) => e.type === 'import.progress' && e.importId === p.importId));
    assert.deepEqual(must(await s.invoke('import.registrations.cancel', { importId: p.importId })), { cancelled: true });
    const first = must(await commit);
    assert.equal(first.cancelled, true);
    assert.ok(first.inserted > 0 && first.inserted < N, `${first.inserted} of ${N} applied before the cancel`);
    assert.equal(await count('visitors'), before + first.inserted);
    assert.deepEqual(must(await s.invoke('import.registrations.cancel', { importId: p.importId })), { cancelled: false }, 'nothing running any more');

    const again = must(await s.invoke('import.registrations.preview', { fileName: 'c.csv', dataBase64: file }));
    assert.equal(again.newCount, N - first.inserted);
    const rest = must(await s.invoke('import.registrations.commit', { importId: again.importId }));
    assert.equal(rest.inserted, N - first.inserted);
    assert.equal(rest.unchanged, first.inserted);
    assert.equal(await count('visitors'), before + N);
  });
});
