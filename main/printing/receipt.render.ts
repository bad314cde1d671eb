/**
 * The gift desk's receipt: a short slip printed after a redemption, rendered like the
 * badge — the bundled Pretendard font on a canvas, thresholded to the printer's 1-bit
 * raster — so Hangul prints on any ESC/POS or Star printer without printer fonts. As
 * wide as the printer's loaded stock, as long as its content (a roll is cut there).
 */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { drawBlock, fitText, printableText, toRaster, type Raster } from './badge.render';
import { STOCK_SPECS, type Stock } from './badge.templates';
import { BADGE_FONT, ensureBadgeFont } from './fonts';

/** Everything on a receipt, already formatted (no phone or e-mail ever reaches it). */
export interface ReceiptData {
  eventName: string;
  giftKo: string;
  giftEn: string;
  visitorName: string;
  code: string;
  /** Local time as printed, e.g. "2026.05.20 14:05". */
  at: string;
  stationName: string;
  /** A short redemption number staff can quote for an undo. */
  number: string;
  /** The gift's once-per rule, printed as the slip's last line. */
  perVisitor: 'event' | 'day';
}

/** Longest receipt the canvas holds; the content uses about half of it on 58 mm paper. */
const MAX_HEIGHT = 1200;

export function rule(ctx: SKRSContext2D, x: number, y: number, w: number, dashed = false): void {
  ctx.fillStyle = '#000';
  if (!dashed) return void ctx.fillRect(x, y, w, 2);
  for (let dx = 0; dx < w; dx += 12) ctx.fillRect(x + dx, y, 6, 2);
}

/** "Label  value" on one line: the label small at the left, the value bold, right-aligned, shrunk to fit. */
function row(ctx: SKRSContext2D, label: string, value: string, x: number, y: number, w: number, px: number): number {
  // Thin strokes break up when thresholded to one bit: labels are semi-bold, never below 20 dots.
  const labelPx = Math.max(20, px * 0.8);
  ctx.font = `600 ${Math.round(labelPx)}px ${BADGE_FONT}`;
  const labelW = ctx.measureText(label).width + px;
  const fit = fitText(ctx, value, 700, px, Math.max(20, px * 0.75), w - labelW, 1);
  const h = Math.max(labelPx, fit.px) * 1.35;
  drawBlock(ctx, { lines: [label], px: labelPx, weight: 600 }, x, y + (h - labelPx * 1.18) / 2, w, 'left');
  ctx.font = `700 ${Math.round(fit.px)}px ${BADGE_FONT}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'top';
  ctx.fillText(fit.lines[0] ?? '', x + w, y + (h - fit.px * 1.18) / 2);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  return h;
}

/**
 * A white slip canvas as wide as the stock, `maxHeight` long (cut to the content at the
 * end), with its unit `u` (1 on 80 mm paper), margin and inner width. Shared by the
 * receipt and the itinerary slip (itinerary.render.ts).
 */
export function slipCanvas(stock: Stock, maxHeight: number) {
  ensureBadgeFont();
  const W = STOCK_SPECS[stock].widthDots;
  const canvas = createCanvas(W, maxHeight);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, maxHeight);
  // Sizes follow the paper: 58 mm paper gets the same slip, smaller.
  const u = W / 576;
  const m = Math.round(20 * u);
  return { W, ctx, u, m, inner: W - 2 * m };
}

export function renderReceipt(data: ReceiptData, stock: Stock): Raster {
  const { W, ctx, u, m, inner } = slipCanvas(stock, MAX_HEIGHT);
  let y = m;

  const block = (text: string, weight: number, maxPx: number, minPx: number, lines: number) => {
    const f = fitText(ctx, text, weight, maxPx * u, minPx * u, inner, lines);
    y += drawBlock(ctx, { lines: f.lines, px: f.px, weight }, m, y, inner, 'center');
  };

  block(printableText(data.eventName), 700, 30, 20, 2);
  block('경품 수령 확인 · GIFT RECEIPT', 600, 26, 20, 1);
  y += 10 * u;
  rule(ctx, m, y, inner);
  y += 18 * u;
  const giftKo = printableText(data.giftKo) || printableText(data.giftEn);
  const giftEn = printableText(data.giftEn);
  block(giftKo, 800, 64, 36, 2);
  if (giftEn && giftEn.toLowerCase() !== giftKo.toLowerCase()) block(giftEn, 600, 34, 22, 1);
  y += 12 * u;
  rule(ctx, m, y, inner, true);
  y += 16 * u;

  const px = 28 * u;
  y += row(ctx, '방문객 Visitor', printableText(data.visitorName) || data.code, m, y, inner, px);
  y += row(ctx, '등록번호 Code', data.code, m, y, inner, px);
  y += row(ctx, '일시 Time', data.at, m, y, inner, px);
  y += row(ctx, '데스크 Desk', printableText(data.stationName), m, y, inner, px);
  y += row(ctx, '번호 No.', data.number, m, y, inner, px);
  y += 12 * u;
  rule(ctx, m, y, inner, true);
  y += 14 * u;
  block(data.perVisitor === 'day' ? '1인 하루 1회 지급 · One per visitor per day' : '1인 1회 지급 · One per visitor', 600, 22, 20, 1);
  y += m;

  const h = Math.min(MAX_HEIGHT, Math.ceil(y));
  return toRaster(ctx.getImageData(0, 0, W, h).data, W, h);
}
