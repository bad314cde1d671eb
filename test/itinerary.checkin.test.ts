/**
 * Itineraries at check-in, SQLite and PostgreSQL, printing to a real (virtual) printer
 * over TCP:
 * - the desk: a buyer's check-in answers with their schedule and queues one slip right
 *   after the badge (the printer receives the badge, then the slip's exact raster); a
 *   retried check-in (same nonce) finds the same slip; a visitor without meetings gets
 *   neither;
 * - the kiosk: the confirm (by ticket, the code never leaves the server) shows the
 *   visitor's own meetings — no interpreter names, no ids — and the slip follows the
 *   badge with the badge's expiry;
 * - a cancelled meeting is left off the screen, the slip and the A4 page;
 * - the A4 page embeds Pretendard and the CJK fallback with 王芳's glyphs.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { IdentifyOutcome } from '../contract/index';
import { renderItinerary } from '../main/printing/itinerary.render';
import { startVirtualPrinter, type VirtualPrinter } from '../main/printing/virtual-printer';
import { slipForJob } from '../main/services/itinerary/itinerary.service';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';
import { pdfFonts, pdfText } from './helpers/pdf-text';
import { blackInPngFile, blackInRaster } from './helpers/printed';
import { VIDEO_DAY, videoDayCsv } from './fixtures/video-day';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const BUYER = 'PPS22-710001';
const SME = 'PPS22-710002';
const NOBODY = 'PPS22-710003';
const TURKISH = 'PPS22-710004';

const people = [
  visitor({ code: BUYER, nameKo: '王芳', nameEn: 'Wang Fang', organisation: 'Shanghai Trading Co.', category: 'foreign_buyer', country: '중국', registeredDays: [VIDEO_DAY] }),
  visitor({ code: SME, nameKo: '김하나', organisation: '(주)화상기업05', category: 'exhibitor', registeredDays: [VIDEO_DAY] }),
  visitor({ code: NOBODY, nameKo: '박방문', registeredDays: [VIDEO_DAY] }),
  visitor({ code: TURKISH, nameKo: 'Ayşe Yıldırım', nameEn: 'Ayşe Yıldırım', organisation: 'İstanbul Yapı A.Ş.', category: 'foreign_buyer', country: '튀르키예', registeredDays: [VIDEO_DAY] }),
];

async function stationWithPrinter(tdb: ReturnType<typeof testDatabases>[number], role: 'admin' | 'kiosk') {
  const dataDir = tempDir();
  const vp = await startVirtualPrinter({ port: 0, outDir: `${dataDir}/printed` });
  const s = await testStation({ dataDir, db: await tdb.target(dataDir), role: 'admin', name: role === 'kiosk' ? 'Kiosk 1' : 'Desk 1' });
  s.clock.set(`${VIDEO_DAY}T09:30:00+09:00`);
  await seed(s, people);
  must(await s.invoke('programme.import.commit', { fileName: 'video-day.csv', dataBase64: b64(videoDayCsv({ booth: true })) }));
  const saved = must(await s.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
  assert.equal(saved.status, 'saved');
  if (saved.status !== 'saved') throw new Error('no printer');
  must(await s.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: true }));
  return { s, vp };
}

/** The kinds of a station's print jobs in queue order. */
const jobKinds = async (s: Awaited<ReturnType<typeof testStation>>) =>
  (await s.handle.db.selectFrom('print_jobs').select(['kind', 'state', 'id', 'nonce', 'expires_at']).orderBy('id').execute());

for (const tdb of testDatabases()) {
  describe(`itineraries at the desk's check-in (${tdb.name})`, () => {
    let s: Awaited<ReturnType<typeof testStation>>;
    let vp: VirtualPrinter;
    before(async () => ({ s, vp } = await stationWithPrinter(tdb, 'admin')));
    after(async () => {
      await s.close();
      await vp.close();
    });

    test('a buyer checks in: the schedule on the card, the badge then the slip on the printer; a retry prints nothing more', async () => {
      const nonce = randomUUID();
      const o = must(await s.invoke('checkin.scan', { code: BUYER, nonce, method: 'scan' }));
      assert.equal(o.status, 'checked_in');
      if (o.status !== 'checked_in') return;
      assert.equal(o.itinerary?.side, 'buyer');
      assert.equal(o.itinerary?.items.length, 6);
      assert.ok(o.itinerarySlipJobId);
      const pages = await vp.waitForJobs(2);
      const jobs = await until('badge and slip printed', async () => {
        const rows = await jobKinds(s);
        return rows.length === 2 && rows.every((r) => r.state === 'printed') && rows;
      });
      assert.deepEqual(jobs.map((j) => j.kind), ['badge', 'itinerary'], 'the slip follows the badge');
      assert.equal(jobs[1]!.id, o.itinerarySlipJobId);
      // The second page the printer received is exactly the slip's raster.
      const slip = await slipForJob(s.handle.db, jobs[1]!.nonce);
      assert.ok(slip);
      assert.equal(blackInPngFile(pages[1]!.file), blackInRaster(renderItinerary(slip, 'roll80')));
      fs.mkdirSync('test-results/screenshots', { recursive: true });
      fs.copyFileSync(pages[1]!.file, `test-results/screenshots/itinerary-checkin-slip-${tdb.name}.png`);

      const again = must(await s.invoke('checkin.scan', { code: BUYER, nonce, method: 'scan' }));
      assert.equal(again.status === 'checked_in' && again.itinerarySlipJobId, o.itinerarySlipJobId, 'a retried check-in finds its slip');
      assert.equal((await jobKinds(s)).length, 2);
      // The reprint button: a fresh request, a second slip.
      const re = must(await s.invoke('itinerary.print', { nonce: randomUUID(), code: BUYER }));
      assert.equal(re.status, 'queued');
      await vp.waitForJobs(3);
    });

    test('a visitor with no meetings: a plain check-in, a badge and no slip', async () => {
      const before = (await jobKinds(s)).length;
      const o = must(await s.invoke('checkin.scan', { code: NOBODY, nonce: randomUUID(), method: 'scan' }));
      assert.equal(o.status, 'checked_in');
      assert.ok(o.status === 'checked_in' && !o.itinerary && !o.itinerarySlipJobId);
      const after = await until('badge queued', async () => {
        const rows = await jobKinds(s);
        return rows.length > before && rows;
      });
      assert.deepEqual(after.slice(before).map((j) => j.kind), ['badge']);
    });

    test('a cancelled meeting is left off the screen, the slip and the A4 page', async () => {
      const got = must(await s.invoke('itinerary.get', { code: SME }));
      assert.equal(got.status, 'found');
      if (got.status !== 'found') return;
      assert.equal(got.itinerary.items.length, 1);
      const buyer = must(await s.invoke('itinerary.get', { code: BUYER }));
      if (buyer.status !== 'found') throw new Error(buyer.status);
      const third = buyer.itinerary.items[2]!;
      const act = must(await s.invoke('floor.meeting.act', { nonce: randomUUID(), meetingId: third.meetingId, action: 'cancel' }));
      assert.ok(act);
      const after = must(await s.invoke('itinerary.get', { code: BUYER }));
      assert.equal(after.status === 'found' && after.itinerary.items.length, 5);
      assert.ok(after.status === 'found' && !after.itinerary.items.some((i) => i.meetingId === third.meetingId));
      // The slip prints five meetings.
      const r = must(await s.invoke('itinerary.print', { nonce: randomUUID(), code: BUYER }));
      if (r.status !== 'queued') throw new Error(r.status);
      const job = await s.handle.db.selectFrom('print_jobs').select('nonce').where('id', '=', r.jobId).executeTakeFirstOrThrow();
      const slip = await slipForJob(s.handle.db, job.nonce);
      assert.equal(slip?.lines.length, 5);
      assert.ok(!slip.lines.some((l) => l.counterpart === third.counterpart && l.time.startsWith('10:40')));
      // The A4 page: five rows (one time per meeting in the text).
      const pdf = must(await s.invoke('itinerary.pdf', { code: BUYER }));
      if (pdf.status !== 'found') throw new Error(pdf.status);
      const { text } = await pdfText(pdf.dataBase64);
      assert.match(text, /10:20–10:34/);
      assert.ok(!text.includes('10:40–10:54'), 'the cancelled 10:40 meeting is not on the page');
      assert.match(text, /11:00–11:14/);
      // An SME whose only meeting is cancelled has none.
      const sme = must(await s.invoke('itinerary.get', { code: SME }));
      if (sme.status !== 'found') throw new Error(sme.status);
      must(await s.invoke('floor.meeting.act', { nonce: randomUUID(), meetingId: sme.itinerary.items[0]!.meetingId, action: 'cancel' }));
      assert.equal(must(await s.invoke('itinerary.get', { code: SME })).status, 'none');
    });

    test("the A4 page embeds its fonts: 王芳's Han from the CJK fallback, a Turkish name from Pretendard", async () => {
      const wang = must(await s.invoke('itinerary.pdf', { code: BUYER }));
      if (wang.status !== 'found') throw new Error(wang.status);
      const w = pdfFonts(Buffer.from(wang.dataBase64, 'base64'));
      assert.match((await pdfText(wang.dataBase64)).text, /王芳/);
      assert.ok(w.fonts.some((f) => /NotoSans(JP|Hans)/.test(f)), `fonts: ${w.fonts.join(', ')}`);
      assert.ok(w.fonts.some((f) => /Pretendard/.test(f)));
      assert.ok(w.mapped.has(0x738b) && w.mapped.has(0x82b3), '王 and 芳 have glyphs in an embedded font');
      const ayse = must(await s.invoke('itinerary.pdf', { code: TURKISH }));
      if (ayse.status !== 'found') throw new Error(ayse.status);
      const a = pdfFonts(Buffer.from(ayse.dataBase64, 'base64'));
      assert.match((await pdfText(ayse.dataBase64)).text, /Ayşe Yıldırım/);
      for (const ch of 'şıİ') assert.ok(a.mapped.has(ch.codePointAt(0)!), `${ch} embedded`);
      fs.writeFileSync(`test-results/screenshots/itinerary-a4-${tdb.name}.pdf`, Buffer.from(wang.dataBase64, 'base64'));
      assert.equal(must(await s.invoke('itinerary.pdf', { code: NOBODY })).status, 'none');
      assert.equal(must(await s.invoke('itinerary.pdf', { code: 'PPS22-999999' })).status, 'unknown_code');
    });
  });

  describe(`itineraries at the kiosk (${tdb.name})`, () => {
    let s: Awaited<ReturnType<typeof testStation>>;
    let vp: VirtualPrinter;
    before(async () => ({ s, vp } = await stationWithPrinter(tdb, 'kiosk')));
    after(async () => {
      await s.close();
      await vp.close();
    });

    test('the confirm shows the visitor’s own meetings (no staff names, no codes) and the slip prints after the badge', async () => {
      const id = must(await s.invoke('kiosk.identify', { by: 'code', code: BUYER })) as Extract<IdentifyOutcome, { status: 'found' }>;
      assert.equal(id.status, 'found');
      const nonce = randomUUID();
      const c = must(await s.invoke('kiosk.confirm', { ticket: id.ticket, nonce }));
      assert.equal(c.status, 'checked_in');
      if (c.status !== 'checked_in') return;
      assert.equal(c.print.status, 'queued');
      assert.equal(c.itinerary?.items.length, 6);
      assert.ok(c.itinerary.items.every((i) => i.interpreted && i.buyerTimeZone === 'Asia/Shanghai'));
      const text = JSON.stringify(c.itinerary);
      assert.ok(!text.includes('통역 A') && !text.includes(BUYER) && !text.includes('meetingId'), 'no interpreter name, code or id on the kiosk');
      await vp.waitForJobs(2);
      const jobs = await until('badge and slip printed', async () => {
        const rows = await jobKinds(s);
        return rows.length === 2 && rows.every((r) => r.state === 'printed') && rows;
      });
      assert.deepEqual(jobs.map((j) => j.kind), ['badge', 'itinerary']);
      assert.ok(jobs[1]!.expires_at, 'the kiosk slip expires like its badge');
      // A repeated confirm: the same answer, nothing printed twice.
      const again = must(await s.invoke('kiosk.confirm', { ticket: id.ticket, nonce }));
      assert.equal(again.status === 'checked_in' && again.itinerary?.items.length, 6);
      assert.equal((await jobKinds(s)).length, 2);
    });

    test('a visitor without meetings gets no schedule and no slip', async () => {
      const id = must(await s.invoke('kiosk.identify', { by: 'code', code: NOBODY })) as Extract<IdentifyOutcome, { status: 'found' }>;
      const c = must(await s.invoke('kiosk.confirm', { ticket: id.ticket, nonce: randomUUID() }));
      assert.ok(c.status === 'checked_in' && !c.itinerary);
      const rows = await until('badge queued', async () => {
        const r = await jobKinds(s);
        return r.length === 3 && r;
      });
      assert.equal(rows[2]!.kind, 'badge');
    });
  });
}
