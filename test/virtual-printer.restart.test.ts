/**
 * The virtual printer restarted on the same folder keeps the pages of its earlier run:
 * a rehearsal's printed badges are the evidence of what came out (issue 14).
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startVirtualPrinter } from '../main/printing/virtual-printer';
import { escposRaster } from '../main/printing/escpos.encode';
import { sendToPrinter } from '../main/printing/tcp.transport';
import { tempDir } from './helpers/station';

/** A small raster page (8 × 4 dots, one black row) as ESC/POS bytes. */
function page(fill: number): Buffer {
  const data = new Uint8Array(4);
  data[0] = fill;
  return escposRaster({ width: 8, height: 4, bytesPerRow: 1, data });
}

test('a restarted virtual printer continues the numbering instead of overwriting job-0001.png', async () => {
  const out = tempDir('fairdesk-vp-');
  const first = await startVirtualPrinter({ port: 0, outDir: out });
  try {
    await sendToPrinter({ host: '127.0.0.1', port: first.port }, page(0xff));
    await first.waitForJobs(1);
  } finally {
    await first.close();
  }
  const before = fs.readFileSync(`${out}/job-0001.png`);
  const second = await startVirtualPrinter({ port: 0, outDir: out });
  try {
    await sendToPrinter({ host: '127.0.0.1', port: second.port }, page(0x0f));
    const jobs = await second.waitForJobs(1);
    assert.match(jobs[0]!.file, /job-0002\.png$/);
  } finally {
    await second.close();
  }
  assert.deepEqual(fs.readdirSync(out).filter((f) => f.endsWith('.png')).sort(), ['job-0001.png', 'job-0002.png']);
  assert.ok(fs.readFileSync(`${out}/job-0001.png`).equals(before), 'the first run page is untouched');
});
