/**
 * A virtual networked receipt printer: listens like an ESC/POS printer on TCP (port
 * 9100 by default) and renders every job it receives to a PNG — raster images (GS v 0,
 * ESC *), Star raster lines, text, QR codes (GS ( k) — one PNG per cut. Used by the e2e
 * tests, the bench and by a venue to rehearse without hardware. It can also play a
 * broken printer: offline (refuses connections), slow (reads at a trickle), jammed
 * (answers status "offline" and prints nothing) or vanishing (drops mid-job).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import iconv from 'iconv-lite';
import QRCode from 'qrcode';
import { BADGE_FONT, ensureBadgeFont } from './fonts';

export const VIRTUAL_MODES = ['ok', 'offline', 'slow', 'jammed', 'vanish'] as const;
export type VirtualMode = (typeof VIRTUAL_MODES)[number];

export interface VirtualJob {
  index: number;
  file: string;
  width: number;
  height: number;
}

export interface VirtualPrinterOptions {
  port?: number;
  host?: string;
  outDir: string;
  mode?: VirtualMode;
  /** Paper width in dots (576 = 80 mm); wider rasters widen the page. */
  widthDots?: number;
  /** Also keep each connection's raw bytes (job-NNNN.bin) for debugging. */
  keepRaw?: boolean;
}

export interface VirtualPrinter {
  port: number;
  setMode(mode: VirtualMode): Promise<void>;
  readonly mode: VirtualMode;
  /** Pages printed so far, in order. */
  jobs: VirtualJob[];
  /** Resolves when at least n pages have been printed (rejects after timeoutMs). */
  waitForJobs(n: number, timeoutMs?: number): Promise<VirtualJob[]>;
  /** Resolves with performance.now() when the next connection delivers its first byte. */
  nextFirstByte(): Promise<number>;
  /**
   * Resolves with performance.now() when the next raster image command (ESC/POS GS v 0)
   * arrives — the badge itself, not the status request a job sends before rendering.
   */
  nextRasterByte(): Promise<number>;
  close(): Promise<void>;
}

/** ESC/POS "print raster bit image" (GS v 0): where a badge's image starts. */
const GS_V_0 = Buffer.from([0x1d, 0x76, 0x30]);

/** Status byte for DLE EOT 1: bits 1 and 4 always set; bit 3 = offline. */
const STATUS_OK = 0x12;
const STATUS_OFFLINE = 0x1a;

type Element =
  | { kind: 'raster'; width: number; height: number; bytesPerRow: number; data: Buffer; align: number }
  | { kind: 'text'; text: string; align: number; scaleW: number; scaleH: number; bold: boolean }
  | { kind: 'feed'; dots: number }
  | { kind: 'qr'; data: string; module: number; align: number };

/** Parses one connection's bytes into pages (split at each cut). Unknown commands are skipped. */
export function parseJob(buf: Buffer): Element[][] {
  const pages: Element[][] = [];
  let page: Element[] = [];
  let align = 0;
  let bold = false;
  let scaleW = 1;
  let scaleH = 1;
  let line: number[] = [];
  let qrData = '';
  let qrModule = 3;
  let starRaster: Buffer[] | null = null;
  let starBpr = 0;
  let starSeen = false;

  const flushLine = (force: boolean) => {
    if (line.length || force) page.push({ kind: 'text', text: iconv.decode(Buffer.from(line), 'cp949'), align, scaleW, scaleH, bold });
    line = [];
  };
  const cut = () => {
    flushLine(false);
    if (page.some((e) => e.kind !== 'feed')) pages.push(page);
    page = [];
  };

  let i = 0;
  const u = (k: number) => buf[k] ?? 0;
  const need = (n: number) => i + n <= buf.length;
  while (i < buf.length) {
    const b = u(i);
    if (starRaster) {
      // Inside Star raster mode: `b n1 n2 data` rows until ESC * r B.
      if (b === 0x62 && need(3)) {
        const n = u(i + 1) + u(i + 2) * 256;
        starBpr = Math.max(starBpr, n);
        const row = Buffer.alloc(n);
        buf.copy(row, 0, i + 3, Math.min(buf.length, i + 3 + n));
        starRaster.push(row);
        i += 3 + n;
        continue;
      }
      if (b === 0x1b && u(i + 1) === 0x2a && u(i + 2) === 0x72 && u(i + 3) === 0x42) {
        const data = Buffer.alloc(starBpr * starRaster.length);
        starRaster.forEach((r, y) => r.copy(data, y * starBpr));
        page.push({ kind: 'raster', width: starBpr * 8, height: starRaster.length, bytesPerRow: starBpr, data, align: 0 });
        starRaster = null;
        i += 4;
        continue;
      }
      i++;
      continue;
    }
    if (b === 0x0a) {
      flushLine(true);
      i++;
    } else if (b === 0x0d || b === 0x09 || b === 0x00) {
      i++;
    } else if (b === 0x0b) {
      page.push({ kind: 'feed', dots: 24 });
      i++;
    } else if (b === 0x10 && u(i + 1) === 0x04) {
      i += 3; // DLE EOT n: answered on the socket, nothing to draw
    } else if (b === 0x1b) {
      const c = u(i + 1);
      if (c === 0x40) {
        flushLine(false);
        align = 0;
        bold = false;
        scaleW = scaleH = 1;
        i += 2;
      } else if (c === 0x61) {
        flushLine(false);
        align = u(i + 2) % 48;
        i += 3;
      } else if (c === 0x45) {
        bold = (u(i + 2) & 1) === 1;
        i += 3;
      } else if (c === 0x64) {
        // ESC d n feeds n lines on ESC/POS, but cuts on a Star (line mode): a connection
        // that has spoken Star raster is a Star, so its ESC d ends the page.
        flushLine(false);
        if (starSeen) cut();
        else page.push({ kind: 'feed', dots: 24 * u(i + 2) });
        i += 3;
      } else if (c === 0x4a) {
        page.push({ kind: 'feed', dots: u(i + 2) });
        i += 3;
      } else if (c === 0x2a && u(i + 2) === 0x72) {
        // Star: ESC * r A enters raster mode; other ESC * r x commands carry one byte or none.
        starSeen = true;
        if (u(i + 3) === 0x41) {
          starRaster = [];
          starBpr = 0;
        }
        i += 4;
      } else if (c === 0x2a) {
        // ESC * m nL nH: one band of a column-format bit image (8 or 24 dots high).
        const m = u(i + 2);
        const n = u(i + 3) + u(i + 4) * 256;
        const h = m >= 32 ? 24 : 8;
        const bytesPerCol = h / 8;
        const bpr = Math.ceil(n / 8);
        const data = Buffer.alloc(bpr * h);
        for (let x = 0; x < n; x++) {
          for (let k = 0; k < bytesPerCol; k++) {
            const v = u(i + 5 + x * bytesPerCol + k) ?? 0;
            for (let bit = 0; bit < 8; bit++) if (v & (0x80 >> bit)) data[(k * 8 + bit) * bpr + (x >> 3)]! |= 0x80 >> (x & 7);
          }
        }
        page.push({ kind: 'raster', width: n, height: h, bytesPerRow: bpr, data, align });
        i += 5 + n * bytesPerCol;
      } else if ([0x21, 0x2d, 0x32, 0x33, 0x4d, 0x52, 0x74, 0x47, 0x56, 0x7b, 0x20].includes(c)) {
        if (c === 0x21) {
          bold = (u(i + 2) & 0x08) !== 0;
          scaleH = u(i + 2) & 0x10 ? 2 : 1;
          scaleW = u(i + 2) & 0x20 ? 2 : 1;
        }
        i += c === 0x32 ? 2 : 3;
      } else {
        i += 2;
      }
    } else if (b === 0x1d) {
      const c = u(i + 1);
      if (c === 0x76 && u(i + 2) === 0x30) {
        const bpr = u(i + 4) + u(i + 5) * 256;
        const h = u(i + 6) + u(i + 7) * 256;
        const data = Buffer.alloc(bpr * h);
        buf.copy(data, 0, i + 8, Math.min(buf.length, i + 8 + bpr * h));
        page.push({ kind: 'raster', width: bpr * 8, height: h, bytesPerRow: bpr, data, align });
        i += 8 + bpr * h;
      } else if (c === 0x56) {
        const m = u(i + 2);
        cut();
        i += m === 65 || m === 66 || m === 97 || m === 98 ? 4 : 3;
      } else if (c === 0x21) {
        scaleW = ((u(i + 2) >> 4) & 7) + 1;
        scaleH = (u(i + 2) & 7) + 1;
        i += 3;
      } else if (c === 0x28 && u(i + 2) === 0x6b) {
        // GS ( k pL pH cn fn …: QR code (cn 49) store / size / print.
        const len = u(i + 3) + u(i + 4) * 256;
        const cn = u(i + 5);
        const fn = u(i + 6);
        if (cn === 49 && fn === 67) qrModule = u(i + 7) || 3;
        if (cn === 49 && fn === 80) qrData = buf.subarray(i + 8, i + 5 + len).toString('latin1');
        if (cn === 49 && fn === 81 && qrData) {
          flushLine(false);
          page.push({ kind: 'qr', data: qrData, module: qrModule, align });
        }
        i += 5 + len;
      } else if (c === 0x6b) {
        // GS k: 1D barcode — drawn as its human-readable text.
        const m = u(i + 2);
        let end = i + 3;
        if (m <= 6) while (end < buf.length && buf[end] !== 0) end++;
        else end = i + 4 + u(i + 3);
        line.push(...buf.subarray(m <= 6 ? i + 3 : i + 4, end));
        flushLine(false);
        i = m <= 6 ? end + 1 : end;
      } else {
        i += 3;
      }
    } else if (b === 0x1c) {
      i += 2; // FS & / FS . (Kanji mode on/off): text is decoded as CP949 anyway
    } else {
      line.push(b);
      i++;
    }
  }
  cut();
  return pages;
}

/** Draws one page onto white paper, widthDots wide (wider if a raster needs it). */
export function renderPage(els: Element[], widthDots = 576): Buffer {
  ensureBadgeFont();
  const W = Math.max(widthDots, ...els.map((e) => (e.kind === 'raster' ? e.width : 0)));
  const heightOf = (e: Element) =>
    e.kind === 'raster' ? e.height : e.kind === 'feed' ? e.dots : e.kind === 'text' ? 30 * e.scaleH : QRCode.create(e.data).modules.size * e.module + 8;
  const H = Math.max(1, els.reduce((s, e) => s + heightOf(e), 0) + 16);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#000';
  const img = ctx.getImageData(0, 0, W, H);
  const xFor = (align: number, w: number) => (align === 1 ? Math.floor((W - w) / 2) : align === 2 ? W - w : 0);
  let y = 8;
  const texts: Array<() => void> = [];
  for (const e of els) {
    if (e.kind === 'raster') {
      const x0 = xFor(e.align, e.width);
      for (let ry = 0; ry < e.height; ry++) {
        for (let rx = 0; rx < e.width; rx++) {
          if (e.data[ry * e.bytesPerRow + (rx >> 3)]! & (0x80 >> (rx & 7))) {
            const p = ((y + ry) * W + x0 + rx) * 4;
            img.data[p] = img.data[p + 1] = img.data[p + 2] = 0;
          }
        }
      }
    } else if (e.kind === 'qr') {
      const qr = QRCode.create(e.data);
      const n = qr.modules.size;
      const x0 = xFor(e.align, n * e.module);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          if (!qr.modules.get(r, c)) continue;
          for (let dy = 0; dy < e.module; dy++) {
            for (let dx = 0; dx < e.module; dx++) {
              const p = ((y + 4 + r * e.module + dy) * W + x0 + c * e.module + dx) * 4;
              img.data[p] = img.data[p + 1] = img.data[p + 2] = 0;
            }
          }
        }
      }
    } else if (e.kind === 'text') {
      const ty = y;
      texts.push(() => {
        ctx.font = `${e.bold ? 700 : 400} ${24 * e.scaleH}px ${BADGE_FONT}`;
        ctx.textBaseline = 'top';
        const w = ctx.measureText(e.text).width;
        ctx.fillText(e.text, xFor(e.align, w), ty + 2);
      });
    }
    y += heightOf(e);
  }
  ctx.putImageData(img, 0, 0);
  for (const draw of texts) draw();
  return canvas.toBuffer('image/png');
}

/** The highest job-NNNN.png number already in a folder (0 when none). */
function lastJobNumber(dir: string): number {
  let max = 0;
  for (const name of fs.readdirSync(dir)) {
    const m = /^job-(\d+)\.png$/.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

export async function startVirtualPrinter(opts: VirtualPrinterOptions): Promise<VirtualPrinter> {
  fs.mkdirSync(opts.outDir, { recursive: true });
  let mode: VirtualMode = opts.mode ?? 'ok';
  const host = opts.host ?? '127.0.0.1';
  const jobs: VirtualJob[] = [];
  // A restarted printer writing into the same folder continues the numbering: the pages
  // of an earlier run are evidence of what came out, never overwritten.
  const firstIndex = lastJobNumber(opts.outDir) + 1;
  const sockets = new Set<net.Socket>();
  const jobWaiters = new Set<() => void>();
  let firstByteWaiters: Array<(t: number) => void> = [];
  let rasterWaiters: Array<(t: number) => void> = [];
  let connections = 0;
  let port = opts.port ?? 9100;
  let server: net.Server | null = null;

  const onConnection = (sock: net.Socket) => {
    sockets.add(sock);
    const chunks: Buffer[] = [];
    let received = 0;
    let first = true;
    let rasterSeen = false;
    let tail = Buffer.alloc(0);
    const conn = ++connections;
    sock.on('data', (chunk: Buffer) => {
      const t = performance.now();
      if (first) {
        first = false;
        const ws = firstByteWaiters;
        firstByteWaiters = [];
        for (const w of ws) w(t);
      }
      if (!rasterSeen) {
        // GS v 0 may straddle two chunks: look at the last two bytes of the previous one too.
        const look = Buffer.concat([tail, chunk]);
        if (look.includes(GS_V_0)) {
          rasterSeen = true;
          const ws = rasterWaiters;
          rasterWaiters = [];
          for (const w of ws) w(t);
        } else tail = look.subarray(Math.max(0, look.length - 2));
      }
      // Answer real-time status requests at once, as a printer does.
      for (let k = 0; k + 1 < chunk.length; k++) {
        if (chunk[k] === 0x10 && chunk[k + 1] === 0x04) sock.write(Buffer.from([mode === 'jammed' ? STATUS_OFFLINE : STATUS_OK]));
      }
      if (mode === 'jammed') return;
      chunks.push(chunk);
      received += chunk.length;
      if (mode === 'vanish' && received > 1024) {
        // Gone mid-job: what arrived is lost, as with a printer whose power was pulled.
        chunks.length = 0;
        sock.resetAndDestroy();
        return;
      }
      if (mode === 'slow') {
        sock.pause();
        setTimeout(() => sock.resume(), 40);
      }
    });
    sock.on('end', () => {
      const bytes = Buffer.concat(chunks);
      if (opts.keepRaw && bytes.length) fs.writeFileSync(path.join(opts.outDir, `conn-${String(conn).padStart(4, '0')}.bin`), bytes);
      for (const page of parseJob(bytes)) {
        const index = jobs.length + 1;
        const file = path.join(opts.outDir, `job-${String(firstIndex + jobs.length).padStart(4, '0')}.png`);
        const png = renderPage(page, opts.widthDots ?? 576);
        fs.writeFileSync(file, png);
        jobs.push({ index, file, width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
      }
      for (const w of [...jobWaiters]) w();
      sock.end();
    });
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(onConnection);
      s.once('error', reject);
      s.listen(port, host, () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stopListening = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };

  if (mode !== 'offline') await listen();
  else {
    // Reserve the port (so it can come back on the same address), then go offline.
    await listen();
    await stopListening();
  }

  return {
    get port() {
      return port;
    },
    get mode() {
      return mode;
    },
    jobs,
    async setMode(next) {
      if (next === mode) return;
      const wasOffline = mode === 'offline';
      mode = next;
      if (next === 'offline') await stopListening();
      else if (wasOffline) await listen();
    },
    waitForJobs(n, timeoutMs = 10_000) {
      if (jobs.length >= n) return Promise.resolve(jobs.slice());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (jobs.length < n) return;
          clearTimeout(t);
          jobWaiters.delete(check);
          resolve(jobs.slice());
        };
        const t = setTimeout(() => {
          jobWaiters.delete(check);
          reject(new Error(`virtual printer: expected ${n} page(s), got ${jobs.length}`));
        }, timeoutMs);
        jobWaiters.add(check);
      });
    },
    nextFirstByte() {
      return new Promise((resolve) => firstByteWaiters.push(resolve));
    },
    nextRasterByte() {
      return new Promise((resolve) => rasterWaiters.push(resolve));
    },
    close: stopListening,
  };
}
