/**
 * Renders a badge to a one-bit raster: exactly what the thermal printer receives and
 * what the console's preview shows (previewPng encodes this same raster). Runs in the
 * main process with the bundled Pretendard font so Hangul prints on any ESC/POS or
 * Star printer without printer fonts; the QR is drawn from the qrcode package's
 * module matrix (ASCII registration code only).
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { assertNever, type Category } from '../../contract/index';
import { categoryTemplate, STOCK_SPECS, type CategoryTemplate, type Stock } from './badge.templates';
import { BADGE_FONT, ensureBadgeFont } from './fonts';
import { categoryDesign, DEFAULT_RENDER_DESIGN, type RenderDesign } from './badge.design';

/** The smallest text a thermal head prints legibly from arm's length: 3 mm at 8 dots/mm. */
const MIN_TEXT_DOTS = 24;

/** Everything printed on a badge — no phone or e-mail ever reaches a badge. */
export interface BadgeData {
  code: string;
  nameKo: string;
  nameEn: string | null;
  organisation: string | null;
  category: Category;
  /** The category's band as this event has it (label, colour); without it, the starting template. */
  band?: CategoryTemplate;
  eventName: string;
  eventDays: string[];
  /** Printed only when the badge design lists the field for the category. */
  title?: string | null;
  country?: string | null;
}

/** 1 bit per dot, rows padded to whole bytes, MSB = leftmost dot, 1 = black. */
export interface Raster {
  width: number;
  height: number;
  bytesPerRow: number;
  data: Uint8Array;
}

/**
 * Drops what the bundled fonts cannot draw (emoji, skin tones, flags, joiners, control
 * characters) instead of printing tofu boxes, and folds runs of spaces. Han and kana
 * stay: the font chain (fonts.ts) carries Japanese and Chinese fallbacks.
 */
export function printableText(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .replace(/\s+/g, ' ')
    .replace(/\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|[\u200d\ufe0e\ufe0f\u20e3]|\p{Cc}|\p{Cf}/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** "2026.05.20 ~ 05.22" from the event's days. */
export function formatDays(days: string[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return '';
  const dot = (d: string) => d.replace(/-/g, '.');
  if (first === last) return dot(first);
  return first.slice(0, 4) === last.slice(0, 4) ? `${dot(first)} ~ ${dot(last.slice(5))}` : `${dot(first)} ~ ${dot(last)}`;
}

const font = (weight: number, px: number) => `${weight} ${Math.round(px)}px ${BADGE_FONT}`;

/**
 * Fits text into maxWidth: shrinks from maxPx to minPx, then breaks into up to
 * `maxLines` lines (at spaces when it can, else between characters — Hangul names have
 * no spaces), ellipsizing the last line only if it still does not fit.
 */
export function fitText(ctx: SKRSContext2D, text: string, weight: number, maxPx: number, minPx: number, maxWidth: number, maxLines: number): { px: number; lines: string[] } {
  // Text width grows in proportion to the font size: one measurement finds the size.
  ctx.font = font(weight, maxPx);
  const w = ctx.measureText(text).width;
  if (w <= maxWidth) return { px: maxPx, lines: [text] };
  const px = Math.floor((maxPx * maxWidth) / w);
  if (px >= minPx) return { px, lines: [text] };
  ctx.font = font(weight, minPx);
  const lines: string[] = [];
  let rest = text;
  while (rest && lines.length < maxLines) {
    if (ctx.measureText(rest).width <= maxWidth) {
      lines.push(rest);
      rest = '';
      break;
    }
    const chars = Array.from(rest);
    // Longest prefix that fits (binary search: a 60-character name needs ~6 measurements).
    let lo = 1;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (ctx.measureText(chars.slice(0, mid).join('')).width <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    let n = lo;
    const lastSpace = chars.slice(0, n).lastIndexOf(' ');
    if (lastSpace > n / 2) n = lastSpace;
    lines.push(chars.slice(0, n).join('').trim());
    rest = chars.slice(n).join('').trim();
  }
  if (rest && lines.length) {
    let last = Array.from(lines[lines.length - 1]!);
    while (last.length > 1 && ctx.measureText(last.join('') + '…').width > maxWidth) last = last.slice(0, -1);
    lines[lines.length - 1] = last.join('') + '…';
  }
  return { px: minPx, lines };
}

function drawQr(ctx: SKRSContext2D, code: string, x: number, y: number, maxSize: number): number {
  const qr = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  // Whole dots per module (scanners dislike uneven modules); a 4-module quiet zone is
  // left white around it by the layout.
  const mod = Math.max(2, Math.floor(maxSize / n));
  const size = mod * n;
  const ox = x + Math.floor((maxSize - size) / 2);
  ctx.fillStyle = '#000';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) ctx.fillRect(ox + c * mod, y + r * mod, mod, mod);
    }
  }
  return size;
}

function drawBand(ctx: SKRSContext2D, data: BadgeData, x: number, y: number, w: number, h: number): void {
  const t = data.band ?? categoryTemplate(data.category);
  const onDark = t.band === 'solid' || t.band === 'striped';
  ctx.fillStyle = '#000';
  if (t.band === 'solid') ctx.fillRect(x, y, w, h);
  if (t.band === 'outline') {
    const b = Math.max(4, Math.round(h / 12));
    ctx.fillRect(x, y, w, b);
    ctx.fillRect(x, y + h - b, w, b);
    ctx.fillRect(x, y, b, h);
    ctx.fillRect(x + w - b, y, b, h);
  }
  if (t.band === 'striped') {
    ctx.fillRect(x, y, w, h);
    // Diagonal white hatching at the band's ends marks the category on one-colour paper.
    ctx.fillStyle = '#fff';
    const step = Math.round(h / 3);
    for (let sx = x - h; sx < x + w; sx += step) {
      if (sx > x + h * 0.2 && sx < x + w - h * 1.2) continue;
      ctx.beginPath();
      ctx.moveTo(sx, y + h);
      ctx.lineTo(sx + h, y);
      ctx.lineTo(sx + h + step / 3, y);
      ctx.lineTo(sx + step / 3, y + h);
      ctx.closePath();
      ctx.fill();
    }
  }
  ctx.fillStyle = onDark ? '#fff' : '#000';
  const innerW = t.band === 'striped' ? w - h * 2.6 : w - h * 0.5;
  // Korean and English when both fit; on narrow stock the Korean label alone, large.
  const both = t.labelKo === t.labelEn ? t.labelKo : `${t.labelKo}  ${t.labelEn}`;
  let fit = fitText(ctx, both, 800, h * 0.52, h * 0.3, innerW, 1);
  if (fit.lines[0] !== both) fit = fitText(ctx, t.labelKo, 800, h * 0.52, h * 0.3, innerW, 1);
  ctx.font = font(800, fit.px);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(fit.lines[0] ?? '', x + w / 2, y + h / 2 + fit.px * 0.04);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
}

export interface TextBlock {
  lines: string[];
  px: number;
  weight: number;
}

function blockHeight(b: TextBlock, lineGap = 1.18): number {
  return b.lines.length ? b.lines.length * b.px * lineGap : 0;
}

export function drawBlock(ctx: SKRSContext2D, b: TextBlock, x: number, y: number, w: number, align: 'center' | 'left', lineGap = 1.18): number {
  ctx.font = font(b.weight, b.px);
  ctx.fillStyle = '#000';
  ctx.textAlign = align;
  ctx.textBaseline = 'top';
  let yy = y;
  for (const line of b.lines) {
    ctx.fillText(line, align === 'center' ? x + w / 2 : x, yy);
    yy += b.px * lineGap;
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  return yy - y;
}

/** The lines under the name, in the design's order for the category (each only when it has a value). */
function detailLines(data: BadgeData, name: string, rd: RenderDesign): string[] {
  const out: string[] = [];
  for (const f of categoryDesign(rd.design, data.category).fields) {
    if (f === 'englishName') {
      // For a Korean-script name; a name already in Latin letters is not repeated.
      const en = printableText(data.nameEn);
      if (en && en.toLowerCase() !== name.toLowerCase()) out.push(en);
    } else if (f === 'organisation') out.push(printableText(data.organisation));
    else if (f === 'title') out.push(printableText(data.title));
    else if (f === 'country') out.push(printableText(data.country));
    else assertNever(f);
  }
  return out.filter(Boolean);
}

/** A rectangle of the raster, in dots. */
export interface DotBox { x: number; y: number; w: number; h: number }

/** Draws the logo into a box (kept in proportion); notes where it landed in `drawn`, returns the height used. */
function drawLogo(ctx: SKRSContext2D, rd: RenderDesign, x: number, y: number, w: number, h: number, align: 'center' | 'left', drawn: DotBox[]): number {
  if (!rd.logo) return 0;
  const scale = Math.min(w / rd.logo.width, h / rd.logo.height);
  const lw = Math.round(rd.logo.width * scale);
  const lh = Math.round(rd.logo.height * scale);
  const lx = align === 'center' ? x + Math.round((w - lw) / 2) : x;
  ctx.drawImage(rd.logo, lx, y, lw, lh);
  drawn.push({ x: Math.round(lx), y: Math.round(y), w: lw, h: lh });
  return lh;
}

/**
 * The name and the detail lines, fitted into `avail` height: first everything shrinks
 * together toward its minimum (the name stays the largest line), then lines that still
 * do not fit are left off from the last.
 */
function whoBlocks(ctx: SKRSContext2D, name: string, details: string[], sizes: { name: number; nameMin: number; detail: number; detailMin: number }, width: number, avail: number, gap: number): TextBlock[] {
  const build = (namePx: number, detailPx: number): TextBlock[] => {
    const nameFit = fitText(ctx, name, 800, namePx, Math.min(namePx, sizes.nameMin), width, 2);
    const blocks: TextBlock[] = [{ lines: nameFit.lines, px: nameFit.px, weight: 800 }];
    details.forEach((d, i) => {
      const px = i === 0 && details.length > 1 ? detailPx * 1.1 : detailPx;
      const f = fitText(ctx, d, 600, px, Math.min(px, sizes.detailMin), width, 2);
      blocks.push({ lines: f.lines, px: f.px, weight: 600 });
    });
    return blocks;
  };
  const height = (bs: TextBlock[]) => bs.reduce((s, b) => s + blockHeight(b), 0) + (bs.length - 1) * gap;
  let namePx = sizes.name;
  let detailPx = sizes.detail;
  let blocks = build(namePx, detailPx);
  while (height(blocks) > avail && (namePx > sizes.nameMin || detailPx > sizes.detailMin)) {
    namePx = Math.max(sizes.nameMin, namePx * 0.94);
    detailPx = Math.max(sizes.detailMin, detailPx * 0.94);
    blocks = build(namePx, detailPx);
  }
  while (blocks.length > 1 && height(blocks) > avail) {
    const last = blocks[blocks.length - 1]!;
    if (last.lines.length > 1) last.lines = [last.lines[0]!.replace(/…?$/, '…')];
    else blocks.pop();
  }
  return blocks;
}

/** Paints the badge; returns where pictures (the logo) landed, which the raster dithers rather than thresholds. */
function paint(ctx: SKRSContext2D, data: BadgeData, W: number, H: number, layout: 'portrait' | 'landscape', rd: RenderDesign): DotBox[] {
  const pictures: DotBox[] = [];
  const name = printableText(data.nameKo) || printableText(data.nameEn) || data.code;
  const details = detailLines(data, name, rd);
  const headerText = printableText(rd.design.headerText) || printableText(data.eventName);
  const fonts = rd.design.fonts;
  const m = Math.round(W * 0.04);
  // Design sizes are for the 80 mm roll (576 dots wide) and the 100×60 label (480 tall); other stocks scale.
  const k = layout === 'portrait' ? W / 576 : H / 480;
  const px = (v: number) => Math.max(MIN_TEXT_DOTS, Math.round(v * k));

  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);

  if (layout === 'portrait') {
    const bandH = Math.round(H * 0.12);
    let y = m * 0.6;
    const logoH = drawLogo(ctx, rd, m, y, W - 2 * m, Math.round(H * 0.09), 'center', pictures);
    if (logoH) y += logoH + m * 0.3;
    const header = fitText(ctx, headerText, 700, px(fonts.header), MIN_TEXT_DOTS, W - 2 * m, 1);
    y += drawBlock(ctx, { lines: header.lines, px: header.px, weight: 700 }, m, y, W - 2 * m, 'center');
    y += drawBlock(ctx, { lines: [formatDays(data.eventDays)], px: px(fonts.header * 0.85), weight: 400 }, m, y, W - 2 * m, 'center');
    ctx.fillStyle = '#000';
    ctx.fillRect(m, y + m * 0.3, W - 2 * m, 2);

    const qrSize = Math.round(W * 0.4);
    const codePx = W * 0.034;
    const bottomTop = H - bandH - m * 0.5 - qrSize - codePx * 1.4;
    const areaTop = y + m;
    const gap = m * 0.4;
    const sizes = { name: px(fonts.name), nameMin: Math.min(px(fonts.name), Math.max(MIN_TEXT_DOTS, W * 0.085)), detail: px(fonts.detail), detailMin: MIN_TEXT_DOTS };
    const blocks = whoBlocks(ctx, name, details, sizes, W - 2 * m, bottomTop - areaTop, gap);
    const total = blocks.reduce((s, b) => s + blockHeight(b), 0) + (blocks.length - 1) * gap;
    let by = areaTop + Math.max(0, (bottomTop - areaTop - total) / 2);
    for (const b of blocks) by += drawBlock(ctx, b, m, by, W - 2 * m, 'center') + gap;

    const qrY = Math.round(bottomTop);
    const drawn = drawQr(ctx, data.code, Math.round((W - qrSize) / 2), qrY, qrSize);
    drawBlock(ctx, { lines: [data.code], px: codePx, weight: 600 }, m, qrY + drawn + codePx * 0.2, W - 2 * m, 'center');
    drawBand(ctx, data, 0, H - bandH, W, bandH);
    return pictures;
  }

  // Landscape label: logo and header on top, text on the left, QR on the right, band along the bottom.
  const bandH = Math.round(H * 0.17);
  const qrSize = Math.round(H * 0.5);
  const textW = W - qrSize - 3 * m;
  let y = m * 0.6;
  const logoBox = Math.round(H * 0.1);
  const logoW = rd.logo ? Math.round(Math.min(W * 0.3, (rd.logo.width / rd.logo.height) * logoBox)) : 0;
  if (logoW) drawLogo(ctx, rd, m, y, logoW, logoBox, 'left', pictures);
  const headerX = logoW ? m + logoW + m * 0.5 : m;
  const header = fitText(ctx, `${headerText}  ${formatDays(data.eventDays)}`, 700, px(fonts.header * 1.03), MIN_TEXT_DOTS, W - headerX - m, 1);
  const headerH = drawBlock(ctx, { lines: header.lines, px: header.px, weight: 700 }, headerX, y + (logoW ? Math.max(0, (logoBox - header.px * 1.18) / 2) : 0), W - headerX - m, 'left');
  y += Math.max(headerH, logoW ? logoBox : 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(m, y + m * 0.2, W - 2 * m, 2);
  const top = y + m;
  const avail = H - bandH - top - m * 0.5;
  const gap = m * 0.3;
  const sizes = { name: px(fonts.name), nameMin: Math.min(px(fonts.name), Math.max(MIN_TEXT_DOTS, H * 0.1)), detail: px(fonts.detail * 1.07), detailMin: MIN_TEXT_DOTS };
  const blocks = whoBlocks(ctx, name, details, sizes, textW, avail, gap);
  const total = blocks.reduce((s, b) => s + blockHeight(b), 0) + (blocks.length - 1) * gap;
  let by = top + Math.max(0, (avail - total) / 2);
  for (const b of blocks) by += drawBlock(ctx, b, m, by, textW, 'left') + gap;
  const qrX = W - qrSize - m;
  const qrY = Math.round(top + (avail - qrSize - H * 0.05) / 2);
  const drawn = drawQr(ctx, data.code, qrX, qrY, qrSize);
  drawBlock(ctx, { lines: [data.code], px: H * 0.045, weight: 600 }, qrX, qrY + drawn + 4, qrSize, 'center');
  drawBand(ctx, data, 0, H - bandH, W, bandH);
  return pictures;
}

/**
 * An RGBA image as the printer's 1-bit raster (dark = dot). Text, lines and the QR are
 * thresholded (crisp edges, a scannable code); inside `pictures` (the logo) the grey is
 * kept as a pattern of dots by Floyd–Steinberg error diffusion, so a grey or
 * photographic logo prints as grey rather than as a black blot or nothing.
 */
export function toRaster(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, pictures: readonly DotBox[] = []): Raster {
  const bytesPerRow = Math.ceil(width / 8);
  const out = new Uint8Array(bytesPerRow * height);
  // Luma of the pixel composited on white paper.
  const lumAt = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    const a = rgba[i + 3]! / 255;
    return (0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!) * a + 255 * (1 - a);
  };
  const ink = (x: number, y: number) => (out[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (lumAt(x, y) < 128) ink(x, y);
  for (const box of pictures) {
    const x0 = Math.max(0, box.x);
    const y0 = Math.max(0, box.y);
    const w = Math.min(width, box.x + box.w) - x0;
    const h = Math.min(height, box.y + box.h) - y0;
    if (w <= 0 || h <= 0) continue;
    for (let y = y0; y < y0 + h; y++) out.fill(0, y * bytesPerRow + (x0 >> 3), y * bytesPerRow + ((x0 + w - 1) >> 3) + 1);
    // The box's edge bytes may hold dots of neighbours (text beside a left-aligned logo): redo those by threshold.
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0 & ~7; x < x0; x++) if (lumAt(x, y) < 128) ink(x, y);
      for (let x = x0 + w; x < Math.min(width, ((x0 + w - 1) | 7) + 1); x++) if (lumAt(x, y) < 128) ink(x, y);
    }
    let cur = new Float32Array(w + 2);
    let next = new Float32Array(w + 2);
    for (let x = 0; x < w; x++) cur[x + 1] = lumAt(x0 + x, y0);
    for (let y = 0; y < h; y++) {
      if (y + 1 < h) for (let x = 0; x < w; x++) next[x + 1] = lumAt(x0 + x, y0 + y + 1);
      for (let x = 0; x < w; x++) {
        const v = cur[x + 1]!;
        const dot = v < 128;
        if (dot) ink(x0 + x, y0 + y);
        const err = v - (dot ? 0 : 255);
        cur[x + 2]! += (err * 7) / 16;
        next[x]! += (err * 3) / 16;
        next[x + 1]! += (err * 5) / 16;
        next[x + 2]! += err / 16;
      }
      [cur, next] = [next, cur];
      next.fill(0);
    }
  }
  return { width, height, bytesPerRow, data: out };
}

// One canvas per stock, reused: rendering is synchronous, so badges never share it at once.
const canvases = new Map<Stock, Canvas>();

export function renderBadge(data: BadgeData, stock: Stock, design: RenderDesign = DEFAULT_RENDER_DESIGN): Raster {
  ensureBadgeFont();
  const spec = STOCK_SPECS[stock];
  let canvas = canvases.get(stock);
  if (!canvas) canvases.set(stock, (canvas = createCanvas(spec.widthDots, spec.heightDots)));
  const ctx = canvas.getContext('2d');
  const pictures = paint(ctx, data, spec.widthDots, spec.heightDots, spec.layout, design);
  const img = ctx.getImageData(0, 0, spec.widthDots, spec.heightDots);
  return toRaster(img.data, spec.widthDots, spec.heightDots, pictures);
}

/** The raster as a black-and-white PNG: the preview is the printer's raster, dot for dot. */
export function rasterToPng(r: Raster): Buffer {
  const canvas = createCanvas(r.width, r.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(r.width, r.height);
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const black = (r.data[y * r.bytesPerRow + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
      const i = (y * r.width + x) * 4;
      const v = black ? 0 : 255;
      img.data[i] = v;
      img.data[i + 1] = v;
      img.data[i + 2] = v;
      img.data[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toBuffer('image/png');
}
