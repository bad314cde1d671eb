/**
 * Gift receipts on a real (virtual) printer over TCP, on SQLite and PostgreSQL: a desk
 * with a printer prints one slip per redemption through the print queue (the bytes
 * that arrive are the receipt raster, dot for dot); a desk without one prints nothing;
 * an offline printer keeps the slip queued and prints it when back; a receipt that
 * cannot be queued never undoes the redemption. Plus the renderer on its own: Hangul
 * as raster, 58 mm and 80 mm paper, long names kept inside the margins.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PNG } from 'pngjs';
import type { RallySetup } from '../contract/index';
import { renderReceipt, type ReceiptData } from '../main/printing/receipt.render';
import { rasterToPng, type Raster } from '../main/printing/badge.render';
import { startVirtualPrinter, type VirtualPrinter } from '../main/printing/virtual-printer';
import { receiptDataFor, receiptTime } from '../main/services/rally/receipt.service';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';

type TestStation = Awaited<ReturnType<typeof testStation>>;

/** Receipts to look at (gitignored), next to the e2e screenshots. */
function keep(name: string, png: Buffer | string): void {
  const dir = path.resolve('test-results', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  if (typeof png === 'string') fs.copyFileSync(png, file);
  else fs.writeFileSync(file, png);
}

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
/** Black dots in columns [from, to) of a raster. */
const blackInColumns = (r: Raster, from: number, to: number) => {
  let n = 0;
  for (let y = 0; y < r.height; y++) for (let x = from; x < to; x++) if (r.data[y * r.bytesPerRow + (x >> 3)]! & (0x80 >> (x & 7))) n++;
  return n;
};

describe('receipt render', () => {
  const data: ReceiptData = {
    eventName: '2022 대한민국 공공조달박람회',
    giftKo: '에코백',
    giftEn: 'Eco bag',
    visitorName: '김은희',
    code: 'PPS22-200001',
    at: '2022.04.13 14:05',
    stationName: 'Gift desk 1',
    number: 'AB12CD34',
    perVisitor: 'event',
  };

  test('as wide as the stock, as long as its content, with ink on it', () => {
    const wide = renderReceipt(data, 'roll80');
    const narrow = renderReceipt(data, 'roll58');
    assert.equal(wide.width, 576);
    assert.equal(narrow.width, 384);
    assert.ok(wide.height > 300 && wide.height < 1200, `height ${wide.height}`);
    assert.ok(blackInRaster(wide) > 5000, 'text was drawn');
    // Hangul drawn from the bundled font: the Korean gift name changes the ink.
    assert.notEqual(blackInRaster(renderReceipt({ ...data, giftKo: '텀블러' }, 'roll80')), blackInRaster(wide));
  });

  test('long names, emoji and Hanja stay inside the margins', () => {
    const long = renderReceipt(
      { ...data, giftKo: '스마트 공공조달 혁신제품 체험단 한정판 친환경 대용량 보온보냉 텀블러 세트 🎁', visitorName: '金恩姬 김은희'.repeat(5), stationName: '경품 데스크 '.repeat(10) },
      'roll58',
    );
    keep('rally-receipt-58mm-long', rasterToPng(long));
    const margin = Math.round((20 * 384) / 576);
    assert.equal(blackInColumns(long, 0, margin - 2), 0, 'left margin white');
    assert.equal(blackInColumns(long, 384 - margin + 2, 384), 0, 'right margin white');
  });

  test('times are printed in Seoul time', () => {
    assert.equal(receiptTime('2022-04-13T05:05:00.000Z', 'Asia/Seoul'), '2022.04.13 14:05');
  });
});

for (const tdb of testDatabases()) describe(`gift receipts on the desk printer (${tdb.name})`, () => {
  let s: TestStation;
  let vp: VirtualPrinter;
  let printerId = '';
  const codes = Array.from({ length: 8 }, (_, i) => `PPS22-5${String(i).padStart(5, '0')}`);
  const redeem = (code: string) => s.invoke('rally.gift.redeem', { code, giftId: 'pen', nonce: randomUUID() }).then(must);
  const receiptJobs = () => s.handle.db.selectFrom('print_jobs').selectAll().where('kind', '=', 'receipt').orderBy('id').execute();

  before(async () => {
    const dataDir = tempDir();
    vp = await startVirtualPrinter({ port: 0, outDir: `${dataDir}/printed` });
    s = await testStation({ dataDir, db: await tdb.target(dataDir), role: 'admin', name: 'Gift desk 1' });
    await seed(s, codes.map((code, i) => visitor({ code, nameKo: `방문객${i}` })));
    s.clock.set('2022-04-13T14:05:00+09:00');
    const setup = must(await s.invoke('rally.setup.get', {}));
    const next: RallySetup = {
      ...setup,
      gifts: [...setup.gifts, { id: 'pen', labelKo: '볼펜', labelEn: 'Pen', rule: { all: [], anyOf: [], everyone: true }, stock: 100, stockScope: 'event', perVisitor: 'event', active: true, sort: 9 }],
      settings: { ...setup.settings, notCheckedIn: 'allow' },
    };
    must(await s.invoke('rally.setup.save', next));
  });
  after(async () => {
    await s.close();
    await vp.close();
  });

  test('a desk without a printer hands out the gift and prints nothing', async () => {
    const r = await redeem(codes[0]!);
    assert.equal(r.status === 'redeemed' && r.receipt, 'none');
    assert.equal((await receiptJobs()).length, 0);
  });

  test('with a printer: one receipt per redemption, the printed dots are the receipt raster', async () => {
    const saved = must(await s.invoke('printing.printers.save', { name: 'Gift printer', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' }));
    assert.equal(saved.status, 'saved');
    if (saved.status !== 'saved') return;
    printerId = saved.printer.id;
    must(await s.invoke('printing.station.set', { printerId, autoPrint: false }));

    const tap = randomUUID();
    const r = must(await s.invoke('rally.gift.redeem', { code: codes[1]!, giftId: 'pen', nonce: tap }));
    assert.equal(r.status === 'redeemed' && r.receipt, 'queued');
    // A double tap (same nonce) answers the same and queues no second slip.
    const again = must(await s.invoke('rally.gift.redeem', { code: codes[1]!, giftId: 'pen', nonce: tap }));
    assert.equal(again.status, 'redeemed');
    const [page] = await vp.waitForJobs(1);
    const [job] = await until('receipt printed', async () => {
      const jobs = await receiptJobs();
      return jobs.length === 1 && jobs[0]!.state === 'printed' && jobs;
    });
    assert.equal(job!.visitor_code, codes[1]);
    if (r.status !== 'redeemed') return;
    assert.equal(job!.nonce, `receipt:${r.redemption.id}`);

    const data = await receiptDataFor(s.handle.db, job!.nonce);
    assert.ok(data);
    assert.deepEqual([data.giftKo, data.giftEn, data.visitorName, data.code, data.at, data.stationName], ['볼펜', 'Pen', '방문객1', codes[1], '2022.04.13 14:05', 'Gift desk 1']);
    assert.equal(blackInPng(page!.file), blackInRaster(renderReceipt(data, 'roll80')), 'the printer received exactly the receipt');
    keep(`rally-receipt-printed-${tdb.name}`, page!.file);
    const log = must(await s.invoke('printing.log', { code: codes[1]! }));
    assert.deepEqual(log.jobs.map((j) => [j.kind, j.state]), [['receipt', 'printed']]);
    assert.equal(vp.jobs.length, 1);
  });

  test('printer off: the gift is handed out, the receipt waits and prints once when it is back', async () => {
    await vp.setMode('offline');
    const before = vp.jobs.length;
    const r = await redeem(codes[2]!);
    assert.equal(r.status, 'redeemed');
    const job = await until('receipt waiting for the printer', async () => {
      const j = (await receiptJobs()).find((x) => x.visitor_code === codes[2]);
      return j?.state === 'queued' && j.last_error === 'printer_offline' && j;
    });
    // A redemption while the desk knows the printer is off says so.
    const r2 = await redeem(codes[3]!);
    assert.equal(r2.status === 'redeemed' && r2.receipt, 'printer_offline');

    await vp.setMode('ok');
    s.runtime.printing.retryNow();
    await vp.waitForJobs(before + 2, 30_000);
    await until('both printed', async () => {
      const rows = (await receiptJobs()).filter((x) => x.visitor_code === codes[2] || x.visitor_code === codes[3]);
      return rows.length === 2 && rows.every((x) => x.state === 'printed');
    });
    assert.equal(vp.jobs.length, before + 2);
    assert.ok(((await receiptJobs()).find((x) => x.id === job.id)?.attempts ?? 0) >= 2, 'tried while off, printed when back');
  });

  test('a receipt that cannot be queued never undoes the redemption', async () => {
    await sql`alter table print_jobs rename to print_jobs_away`.execute(s.handle.db);
    let r;
    try {
      r = await redeem(codes[4]!);
    } finally {
      await sql`alter table print_jobs_away rename to print_jobs`.execute(s.handle.db);
    }
    assert.equal(r.status === 'redeemed' && r.receipt, 'none');
    const rows = await s.handle.db.selectFrom('rally_redemptions').select('id').where('visitor_code', '=', codes[4]!).execute();
    assert.equal(rows.length, 1, 'the redemption committed');
    assert.equal((await redeem(codes[4]!)).status, 'already_redeemed');
  });
});
