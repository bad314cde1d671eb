/**
 * The kiosk's sign-up ticket for a tour or a training: a short slip with the session, its
 * time, where to gather and the visitor's place (confirmed, or their number on the
 * waitlist). Drawn like the badge and the gift receipt — the bundled Pretendard on a
 * canvas, thresholded to the printer's 1-bit raster — so Hangul prints on any ESC/POS or
 * Star printer. As wide as the loaded stock, as long as its content. The name on it is
 * masked: the ticket is printed at a public kiosk and may be left behind.
 */
import { drawBlock, fitText, printableText, toRaster, type Raster } from './badge.render';
import type { Stock } from './badge.templates';
import { BADGE_FONT } from './fonts';
import { slipCanvas } from './receipt.render';

/** Everything on a ticket, already formatted and masked. */
export interface TicketData {
  eventName: string;
  title: string;
  /** "4.13 (수) 14:00–15:00" in the event's time zone. */
  when: string;
  /** The meeting point of a tour, else the room. */
  where: string;
  /** null: confirmed; n: n-th on the waitlist. */
  waitlistPosition: number | null;
  /** Masked, e.g. 김*희. */
  maskedName: string;
  code: string;
}

const MAX_HEIGHT = 1100;

export function renderSessionTicket(data: TicketData, stock: Stock): Raster {
  const { W, ctx, u, m, inner } = slipCanvas(stock, MAX_HEIGHT);
  let y = m;
  const block = (text: string, weight: number, maxPx: number, minPx: number, lines: number) => {
    if (!text) return;
    const f = fitText(ctx, text, weight, maxPx * u, Math.max(20, minPx * u), inner, lines);
    y += drawBlock(ctx, { lines: f.lines, px: f.px, weight }, m, y, inner, 'center');
  };
  const line = () => {
    y += 10 * u;
    ctx.fillStyle = '#000';
    ctx.fillRect(m, y, inner, 2);
    y += 16 * u;
  };

  block(printableText(data.eventName), 700, 28, 20, 2);
  block('참가 신청 확인 · SIGN-UP TICKET', 600, 26, 20, 1);
  line();
  block(printableText(data.title), 800, 50, 30, 3);
  y += 8 * u;
  block(data.when, 700, 40, 26, 1);
  block(`집결지 Meet at: ${printableText(data.where)}`, 700, 34, 22, 2);
  line();
  // The place in line, reversed out (white on black) so it reads at a glance.
  const status = data.waitlistPosition === null ? '확정 · CONFIRMED' : `대기 ${data.waitlistPosition}번 · WAITLIST #${data.waitlistPosition}`;
  const f = fitText(ctx, status, 800, 44 * u, 24 * u, inner - 24 * u, 1);
  const boxH = f.px * 1.18 + 20 * u;
  ctx.fillStyle = '#000';
  ctx.fillRect(m, y, inner, boxH);
  ctx.fillStyle = '#fff';
  ctx.font = `800 ${Math.round(f.px)}px ${BADGE_FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(f.lines[0] ?? status, m + inner / 2, y + 10 * u);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  y += boxH + 14 * u;
  block(`${printableText(data.maskedName)}  ${data.code}`, 600, 28, 20, 1);
  line();
  block('시작 10분 전까지 와 주세요 · Please come 10 min before the start', 600, 22, 20, 2);
  y += m;
  const h = Math.min(MAX_HEIGHT, Math.ceil(y));
  return toRaster(ctx.getImageData(0, 0, W, h).data, W, h);
}
