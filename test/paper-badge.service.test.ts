/**
 * The A6 paper badge from the desk follows the thermal badge's rules and shares its
 * print log: the first badge (paper or thermal) exists once, a second needs a reason
 * and is logged with it; a repeated nonce is the same badge. The page is the visitor's.
 * A station whose shell prints by itself (Electron) sends it there instead.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { until } from './helpers/until';
import type { Station } from '../main/core/station';

for (const tdb of testDatabases()) describe(`paper badge at the desk (${tdb.name})`, () => {
  let s: Station;
  before(async () => {
    const dataDir = tempDir();
    s = await testStation({ dataDir, name: '1번 데스크', db: await tdb.target(dataDir) });
    await seed(s, [visitor({ code: 'PPS22-400001', nameKo: '한지우', organisation: '조달청' }), visitor({ code: 'PPS22-400002', nameKo: '오세린' })]);
  });
  after(() => s.close());

  test('first paper badge is logged; a second needs a reason; a repeated request is the same badge', async () => {
    const first = must(await s.invoke('printing.paper.print', { code: 'pps22-400001', nonce: 'paper-first-1' }));
    assert.equal(first.status, 'ready');
    const again = must(await s.invoke('printing.paper.print', { code: 'PPS22-400001', nonce: 'paper-first-1' }));
    assert.deepEqual(again, first, 'same nonce, same badge');

    const second = must(await s.invoke('printing.paper.print', { code: 'PPS22-400001', nonce: 'paper-second-1' }));
    assert.equal(second.status, 'already_printed');
    if (second.status === 'already_printed') {
      assert.equal(second.firstStation, '1번 데스크');
      assert.equal(second.firstPrintedAt, '2022-04-13T00:30:00.000Z');
    }
    const reprint = must(await s.invoke('printing.paper.print', { code: 'PPS22-400001', nonce: 'paper-second-2', reprintReason: 'lost' }));
    assert.equal(reprint.status, 'ready');

    const log = must(await s.invoke('printing.log', { code: 'PPS22-400001' })).jobs;
    assert.deepEqual(
      log.map((j) => [j.printerName, j.state, j.reason]),
      [
        ['A6 paper', 'printed', null],
        ['A6 paper', 'printed', 'lost'],
      ],
    );
    const audit = await s.handle.db.selectFrom('audit_log').select('channel').where('channel', '=', 'printing.paper.print').execute();
    assert.equal(audit.length, 4, 'every request is audited');
  });

  test('a paper badge counts as the first badge for the thermal printer too', async () => {
    const saved = must(await s.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: 'tcp://127.0.0.1:9', paperMm: 80, stock: 'roll80' }));
    if (saved.status !== 'saved') return assert.fail('printer not saved');
    must(await s.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: false }));
    const thermal = must(await s.invoke('printing.badge.print', { code: 'PPS22-400001', nonce: 'paper-thermal-1' }));
    assert.equal(thermal.status, 'already_printed');
    assert.equal(thermal.printerName, 'A6 paper');
    // …the other way round: a thermal badge still waiting for its printer (nothing answers
    // on port 9) has not been given, so a paper one replaces it (issue 14: never two badges)…
    const waitingThermal = must(await s.invoke('printing.badge.print', { code: 'PPS22-400002', nonce: 'paper-thermal-2' }));
    let n = 0;
    // (While the queue is trying the printer the thermal job cannot be cancelled: ask again.)
    const paper = await until('paper replaces the waiting thermal badge', async () => {
      const r = must(await s.invoke('printing.paper.print', { code: 'PPS22-400002', nonce: `paper-thermal-3${n++}` }));
      return r.status === 'ready' && r;
    });
    assert.equal(paper.status, 'ready');
    const old = await s.handle.db.selectFrom('print_jobs').select(['state', 'last_error']).where('id', '=', waitingThermal.jobId!).executeTakeFirstOrThrow();
    assert.deepEqual(old, { state: 'failed', last_error: 'cancelled' });
    // …and once a badge is out, a thermal one is a reprint.
    assert.equal(must(await s.invoke('printing.badge.print', { code: 'PPS22-400002', nonce: 'paper-thermal-4' })).status, 'already_printed');
  });

  test('the page is the visitor’s A6 badge; unknown jobs and thermal jobs have none', async () => {
    const r = must(await s.invoke('printing.paper.print', { code: 'PPS22-400001', nonce: 'paper-page-1', reprintReason: '이름 변경 요청' }));
    if (r.status !== 'ready') return assert.fail(r.status);
    const page = must(await s.invoke('printing.paper.page', { jobId: r.jobId }));
    if (page.status !== 'page') return assert.fail(page.status);
    assert.match(page.html, /한지우/);
    assert.match(page.html, /조달청/);
    assert.match(page.html, /size: 105mm 148mm/);

    const none = await s.invoke('printing.paper.page', { jobId: 'no-such-job' });
    assert.equal(none.ok ? 'ok' : none.error.code, 'not_found');
    const thermal = await s.handle.db.selectFrom('print_jobs').select('id').where('printer_name', '=', 'Desk printer').executeTakeFirstOrThrow();
    const notPaper = await s.invoke('printing.paper.page', { jobId: thermal.id });
    assert.equal(notPaper.ok ? 'ok' : notPaper.error.code, 'not_found');
  });

  test('a shell that prints by itself gets the page (FakePaperPrinter); a refusal is an error the desk can show', async () => {
    const r = must(await s.invoke('printing.paper.print', { code: 'PPS22-400001', nonce: 'paper-shell-1', reprintReason: 'misprint' }));
    if (r.status !== 'ready') return assert.fail(r.status);
    const printed: string[] = [];
    s.runtime.paperPrinter = async (html) => void printed.push(html);
    try {
      assert.deepEqual(must(await s.invoke('printing.paper.page', { jobId: r.jobId })), { status: 'sent' });
      assert.equal(printed.length, 1);
      assert.match(printed[0]!, /한지우/);
      s.runtime.paperPrinter = async () => {
        throw new Error('paper badge not printed: cancelled');
      };
      const refused = await s.invoke('printing.paper.page', { jobId: r.jobId });
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'printer_offline');
    } finally {
      s.runtime.paperPrinter = null;
    }
  });

  test('bad input: unknown code, a 10,000-character reason, a kiosk may not', async () => {
    const unknown = await s.invoke('printing.paper.print', { code: 'PPS22-999999', nonce: 'paper-bad-1' });
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'not_found');
    const long = await s.invoke('printing.paper.print', { code: 'PPS22-400001', nonce: 'paper-bad-2', reprintReason: 'x'.repeat(10_000) });
    assert.equal(long.ok ? 'ok' : long.error.code, 'invalid_input');
    const kiosk = await s.router.invoke({ station: { ...s.identity, role: 'kiosk' } }, 'printing.paper.print', { code: 'PPS22-400001', nonce: 'paper-bad-3' });
    assert.equal(kiosk.ok ? 'ok' : kiosk.error.code, 'forbidden');
  });
});
