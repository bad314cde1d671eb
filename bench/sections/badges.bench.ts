/**
 * Badges: how long the station takes to render a badge raster (category mix, 80 mm
 * roll), and how long from a desk's `checkin.scan` call until the first byte reaches
 * the printer — the whole path: router → check-in + job row in one transaction →
 * commit → queue wakes on the event → render → encode → TCP connect → bytes. The
 * printer is the virtual printer on loopback; the station is a real SQLite station.
 * "First byte" is the first byte of the badge's raster (GS v 0), not the status request
 * a job sends before it renders (issue 12, bench truth).
 *
 * Raw limit in the same run: the same bytes a badge job sent (one connection's capture),
 * written raw over a fresh loopback TCP connection to a bare socket server — connect →
 * first byte there, and connect → every byte there.
 *
 *   npm run bench -- --only badges [--n 200]
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CATEGORIES } from '../../contract/index';
import type { BenchSection } from './index';
import { figure, summarize } from '../stats';
import { renderBadge } from '../../main/printing/badge.render';
import { startVirtualPrinter } from '../../main/printing/virtual-printer';
import { seed, tempDir, testStation, visitor } from '../../test/helpers/station';

const GOAL_RENDER_MS = 30;
const GOAL_SCAN_TO_BYTES_MS = 60;

/** Raw TCP: per sample a fresh loopback connection writes `bytes`; times to the first and the last byte at the server. */
async function rawTcpWrites(bytes: Buffer, n: number): Promise<{ first: number[]; all: number[] }> {
  let onFirst: (t: number) => void = () => undefined;
  let onAll: (t: number) => void = () => undefined;
  const server = net.createServer((sock) => {
    let got = 0;
    sock.on('data', (c) => {
      const t = performance.now();
      if (got === 0) onFirst(t);
      got += c.length;
      if (got >= bytes.length) {
        onAll(t);
        sock.end();
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const first: number[] = [];
  const all: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const f = new Promise<number>((r) => (onFirst = r));
      const a = new Promise<number>((r) => (onAll = r));
      const t = performance.now();
      const c = net.connect(port, '127.0.0.1', () => c.end(bytes));
      c.on('error', () => undefined);
      first.push((await f) - t);
      all.push((await a) - t);
      await new Promise((r) => c.on('close', r));
    }
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
  return { first, all };
}

export const badgesBench: BenchSection = {
  name: 'badges',
  doc: 'badge render p95; checkin.scan → first raster byte at the printer socket p95 (virtual printer on loopback), beside a raw TCP write of the same bytes',
  async run(flags) {
    const n = Number(flags.n ?? 200);
    const names = ['김은희', '남궁민수', 'Piotr Kowalski', '가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아자차카타파하'];
    const render: number[] = [];
    for (let i = 0; i < n + 10; i++) {
      const t = performance.now();
      renderBadge(
        { code: `PPS22-${100000 + i}`, nameKo: names[i % names.length]!, nameEn: 'Guest', organisation: '한국토지주택공사', category: CATEGORIES[i % CATEGORIES.length]!, eventName: '2022 공공조달박람회', eventDays: ['2022-04-13', '2022-04-15'] },
        'roll80',
      );
      if (i >= 10) render.push(performance.now() - t); // the first renders warm up fonts and the JIT
    }
    const r = summarize(render);
    figure(`render p50 (n=${r.n})`, r.p50, 'ms');
    figure('render p95', r.p95, 'ms', { max: GOAL_RENDER_MS });

    const dir = tempDir('fairdesk-bench-badges-');
    const vp = await startVirtualPrinter({ port: 0, outDir: path.join(dir, 'printed'), keepRaw: true });
    const station = await testStation({ dataDir: dir, role: 'admin', name: 'Bench desk' });
    try {
      const count = Math.min(n, 300);
      await seed(station, Array.from({ length: count + 5 }, (_, i) => visitor({ code: `B-${String(i).padStart(5, '0')}`, nameKo: names[i % names.length]!, category: CATEGORIES[i % CATEGORIES.length]! })));
      const saved = await station.invoke('printing.printers.save', { name: 'Bench', kind: 'epson', interface: `tcp://127.0.0.1:${vp.port}`, paperMm: 80, stock: 'roll80' });
      if (!saved.ok || saved.value.status !== 'saved') throw new Error('could not add the bench printer');
      await station.invoke('printing.station.set', { printerId: saved.value.printer.id, autoPrint: true });
      const lat: number[] = [];
      const whole: number[] = [];
      const statusReq: number[] = [];
      for (let i = 0; i < count + 5; i++) {
        // The connection's first byte is the status request, sent while the badge renders;
        // the badge's first byte is its raster command; "printed" is when the printer took
        // the whole job and closed the connection.
        const firstAny = vp.nextFirstByte();
        const first = vp.nextRasterByte();
        const printed = new Promise<number>((resolve) => {
          const off = station.bus.subscribe((ev) => {
            if (ev.type === 'printing.job' && ev.state === 'printed') {
              off();
              resolve(performance.now());
            }
          });
        });
        const t = performance.now();
        const out = await station.invoke('checkin.scan', { code: `B-${String(i).padStart(5, '0')}`, nonce: `bench-${i}-nonce` });
        if (!out.ok || out.value.status !== 'checked_in') throw new Error(`check-in failed: ${JSON.stringify(out)}`);
        const at = await first;
        const anyAt = await firstAny;
        const done = await printed;
        if (i >= 5) {
          lat.push(at - t);
          statusReq.push(anyAt - t);
          whole.push(done - t);
        }
        await vp.waitForJobs(i + 1); // one badge at a time, as at a desk
      }
      const s = summarize(lat);
      figure(`scan → first raster byte at the printer p50 (n=${s.n})`, s.p50, 'ms');
      figure('scan → first raster byte p95', s.p95, 'ms', { max: GOAL_SCAN_TO_BYTES_MS });
      figure('  (scan → the status request, sent before rendering, p95)', summarize(statusReq).p95, 'ms');
      const w = summarize(whole);
      figure('scan → whole badge taken by the printer p50', w.p50, 'ms');
      figure('scan → whole badge taken by the printer p95', w.p95, 'ms');
      figure('badges printed', vp.jobs.length, 'pages', { min: count + 5 });
      // Raw limit: one badge job's bytes, as captured, over a bare loopback TCP connection.
      const capture = fs.readdirSync(path.join(dir, 'printed')).filter((f) => f.endsWith('.bin')).sort().pop();
      if (capture) {
        const bytes = fs.readFileSync(path.join(dir, 'printed', capture));
        const raw = await rawTcpWrites(bytes, s.n);
        const rf = summarize(raw.first);
        const ra = summarize(raw.all);
        figure(`  raw limit: connect + write the same ${bytes.length.toLocaleString()} bytes → first byte at a bare socket p95`, rf.p95, 'ms');
        figure('  raw limit: the same → every byte there p95', ra.p95, 'ms');
        console.log(`  scan → first raster byte = ${(s.p50 / rf.p50).toFixed(1)}× the raw write at p50, ${(s.p95 / rf.p95).toFixed(1)}× at p95; whole badge ${(w.p50 / ra.p50).toFixed(1)}× / ${(w.p95 / ra.p95).toFixed(1)}×`);
      }
    } finally {
      await station.close();
      await vp.close();
    }
  },
};
