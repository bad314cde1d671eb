/**
 * The kiosk as a visitor uses it, on a kiosk-role station, on SQLite and PostgreSQL:
 * a visitor signs up for a tour with their own badge (confirmed, then the waitlist in
 * order), every answer the kiosk gets carries no personal data, the kiosk cannot reach
 * staff channels, and the kiosk's printer prints a small ticket — the bytes over a real
 * TCP socket are the ticket's raster, Hangul drawn from the bundled font, the name masked.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import type { Channel, Role } from '../contract/index';
import type { Raster } from '../main/printing/badge.render';
import { renderSessionTicket, type TicketData } from '../main/printing/session-ticket.render';
import { startVirtualPrinter } from '../main/printing/virtual-printer';
import { ticketDataFor } from '../main/services/sessions/session-ticket.service';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const SESSIONS_CSV = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/sessions.csv'), 'utf8');
const CODES = ['PPS22-810001', 'PPS22-810002', 'PPS22-810003', 'PPS22-810004'];
const PHONES = ['010-5511-0001', '010-5511-0002', '010-5511-0003', '010-5511-0004'];

const blackInRaster = (r: Raster) => {
  let n = 0;
  for (const b of r.data) for (let bit = b; bit; bit &= bit - 1) n++;
  return n;
};
const blackInPng = (file: string) => {
  const png = PNG.sync.read(fs.readFileSync(file));
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 128) n++;
  return n;
};

/** A kiosk station with its own core and print queue; the console's calls go through its router as another station would. */
async function kioskWorld(tdb: ReturnType<typeof testDatabases>[number]) {
  const dataDir = tempDir();
  const kiosk = await testStation({ dataDir, db: await tdb.target(dataDir), role: 'kiosk', name: 'Kiosk 1' });
  const admin = { station: { id: randomUUID(), name: 'Console', role: 'admin' as Role } };
  const asAdmin = <C extends Channel>(ch: C, input: unknown) => kiosk.router.invoke(admin, ch, input);
  await seed(kiosk, CODES.map((code, i) => visitor({ code, nameKo: `홍길${'동순영희'[i]}`, organisation: '조달청', phone: PHONES[i]! })));
  kiosk.clock.set('2022-04-13T09:40:00+09:00');
  must(await asAdmin('programme.import.commit', { fileName: 'sessions.csv', dataBase64: b64(SESSIONS_CSV) }));
  return { kiosk, asAdmin, dataDir };
}

for (const tdb of testDatabases()) {
  test(`kiosk: a visitor signs up with their own badge; the waitlist in order; nothing personal in the answers (${tdb.name})`, async () => {
    const { kiosk } = await kioskWorld(tdb);
    try {
      const signUp = (code: string) => kiosk.invoke('sessions.signup', { nonce: randomUUID(), sessionId: 'TOUR1', code }).then(must);
      assert.deepEqual(await signUp(CODES[0]!), { status: 'confirmed', sessionId: 'TOUR1', already: false });
      assert.deepEqual(await signUp(CODES[1]!), { status: 'confirmed', sessionId: 'TOUR1', already: false });
      assert.deepEqual(await signUp(CODES[2]!), { status: 'waitlisted', sessionId: 'TOUR1', position: 1, already: false });
      // A second tap of the same badge: the same answer, no second fact.
      assert.deepEqual(await signUp(CODES[2]!), { status: 'waitlisted', sessionId: 'TOUR1', position: 1, already: true });
      // TOUR2 overlaps TOUR1 in time.
      const overlap = must(await kiosk.invoke('sessions.signup', { nonce: randomUUID(), sessionId: 'TOUR2', code: CODES[0]! }));
      assert.equal(overlap.status, 'overlap');
      assert.deepEqual(await kiosk.invoke('sessions.signup', { nonce: randomUUID(), sessionId: 'TOUR1', code: 'PPS22-999999' }).then(must), { status: 'unknown_code', code: 'PPS22-999999' });

      const mine = must(await kiosk.invoke('sessions.signups.of', { code: CODES[2]! }));
      assert.deepEqual(mine.map((m) => [m.sessionId, m.status, m.position, m.meetingPoint]), [['TOUR1', 'waitlisted', 1, '3홀 입구 안내데스크']]);
      const list = must(await kiosk.invoke('sessions.list', {}));
      assert.equal(list.sessions.find((s) => s.id === 'TOUR1')?.signedUp, 2);
      // Nothing the kiosk was answered names anyone or carries a phone number.
      const seen = JSON.stringify([mine, list, must(await kiosk.invoke('sessions.signups.of', { code: CODES[0]! }))]);
      for (const p of PHONES) assert.ok(!seen.includes(p), 'no phone number');
      assert.ok(!/홍길/.test(seen), 'no name');

      // A cancel at the kiosk moves the waitlist up.
      assert.deepEqual(must(await kiosk.invoke('sessions.signup.cancel', { nonce: randomUUID(), sessionId: 'TOUR1', code: CODES[0]! })), { cancelled: true });
      assert.deepEqual(must(await kiosk.invoke('sessions.signups.of', { code: CODES[2]! })).map((m) => m.status), ['confirmed']);

      // Staff channels stay closed to the kiosk role.
      for (const [ch, input] of [
        ['sessions.attendance', { sessionId: 'TOUR1' }],
        ['sessions.door.scan', { nonce: randomUUID(), code: CODES[0]!, direction: 'in', sessionId: 'TOUR1' }],
        ['sessions.signups.import', { fileName: 'x.csv', dataBase64: '', nonce: randomUUID() }],
        ['sessions.certificates', { sessionId: 'TRAIN1' }],
      ] as const) {
        const r = await kiosk.invoke(ch, input);
        assert.equal(r.ok ? 'ok' : r.error.code, 'forbidden', ch);
      }
    } finally {
      await kiosk.close();
    }
  });

  test(`kiosk: a sign-up ticket on the kiosk's printer — the printed dots are the ticket, the name masked (${tdb.name})`, async () => {
    const { kiosk, asAdmin, dataDir } = await kioskWorld(tdb);
    const vp = await startVirtualPrinter({ port: 0, outDir: `${dataDir}/printed` });
    try {
      const ticketJobs = () => kiosk.handle.db.selectFrom('print_jobs').selectAll().where('kind', '=', 'ticket').orderBy('id').execute();
      for (const code of CODES.slice(0, 3)) must(await kiosk.invoke('sessions.signup', { nonce: randomUUID(), sessionId: 'TOUR1', code }));
      const ticket = (code: string, nonce: string = randomUUID()) => kiosk.invoke('sessions.ticket.print', { nonce, sessionId: 'TOUR1', code }).then(must);

      assert.deepEqual(await ticket(CODES[0]!), { status: 'no_printer' }, 'a kiosk without a printer says so');
      assert.deepEqual(await ticket(CODES[3]!), { status: 'not_signed_up' });
      assert.deepEqual(await ticket('nonsense code'), { status: 'unknown_code' });
      assert.equal((await ticketJobs()).length, 0);

      const saved = must(await asAdmin('printing.printers.save', { name: 'Kiosk printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
      assert.equal(saved.status, 'saved');
      if (saved.status !== 'saved') return;
      must(await asAdmin('printing.station.set', { stationId: kiosk.identity.id, printerId: saved.printer.id, autoPrint: false }));

      const tap = randomUUID();
      assert.deepEqual(await ticket(CODES[2]!, tap), { status: 'queued' });
      assert.deepEqual(await ticket(CODES[2]!, tap), { status: 'queued' }, 'a double tap');
      const [page] = await vp.waitForJobs(1);
      const [job] = await until('ticket printed', async () => {
        const jobs = await ticketJobs();
        return jobs.length === 1 && jobs[0]!.state === 'printed' && jobs;
      });
      assert.equal(job!.visitor_code, CODES[2]);
      assert.equal(job!.station_id, kiosk.identity.id);

      const data = await ticketDataFor(kiosk.handle.db, job!.nonce, CODES[2]!, new Date(job!.created_at));
      assert.ok(data);
      const want: Omit<TicketData, 'eventName'> = { title: '가이드 투어', when: '4.13 (수) 10:30–11:30', where: '3홀 입구 안내데스크', waitlistPosition: 1, maskedName: '홍*영', code: CODES[2]! };
      assert.deepEqual({ ...data, eventName: undefined }, { ...want, eventName: undefined });
      assert.equal(blackInPng(page!.file), blackInRaster(renderSessionTicket(data, 'roll80')), 'the printer received exactly the ticket');
      // Hangul is drawn: another title changes the ink; a confirmed ticket differs from a waitlisted one.
      assert.notEqual(blackInRaster(renderSessionTicket({ ...data, title: '공공기관 구매담당자 교육' }, 'roll80')), blackInRaster(renderSessionTicket(data, 'roll80')));
      assert.notEqual(blackInRaster(renderSessionTicket({ ...data, waitlistPosition: null }, 'roll80')), blackInRaster(renderSessionTicket(data, 'roll80')));
      const narrow = renderSessionTicket({ ...data, title: '스마트 공공조달 혁신제품 현장 견학 가이드 투어 (3홀 → 5홀 → 야외 전시장) '.repeat(3) }, 'roll58');
      assert.equal(narrow.width, 384);
      assert.ok(narrow.height < 1100, 'a long title is shrunk and cut, not run off the slip');
      if (process.env.FAIRDESK_KEEP_TICKET) fs.copyFileSync(page!.file, process.env.FAIRDESK_KEEP_TICKET);
      assert.equal(vp.jobs.length, 1);
    } finally {
      await kiosk.close();
      await vp.close();
    }
  });
}
