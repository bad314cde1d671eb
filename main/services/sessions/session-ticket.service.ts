/**
 * Sign-up tickets: after a visitor signs up at the kiosk (or the desk), a small slip on
 * this station's printer. It is a print job like a badge or a gift receipt (a job row in
 * the write's transaction, printed by the queue after commit), so a printer that is off
 * keeps it queued. The job's nonce is `ticket:<request nonce>:<session id>` — one job per
 * press (a double tap reuses the nonce), and the renderer finds the session from it and
 * reads the visitor's place in line when it prints, not when it was asked for.
 */
import type { Kysely } from 'kysely';
import { maskName, type TicketOutcome } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { HandlerCtx } from '../../core/router';
import { wallClockIn } from '../../core/clock';
import { encodeBadge } from '../../printing/escpos.encode';
import { renderSessionTicket, type TicketData } from '../../printing/session-ticket.render';
import { registerJobRenderer } from '../printing/job-renderers';
import { insertJob, jobEvent } from '../printing/print-jobs.service';
import { toKind } from '../printing/printers.service';
import { normalizeScannedCode } from '../checkin/scan-code';
import { getEvent } from '../system/event.service';
import { findSession } from './sessions.service';
import { signupsOf } from './signup.service';

const PREFIX = 'ticket:';
const WEEKDAY_KO = ['일', '월', '화', '수', '목', '금', '토'];

export async function printTicket(ctx: HandlerCtx, input: { nonce: string; sessionId: string; code: string }): Promise<TicketOutcome> {
  const code = normalizeScannedCode(input.code);
  const known = code ? await ctx.db.selectFrom('visitors').select('code').where('code', '=', code).executeTakeFirst() : undefined;
  if (!code || !known) return { status: 'unknown_code' };
  const mine = await signupsOf(ctx, code);
  if (!mine.some((s) => s.sessionId === input.sessionId)) return { status: 'not_signed_up' };
  const { printer } = await ctx.runtime.printing.stationSetting(ctx.db);
  if (!printer) return { status: 'no_printer' };
  const job = await insertJob(
    ctx.db,
    {
      kind: 'ticket',
      visitorCode: code,
      firstOf: null,
      printerId: printer.id,
      printerName: printer.name,
      stationId: ctx.station.id,
      stationName: ctx.station.name,
      reason: null,
      nonce: `${PREFIX}${input.nonce}:${input.sessionId}`,
    },
    ctx.clock.now().toISOString(),
  );
  if (job) {
    ctx.emit(jobEvent(job, 'queued'));
    ctx.audit(input.sessionId, { visitor: code, ticket: printer.id });
  }
  const live = ctx.runtime.printing.state(printer.id);
  return { status: live && !live.online ? 'printer_offline' : 'queued' };
}

/** "4.13 (수) 14:00–15:00" in the event's time zone. */
export function ticketWhen(startIso: string, endIso: string, timeZone: string): string {
  const s = wallClockIn(timeZone, new Date(startIso));
  const e = wallClockIn(timeZone, new Date(endIso));
  const wd = WEEKDAY_KO[new Date(Date.UTC(+s.year, +s.month - 1, +s.day)).getUTCDay()];
  return `${+s.month}.${+s.day} (${wd}) ${s.hour}:${s.minute}–${e.hour}:${e.minute}`;
}

/**
 * What a ticket job prints; null: not signed up any more. The place in line is as of the
 * moment the ticket was asked for (`asOf`, the job's creation on the station clock).
 */
export async function ticketDataFor(db: Kysely<Database>, jobNonce: string, visitorCode: string, asOf: Date): Promise<TicketData | null> {
  if (!jobNonce.startsWith(PREFIX)) return null;
  const rest = jobNonce.slice(PREFIX.length);
  const sessionId = rest.slice(rest.indexOf(':') + 1);
  const [mine, v, ev] = await Promise.all([
    signupsOf({ db, clock: { now: () => asOf } }, visitorCode),
    db.selectFrom('visitors').select(['name_ko', 'name_en']).where('code', '=', visitorCode).executeTakeFirst(),
    getEvent(db),
  ]);
  const s = mine.find((x) => x.sessionId === sessionId);
  const session = await findSession(db, sessionId);
  if (!s || !v || !session) return null;
  return {
    eventName: ev.name.ko,
    title: s.title,
    when: ticketWhen(session.schedule.start, session.schedule.end, ev.timeZone),
    where: s.meetingPoint ?? s.room,
    waitlistPosition: s.status === 'waitlisted' ? s.position : null,
    maskedName: maskName(v.name_ko || v.name_en || ''),
    code: visitorCode,
  };
}

// The kiosk's slip is a print job of its own kind: the print queue renders it through this.
registerJobRenderer('ticket', async (db, job, printer, stock) => {
  const data = job.visitor_code ? await ticketDataFor(db, job.nonce, job.visitor_code, new Date(job.created_at)) : null;
  if (!data) throw new Error('sign-up not found');
  return encodeBadge(toKind(printer.kind), renderSessionTicket(data, stock));
});
