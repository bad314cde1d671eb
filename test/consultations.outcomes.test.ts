/**
 * Consultation outcomes on a real station, SQLite and PostgreSQL: a day of 24 video-booth
 * meetings run round by round; outcomes recorded when each meeting is over (held with
 * interest, amount and follow-ups; one connection failure; one buyer no-show); refusals
 * for a meeting not over, a second tablet, a stale or late edit, bad input; results per
 * SME, buyer and country; and the XLSX/CSV export reconciling with them.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { createStation, type Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';
import type { OutcomeInput, ResultRow } from '../contract/index';
import { SUMMARY_HEADER, summaryRow } from '../main/services/consultations/consultations.export';
import { BOOTHS, VIDEO_DAY, videoDayCsv, videoMeetingId } from './fixtures/video-day';

const ROOT = path.resolve(import.meta.dirname, '..');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const at = (hm: string) => `${VIDEO_DAY}T${hm}:00+09:00`;
const slotStart = (slot: number) => {
  const min = 600 + slot * 20;
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
};

for (const tdb of testDatabases()) {
  describe(`consultation outcomes, results and export (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    let target: DbTarget;
    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      s = await testStation({ role: 'floor', name: 'Floor 1', dataDir: dir, db: target, clock: undefined });
      s.clock.set(at('09:50'));
      const r = must(await s.invoke('programme.import.commit', { fileName: 'video-day.csv', dataBase64: b64(videoDayCsv()) }));
      assert.deepEqual([r.consultations, r.tables, r.rejectedTotal], [24, 4, 0]);
    });
    after(() => s.close());

    const record = (input: Partial<OutcomeInput> & { meetingId: string }) =>
      s.invoke('consultations.outcome.record', { nonce: randomUUID(), result: 'held', interest: 'some', ...input });
    const outcomeCount = async () => (await s.handle.db.selectFrom('meeting_outcomes').select('id').execute()).length;

    /** One slot: the SMEs arrive (buyers join online), the round starts, time runs to the end of the Q&A. */
    async function runSlot(slot: number, absentSeller?: number) {
      s.clock.set(at(slotStart(slot)));
      for (let b = 0; b < 4; b++) {
        if (b === absentSeller) continue;
        must(await s.invoke('floor.meeting.act', { nonce: randomUUID(), meetingId: videoMeetingId(slot, b), action: 'arrived_seller' }));
      }
      const r = must(await s.invoke('floor.round.start', { nonce: randomUUID() }));
      assert.equal(r.started, absentSeller === undefined ? 4 : 3);
    }

    test('an outcome for a meeting not yet over is refused; nothing is written', async () => {
      const early = must(await record({ meetingId: videoMeetingId(0, 0) }));
      assert.deepEqual(early, { status: 'not_ended', endsAt: '2022-04-13T01:14:00.000Z' });
      await runSlot(0);
      s.clock.set(at('10:05'));
      const running = must(await record({ meetingId: videoMeetingId(0, 0) }));
      assert.equal(running.status, 'not_ended', 'running, its Q&A not over');
      assert.equal(await outcomeCount(), 0);
    });

    test('held with interest, amount and follow-ups; a retry is one record; a second tablet is refused', async () => {
      s.clock.set(at('10:15'));
      const nonce = randomUUID();
      const input = { nonce, meetingId: videoMeetingId(0, 0), result: 'held', interest: 'strong', amount: { value: '120000', currency: 'USD' }, followUps: ['quote', 'sample', 'quote'] } as const;
      const a = must(await s.invoke('consultations.outcome.record', input));
      assert.equal(a.status, 'recorded');
      if (a.status !== 'recorded') return;
      assert.deepEqual([a.outcome.version, a.outcome.interest, a.outcome.followUps, a.outcome.stationName], [1, 'strong', ['sample', 'quote'], 'Floor 1']);
      const retry = must(await s.invoke('consultations.outcome.record', input));
      assert.deepEqual(retry, a, 'the same nonce answers the same');
      // Another tablet at the booth records the same meeting: told what is there, nothing overwritten.
      const other = must(await record({ meetingId: videoMeetingId(0, 0), interest: 'none' }));
      assert.equal(other.status, 'already_recorded');
      if (other.status === 'already_recorded') assert.equal(other.current.interest, 'strong');
      assert.equal(await outcomeCount(), 1);
    });

    test('an edit needs a reason and the version it changes; it is a new version, the first stays', async () => {
      const id = videoMeetingId(0, 0);
      assert.equal(must(await record({ meetingId: id, interest: 'some', editOf: 1 })).status, 'reason_required');
      const e = must(await record({ meetingId: id, interest: 'some', amount: { value: '80000.5', currency: 'USD' }, followUps: ['next_meeting'], editOf: 1, reason: '바이어가 금액 정정' }));
      assert.equal(e.status, 'recorded');
      // A tablet still showing version 1 tries to edit it: stale, shown the current one.
      const stale = must(await record({ meetingId: id, interest: 'none', editOf: 1, reason: 'late tablet' }));
      assert.equal(stale.status, 'stale');
      const h = must(await s.invoke('consultations.outcome.get', { meetingId: id }));
      assert.deepEqual(h.history.map((o) => [o.version, o.interest, o.reason]), [[1, 'strong', null], [2, 'some', '바이어가 금액 정정']]);
      // Past the window the outcome is final.
      s.clock.set(at('10:46'));
      const late = must(await record({ meetingId: id, interest: 'none', editOf: 2, reason: 'too late' }));
      assert.equal(late.status, 'edit_window_closed');
      const audits = await s.handle.db.selectFrom('audit_log').select('entity_id').where('entity_id', '=', id).where('channel', '=', 'consultations.outcome.record').execute();
      assert.equal(audits.length, 2, 'each version audited in its transaction');
    });

    test('bad input: clear refusals, nothing written', async () => {
      const before = await outcomeCount();
      const id = videoMeetingId(0, 1);
      assert.deepEqual(must(await record({ meetingId: id, interest: null })), { status: 'incomplete', missing: 'interest' });
      for (const bad of [
        { meetingId: id, amount: { value: '1e5', currency: 'USD' } },
        { meetingId: id, amount: { value: '100', currency: 'usd' } },
        { meetingId: id, amount: { value: '-5', currency: 'USD' } },
        { meetingId: id, editOf: 1, reason: 'ok\u0000' },
        { meetingId: id, reason: 'x'.repeat(5000), editOf: 1 },
        { meetingId: id, result: 'maybe' },
        { meetingId: id, followUps: ['dinner'] },
        { meetingId: 'x'.repeat(10_000) },
      ]) {
        const r = await record(bad as never);
        assert.equal(r.ok ? 'ok' : r.error.code, 'invalid_input', JSON.stringify(bad).slice(0, 80));
      }
      const nf = await record({ meetingId: 'NOPE' });
      assert.equal(nf.ok ? 'ok' : nf.error.code, 'not_found');
      assert.equal(await outcomeCount(), before);
      // The board may not record.
      const board = await createStation({ dataDir: s.dataDir, db: target }, { clock: s.clock, heartbeat: false, identity: { id: randomUUID(), name: 'Board', role: 'board' } });
      try {
        const r = await board.invoke('consultations.outcome.record', { nonce: randomUUID(), meetingId: id, result: 'held', interest: 'some' });
        assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden');
      } finally {
        await board.close();
      }
    });

    test('a day of 24 video meetings: outcomes per slot, one connection failure, one buyer and one SME no-show', async () => {
      const interests = ['strong', 'some', 'none'] as const;
      // Slot 0 was run above (V001 recorded); its other booths get their outcomes now.
      s.clock.set(at('10:16'));
      for (let b = 1; b < 4; b++) must(await record({ meetingId: videoMeetingId(0, b), interest: interests[b % 3] }));
      for (let slot = 1; slot < 6; slot++) {
        // Slot 2: booth 4's SME never comes (the next round records the no-show by rule).
        await runSlot(slot, slot === 2 ? 3 : undefined);
        if (slot === 4) {
          // The buyer at booth 2 never joined: the floor marks the no-show after the start.
          s.clock.set(at(slotStart(slot).replace(/:(\d\d)$/, (_, m: string) => `:${String(Number(m) + 3).padStart(2, '0')}`)));
          const ns = must(await s.invoke('floor.meeting.act', { nonce: randomUUID(), meetingId: videoMeetingId(4, 1), action: 'no_show' }));
          assert.equal(ns.meeting.phase, 'no_show');
        }
        const [h, m] = slotStart(slot).split(':').map(Number) as [number, number];
        s.clock.set(at(`${String(h + Math.floor((m + 15) / 60)).padStart(2, '0')}:${String((m + 15) % 60).padStart(2, '0')}`));
        for (let b = 0; b < 4; b++) {
          const id = videoMeetingId(slot, b);
          if (slot === 2 && b === 3) continue; // no outcome: the rule's no-show counts
          if (slot === 5 && b === 3) continue; // left unrecorded
          if (slot === 1 && b === 2) {
            // Interest and follow-ups left selected on the tablet are dropped for a failed call.
            const cf = must(await record({ meetingId: id, result: 'connection_failed', interest: 'strong', followUps: ['sample'] }));
            assert.equal(cf.status === 'recorded' && cf.outcome.interest, null);
            continue;
          }
          if (slot === 4 && b === 1) {
            must(await record({ meetingId: id, result: 'buyer_no_show', interest: null }));
            continue;
          }
          const amount = b === 0 ? { value: '50000', currency: 'USD' } : b === 1 ? { value: '30000000', currency: 'KRW' } : null;
          const followUps = b === 0 ? (['quote', 'sample'] as const) : b === 2 ? (['site_visit'] as const) : ([] as const);
          const r = must(await record({ meetingId: id, interest: interests[(slot + b) % 3], amount, followUps: [...followUps] }));
          assert.equal(r.status, 'recorded', `${id}: ${JSON.stringify(r)}`);
        }
      }
      const rep = must(await s.invoke('consultations.results', { by: 'seller', day: VIDEO_DAY }));
      const t = rep.total;
      assert.deepEqual(
        [t.meetings, t.held, t.connectionFailed, t.buyerNoShow, t.sellerNoShow, t.bothNoShow, t.unrecorded, t.upcoming],
        [24, 20, 1, 1, 1, 0, 1, 0],
      );
      assert.equal(t.interest.strong + t.interest.some + t.interest.none, t.held);
      // V001 counts as edited (80000.5) + 5 booth-1 meetings at 50000 USD; 5 booth-2 held at 30M KRW but slot 4's was a no-show.
      assert.deepEqual(t.amounts, { USD: '330000.5', KRW: '120000000' });
      assert.deepEqual([t.followUps.quote, t.followUps.sample, t.followUps.site_visit, t.followUps.next_meeting], [5, 5, 4, 1], 'site visits: booth 3 in slots 2–5 (slot 1 failed to connect)');
      assert.equal(rep.rows.length, 24, 'one row per SME (each meets once)');
      const byCountry = must(await s.invoke('consultations.results', { by: 'country', day: null }));
      assert.deepEqual(byCountry.rows.map((r) => r.key).sort(), ['베트남', '아랍에미리트', '중국', '튀르키예']);
      assert.ok(byCountry.rows.every((r) => r.meetings === 6));
      const byBuyer = must(await s.invoke('consultations.results', { by: 'buyer', day: null }));
      assert.deepEqual(byBuyer.total, { ...t, key: '' }, 'every grouping sums to the same day');
    });

    test('the XLSX export reconciles with the console; the CSV is UTF-8 with a BOM and neutralises formulas', async () => {
      const x = must(await s.invoke('consultations.export', { format: 'xlsx', day: null }));
      assert.equal(x.rows, 24);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(x.dataBase64, 'base64') as never);
      // An empty cell reads as '' whether the file holds an empty string or no cell at all (the streaming writer writes none).
      const values = (name: string) => {
        const ws = wb.getWorksheet(name)!;
        return (ws.getSheetValues() as unknown[][]).filter(Boolean).map((r) => Array.from({ length: ws.columnCount }, (_, i) => (r as unknown[])[i + 1] ?? ''));
      };
      const meetings = values('상담 Meetings');
      assert.equal(meetings.length, 25, 'header + 24 meetings');
      assert.equal(meetings.find((r) => r[0] === 'V002')![5], "'=HYPERLINK(\"http://x\")", 'a formula-like name is text');
      for (const [sheet, by] of [['판매기업별', 'seller'], ['구매기관별', 'buyer'], ['국가별', 'country']] as const) {
        const rep = must(await s.invoke('consultations.results', { by, day: null }));
        const expect = [[...SUMMARY_HEADER], ...[...rep.rows, rep.total].map((r: ResultRow) => summaryRow(r).map((v) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v)))];
        assert.deepEqual(values(sheet), expect, `${sheet} matches the console`);
      }
      const c = must(await s.invoke('consultations.export', { format: 'csv', day: VIDEO_DAY }));
      const csv = Buffer.from(c.dataBase64, 'base64');
      assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const text = csv.toString('utf8');
      assert.equal(text.split('\r\n').filter(Boolean).length, 25);
      assert.ok(text.includes(`"'=HYPERLINK(""http://x"")"`), 'neutralised and quoted');
      assert.ok(text.includes('İstanbul Yapı A.Ş.'), 'names keep their letters');
      assert.match(text, /V001,2022-04-13,10:00,10:14,화상상담실 부스1,.*,상담 완료 held,보통 some,80000\.5,USD,후속 미팅 next meeting,.*,2,바이어가 금액 정정/);
    });

    test('npm run cli -- export consultations --out FILE writes the same file; a wrong extension is one clear line', { skip: !!(tdb.name !== 'sqlite' && 'the CLI reads the SQLite data dir') }, async () => {
      const out = path.join(tempDir(), 'results.xlsx');
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'main/cli/cli.ts'), 'export', 'consultations', ...args, '--data', s.dataDir], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, FAIRDESK_LOG: 'warn' },
        });
      const ok = run('--out', out);
      assert.equal(ok.status, 0, ok.stderr);
      // The one Reports registry (issue 17): one row per meeting, then the per-SME, per-buyer and per-country sheets — the same file as the console's download.
      assert.match(ok.stdout, /: 24 rows → /);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync(out) as never);
      assert.deepEqual(wb.worksheets.map((w) => w.name), ['상담 Meetings', '판매기업별', '구매기관별', '국가별']);
      assert.equal(wb.worksheets[0]!.rowCount, 25);
      const screen = new ExcelJS.Workbook();
      await screen.xlsx.load(Buffer.from(must(await s.invoke('consultations.export', { format: 'xlsx', day: null })).dataBase64, 'base64') as never);
      for (const name of ['판매기업별', '구매기관별', '국가별']) {
        assert.deepEqual(wb.getWorksheet(name)!.getSheetValues(), screen.getWorksheet(name)!.getSheetValues(), `${name}: the CLI's sheet is the console's`);
      }
      // Per SME: one row per SME and the total, each SME once.
      assert.equal(wb.getWorksheet('판매기업별')!.rowCount, 1 + 24 + 1);
      const bad = run('--out', path.join(tempDir(), 'results.pdf'));
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--out must end in \.csv or \.xlsx/);
    });
  });
}
