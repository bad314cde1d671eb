/**
 * The A4 itinerary: the same lines as the thermal slip (slipOf), on a page for an office
 * printer — asked for at the desk or the floor console. Drawn into the sessions' A4
 * document (Pretendard embedded) with the fallback chain added (pdf-text.ts), so a
 * Chinese or Japanese name and a Turkish one print right on any PC.
 */
import type { Kysely } from 'kysely';
import type { ItineraryPdfAnswer } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { ItinerarySlip } from '../../printing/itinerary.render';
import { registerFallbacks, textLine } from '../../printing/pdf-text';
import { renderA4 } from '../sessions/pdf-doc';
import { eventTimeZone, getEvent } from '../system/event.service';
import { itineraryFor, slipOf } from './itinerary.service';

/** A4 is 595 × 842 pt; 48 pt margins. */
const LEFT = 48;
const WIDTH = 595 - 2 * LEFT;
const BOTTOM = 842 - 56;
const COLS = [
  { label: '시간 Time', x: LEFT, w: 92 },
  { label: '장소 Table / booth', x: LEFT + 92, w: 130 },
  { label: '상대 Counterpart', x: LEFT + 222, w: WIDTH - 222 },
] as const;

export function drawItinerary(doc: PDFKit.PDFDocument, slip: ItinerarySlip): void {
  registerFallbacks(doc);
  let y = 0;
  const page = () => {
    doc.addPage({ size: 'A4', margin: LEFT });
    textLine(doc, slip.eventName, LEFT, 44, { width: WIDTH, size: 13, minSize: 9, colour: '#444' });
    textLine(doc, `상담 일정 My meetings · ${slip.day}`, LEFT, 64, { width: WIDTH, size: 20, weight: 'B', colour: '#1e3a8a' });
    y = 96;
  };
  page();
  textLine(doc, slip.name, LEFT, y, { width: WIDTH, size: 26, minSize: 14, weight: 'B' });
  y += 36;
  textLine(doc, `${slip.organisation} · ${slip.side === 'seller' ? '판매기업 SME' : '바이어 Buyer'}`, LEFT, y, { width: WIDTH, size: 13, minSize: 9 });
  y += 30;
  const head = () => {
    for (const c of COLS) textLine(doc, c.label, c.x, y, { width: c.w - 6, size: 10, weight: 'B', colour: '#1e3a8a' });
    y += 18;
    doc.lineWidth(1).moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke('#1e3a8a');
    y += 8;
  };
  head();
  if (slip.lines.length === 0) textLine(doc, '오늘 상담이 없습니다 · No meetings today', LEFT, y, { width: WIDTH, size: 12 });
  for (const l of slip.lines) {
    const h = l.note ? 44 : 28;
    if (y + h > BOTTOM) {
      page();
      head();
    }
    textLine(doc, l.time, COLS[0].x, y, { width: COLS[0].w - 6, size: 12, minSize: 9, weight: 'B' });
    textLine(doc, l.venue, COLS[1].x, y, { width: COLS[1].w - 6, size: 12, minSize: 8, weight: 'B' });
    textLine(doc, l.counterpart, COLS[2].x, y, { width: COLS[2].w, size: 12, minSize: 8, weight: 'B' });
    if (l.note) textLine(doc, l.note, COLS[2].x, y + 17, { width: COLS[2].w, size: 9.5, minSize: 7, colour: '#444' });
    y += h;
    doc.lineWidth(0.5).moveTo(LEFT, y - 6).lineTo(LEFT + WIDTH, y - 6).stroke('#bbb');
  }
  textLine(doc, '10분 전까지 도착해 주세요 · Please arrive 10 min early', LEFT, Math.min(y + 10, BOTTOM), { width: WIDTH, size: 11, colour: '#444' });
}

export async function itineraryPdf(db: Kysely<Database>, code: string, day: string): Promise<ItineraryPdfAnswer> {
  const r = await itineraryFor(db, code, day);
  if (typeof r === 'string') return { status: r };
  const [ev, zone] = await Promise.all([getEvent(db), eventTimeZone(db)]);
  const slip = slipOf(r.itinerary, r.name, ev.name.ko, zone);
  const pdf = await renderA4(`상담 일정 My meetings — ${slip.organisation}`, (doc) => drawItinerary(doc, slip));
  // The file name carries the day only: names stay out of download folders' listings.
  return { status: 'found', fileName: `itinerary-${day}.pdf`, mime: 'application/pdf', dataBase64: pdf.toString('base64') };
}
