/**
 * Consultations and sessions in the one Reports registry (issue 17), on both databases:
 * each read back and reconciled with its own screen's export, personal columns only for
 * admin, every export an audit fact; and `npm run cli -- export sessions|consultations`.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { cli, ROOT } from './helpers/cli';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import { readTable } from '../main/services/import/tabular';
import { videoDayCsv } from './fixtures/video-day';

type S = Station & { clock: FakeClock; dataDir: string };
const SESSIONS = fs.readFileSync(path.join(ROOT, 'test/fixtures/sessions.csv'));
const b64 = (s: string) => Buffer.from(s).toString('base64');
const cellsOf = async (bytes: Buffer, name: string) => {
  const t = await readTable(bytes, name);
  return { headers: t.headers, rows: t.rows.map((r) => r.cells) };
};
const table = (file: string) => cellsOf(fs.readFileSync(file), path.basename(file));
const floor = { station: { id: 'floor-station', name: 'Floor', role: 'floor' as const } };

for (const tdb of testDatabases()) {
  describe(`sessions and consultations in the Reports registry (${tdb.name})`, () => {
    let s: S;
    let c: S;
    let n = 0;
    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'admin', name: 'Console', dataDir: dir, db: await tdb.target(dir) });
      await seed(s, [
        visitor({ code: 'PPS22-810001', nameKo: '김이수', organisation: '조달청', phone: '010-8100-0001' }),
        visitor({ code: 'PPS22-810002', nameKo: '박출석', organisation: '조달청', phone: '010-8100-0002' }),
      ]);
      must(await s.invoke('programme.import.commit', { fileName: 'sessions.csv', dataBase64: SESSIONS.toString('base64') }));
      const scan = async (code: string, direction: 'in' | 'out', hm: string) => {
        s.clock.set(`2022-04-13T${hm}:00+09:00`);
        must(await s.invoke('sessions.door.scan', { nonce: `fx-${tdb.name}-${++n}`, code, direction, sessionId: 'TRAIN1' }));
      };
      await scan('PPS22-810001', 'in', '12:55');
      await scan('PPS22-810002', 'in', '13:10');
      await scan('PPS22-810002', 'out', '13:30');
      await scan('PPS22-810001', 'out', '14:00');
      s.clock.set('2022-04-13T15:00:00+09:00');

      const dir2 = tempDir();
      c = await testStation({ role: 'admin', name: 'Console 2', dataDir: dir2, db: await tdb.target(dir2) });
      c.clock.set('2022-04-13T09:50:00+09:00');
      must(await c.invoke('programme.import.commit', { fileName: 'video-day.csv', dataBase64: b64(videoDayCsv()) }));
      c.clock.set('2022-04-13T20:00:00+09:00');
    });
    after(async () => {
      await s.close();
      await c.close();
    });

    test('both are listed by the registry, for the screen and the CLI', async () => {
      const names = must(await s.invoke('reports.list', {})).map((e) => e.name);
      assert.ok(names.includes('sessions') && names.includes('consultations'), names.join(','));
    });

    test('sessions: the rows of the session screen’s own export, names only for admin, each export audited', async () => {
      const x = must(await s.invoke('reports.export', { name: 'sessions', format: 'xlsx', personal: true }));
      const csv = must(await s.invoke('reports.export', { name: 'sessions', format: 'csv', personal: true }));
      assert.equal(x.rows, csv.rows);
      const mine = await table(csv.path);
      const screen = must(await s.invoke('sessions.attendance.export', { format: 'csv', sessionId: 'TRAIN1' }));
      const theirs = await cellsOf(Buffer.from(screen.dataBase64, 'base64'), screen.fileName);
      const train1 = mine.rows.filter((r) => r[0] === 'TRAIN1');
      assert.equal(train1.length, 2);
      // Same people, same minutes, % and completion as the session screen's export.
      assert.deepEqual(train1.map((r) => [r[3], r[4], r[7], r[8], r[9]]), theirs.rows.map((r) => [r[3], r[4], r[7], r[8], r[9]]));
      assert.ok(mine.headers.includes('성명 (Name)'));

      const fl = must(await s.router.invoke(floor, 'reports.export', { name: 'sessions', format: 'csv', personal: true }));
      assert.equal(fl.personal, false);
      const text = fs.readFileSync(fl.path, 'utf8');
      assert.ok(!text.includes('김이수') && !text.includes('박출석') && !text.includes('성명'), 'no names for a floor console');
      assert.ok(text.includes('PPS22-810001'));

      const audit = await s.handle.db.selectFrom('audit_log').select(['detail', 'station_id']).where('channel', '=', 'reports.export').where('entity_id', '=', 'sessions').execute();
      assert.equal(audit.length, 3);
      assert.deepEqual(audit.map((a) => JSON.parse(a.detail!).personal).sort(), [false, true, true]);
    });

    test('consultations: one row per meeting, the same rows as the consultations screen’s CSV', async () => {
      const csv = must(await c.invoke('reports.export', { name: 'consultations', format: 'csv', personal: true }));
      assert.equal(csv.rows, 24);
      const mine = await table(csv.path);
      const screen = must(await c.invoke('consultations.export', { format: 'csv', day: null }));
      const theirs = await cellsOf(Buffer.from(screen.dataBase64, 'base64'), screen.fileName);
      assert.deepEqual(mine.headers, theirs.headers);
      assert.deepEqual(mine.rows, theirs.rows);
      const x = must(await c.invoke('reports.export', { name: 'consultations', format: 'xlsx', personal: false }));
      assert.equal(x.rows, 24);
      const audit = await c.handle.db.selectFrom('audit_log').select('detail').where('channel', '=', 'reports.export').where('entity_id', '=', 'consultations').execute();
      assert.equal(audit.length, 2);
    });
  });
}

test('cli: export sessions and consultations by name, through the same registry', () => {
  const data = tempDir();
  assert.equal(cli('import', 'programme', path.join(ROOT, 'test/fixtures/sessions.csv'), '--data', data).status, 0);
  for (const name of ['sessions', 'consultations']) {
    const out = path.join(tempDir(), `${name}.csv`);
    const r = cli('export', name, '--out', out, '--data', data);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /: \d+ rows → /);
    assert.ok(fs.readFileSync(out, 'utf8').startsWith('\uFEFF'));
  }
});
