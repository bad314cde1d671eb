/**
 * A participant's schedule as a thermal slip, printed after the badge: drawn like the
 * badge and the gift receipt — the bundled fonts (Hangul, Han, Cyrillic, Latin with
 * diacritics) on a canvas thresholded to the printer's 1-bit raster — so every name
 * prints on any ESC/POS or Star printer. As wide as the loaded stock, as long as the day.
 */
import { drawBlock, fitText, printableText, toRaster, type Raster } from './badge.render';
import type { Stock } from './badge.templates';
import { rule, slipCanvas } from './receipt.render';

/** One line of the slip, already formatted ("10:00–10:14"). */
export interface ItineraryLine {
  time: string;
  venue: string;
  counterpart: string;
  /** Smaller second line: video, the buyer's country (an SME's slip only) and own time, the interpreter ('' : none). */
  note: string;
}

/** Everything on the slip (no phone or e-mail ever reaches it). */
export interface ItinerarySlip {
  eventName: string;
  /** "2026.05.20" as printed. */
  day: string;
  name: string;
  organisation: string;
  side: 'seller' | 'buyer';
  lines: ItineraryLine[];
}

/** Longest slip the canvas holds: a full day of 20-minute meetings on 80 mm paper. */
const MAX_HEIGHT = 4000;

export function renderItinerary(data: ItinerarySlip, stock: Stock): Raster {
  const { W, ctx, u, m, inner } = slipCanvas(stock, MAX_HEIGHT);
  let y = m;
  const block = (text: string, weight: number, maxPx: number, minPx: number, lines: number, x = m, w = inner, align: 'center' | 'left' = 'center') => {
    // Thin strokes break up when thresholded to one bit: nothing below 20 dots.
    const f = fitText(ctx, text, weight, Math.max(20, maxPx * u), Math.max(20, minPx * u), w, lines);
    return drawBlock(ctx, { lines: f.lines, px: f.px, weight }, x, y, w, align);
  };

  y += block(printableText(data.eventName), 700, 30, 20, 2);
  y += block(`상담 일정 · MY MEETINGS  ${data.day}`, 600, 26, 20, 1);
  y += 8 * u;
  y += block(printableText(data.name), 800, 48, 28, 1);
  y += block(`${printableText(data.organisation)} · ${data.side === 'seller' ? '판매기업 SME' : '바이어 Buyer'}`, 600, 28, 20, 2);
  y += 10 * u;
  rule(ctx, m, y, inner);
  y += 14 * u;
  if (data.lines.length === 0) y += block('오늘 상담이 없습니다 · No meetings today', 600, 26, 20, 2);
  const timeW = Math.round(inner * 0.34);
  for (const [i, l] of data.lines.entries()) {
    const top = y;
    const hTime = block(l.time, 800, 30, 22, 1, m, timeW - 8 * u, 'left');
    const hVenue = block(printableText(l.venue), 700, 28, 20, 2, m + timeW, inner - timeW, 'left');
    y = top + Math.max(hTime, hVenue);
    y += block(printableText(l.counterpart), 700, 30, 20, 2, m + timeW, inner - timeW, 'left');
    if (l.note) y += block(printableText(l.note), 600, 22, 20, 2, m + timeW, inner - timeW, 'left');
    y += 8 * u;
    if (i < data.lines.length - 1) {
      rule(ctx, m, y, inner, true);
      y += 12 * u;
    }
    if (y > MAX_HEIGHT - 200) break;
  }
  y += 6 * u;
  rule(ctx, m, y, inner);
  y += 12 * u;
  y += block('10분 전까지 도착해 주세요 · Please arrive 10 min early', 600, 22, 20, 2);
  y += m;
  const h = Math.min(MAX_HEIGHT, Math.ceil(y));
  return toRaster(ctx.getImageData(0, 0, W, h).data, W, h);
}
