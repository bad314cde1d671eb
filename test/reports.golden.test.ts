/**
 * The exports' content does not change when the writer's plumbing does (issue 17: rows
 * handed over a page at a time): a small, fixed set of facts — formula-looking cells,
 * commas, quotes, line breaks, XML specials, outer spaces, equal times across pages — is
 * exported by every exporter as CSV (UTF-8 and CP949) and XLSX, and each file is compared
 * with the fingerprints test/fixtures/exports-golden.json recorded from the writer before
 * the change: CSV byte for byte, XLSX part by part (the zip's own timestamps aside).
 *
 * To record again after a deliberate change of content: FAIRDESK_RECORD_GOLDEN=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { EXPORTERS } from '../main/services/reports/exporters';
import { writeExportTo, type ExportEncoding, type ExportFormat } from '../main/services/reports/export-writer';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';

const GOLDEN = path.join(__dirname, 'fixtures', 'exports-golden.json');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

// Cells that exercise neutralising, CSV quoting and XML escaping.
const NAMES = ['=HYPERLINK("x")', '+82 10 1234', 'A, "B"\nC', '<&> 김', ' 앞뒤 공백 ', '-3', '@sum', '정상'];
const ORGS = ['＝기관', null, 'Org "Q"', 'a&b', '\t탭'];

type TS = Station & { clock: FakeClock; dataDir: string };

async function seed(s: TS): Promise<void> {
  const db = s.handle.db;
  const visitors = Array.from({ length: 40 }, (_, i) => ({
    code: `GD-${String(i).padStart(4, '0')}`,
    name_ko: NAMES[i % NAMES.length]!,
    name_en: i % 3 ? `Name ${i}` : null,
    organisation: ORGS[i % ORGS.length]!,
    org_norm: null,
    title: i % 4 ? '=title' : null,
    category: ['visitor', 'exhibitor', 'press'][i % 3]!,
    phone: `010-0000-${String(i).padStart(4, '0')}`,
    phone_last4: String(i).padStart(4, '0'),
    email: `g${i}@example.com`,
    country: i % 2 ? 'KR' : null,
    registered_days: '2022-04-13;2022-04-14',
    consent: i % 5 ? 1 : 0,
    walk_in: i % 4 === 0 ? 1 : 0,
    row_hash: 'x',
    created_at: '2022-04-01T00:00:00Z',
    updated_at: '2022-04-01T00:00:00Z',
  }));
  await db.insertInto('visitors').values(visitors).execute();
  await db.insertInto('visitor_days').values(visitors.flatMap((v) => ['2022-04-13', '2022-04-14'].map((day) => ({ visitor_code: v.code, day })))).execute();
  // Three check-ins share each second; ids are hex so both databases order them alike.
  await db
    .insertInto('checkins')
    .values(visitors.slice(0, 33).map((v, i) => ({
      id: `0000000${(i * 7919) % 100}`.slice(-8).padEnd(32, 'a'),
      visitor_code: v.code,
      day: i % 2 ? '2022-04-14' : '2022-04-13',
      station_id: 'desk-1',
      station_name: i % 5 ? 'Desk 1' : '-Desk, "2"',
      method: i % 4 === 0 ? 'walk_in' : 'scan',
      nonce: `gd-${i}`,
      reason: i % 6 ? null : '=reason',
      at: new Date(Date.UTC(2022, 3, 13 + (i % 2), 0 + (i % 9), 59, Math.floor(i / 3))).toISOString(),
    })))
    .execute();
}

async function exportBytes(s: TS, name: string, format: ExportFormat, encoding: ExportEncoding, personal: boolean): Promise<Buffer> {
  const exporter = EXPORTERS.find((e) => e.name === name)!;
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const q = { db: s.handle.db, timeZone: 'Asia/Seoul', categoryKo: new Map([['visitor', '참관객'], ['exhibitor', '=출품']]), personal, now: s.clock.now(), runtime: s.runtime };
  await writeExportTo(exporter, q, { format, encoding }, sink);
  return Buffer.concat(chunks);
}

/** Every part of the workbook by name, as its text's fingerprint (the zip's dates and compression aside). */
async function xlsxParts(b: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(b);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) out[name] = sha(await zip.file(name)!.async('nodebuffer'));
  return out;
}

// The audit log carries the station's own set-up rows (random ids and times): not fixed content.
const NAMES_FIXED = EXPORTERS.map((e) => e.name).filter((n) => n !== 'audit-log');

for (const tdb of testDatabases()) {
  describe(`exports keep their content (${tdb.name})`, () => {
    let s: TS;
    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'admin', dataDir: dir, db: await tdb.target(dir) });
      await seed(s);
    });
    after(() => s.close());

    test('every exporter, CSV (UTF-8, CP949) and XLSX, with and without personal columns, matches the recorded files', async () => {
      const got: Record<string, unknown> = {};
      for (const name of NAMES_FIXED) {
        for (const personal of [true, false]) {
          const key = `${name}${personal ? '+personal' : ''}`;
          got[`${key}.csv`] = sha(await exportBytes(s, name, 'csv', 'utf8', personal));
          got[`${key}.cp949.csv`] = sha(await exportBytes(s, name, 'csv', 'cp949', personal));
          got[`${key}.xlsx`] = await xlsxParts(await exportBytes(s, name, 'xlsx', 'utf8', personal));
        }
      }
      // Not vacuous: the detail export holds every check-in, neutralised.
      const csv = (await exportBytes(s, 'checkins', 'csv', 'utf8', true)).toString('utf8');
      assert.equal(csv.split('\r\n').filter(Boolean).length, 34);
      assert.ok(csv.includes(`"'=HYPERLINK(""x"")"`) && csv.includes("'+82 10 1234") && !/,=|,\+|,@/.test(csv));
      if (process.env.FAIRDESK_RECORD_GOLDEN && tdb.name === 'sqlite') fs.writeFileSync(GOLDEN, JSON.stringify(got, null, 1) + '\n');
      assert.deepEqual(got, JSON.parse(fs.readFileSync(GOLDEN, 'utf8')));
    });
  });
}
