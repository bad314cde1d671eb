/**
 * The A6 paper badge at the desk: logged through the same request as a thermal badge
 * (first badge once, a second one only with a reason), then printed by the shell
 * (Electron) or handed to the screen as a page (browser station).
 */
import { AppFailure } from '../../../contract/index';
import type { Handlers } from '../../core/router';
import { paperBadgeHtml } from '../../printing/paper-badge.html';
import { normalizeScannedCode } from '../checkin/scan-code';
import { badgeDataFor } from './badge-data';
import { getBadgeDesign } from './badge-design.service';
import { PAPER_PRINTER, requestBadgePrint } from './printing.api';

export const paperBadgeHandlers = {
  'printing.paper.print': async (ctx, input) => {
    const out = await requestBadgePrint(ctx, input.code, { nonce: input.nonce, reprintReason: input.reprintReason, paper: true });
    ctx.audit(normalizeScannedCode(input.code), { paper: true, status: out.status, ...(input.reprintReason ? { reason: input.reprintReason } : {}) });
    // A thermal badge still waiting for its printer was replaced by this paper one (see requestBadgePrint);
    // one the printer is taking right now is answered like a printed one: a second needs a reason.
    if (out.status === 'waiting') return { status: 'already_printed' as const, firstPrintedAt: out.queuedAt ?? '', firstStation: out.firstStation ?? '' };
    if (out.status === 'already_printed') return { status: 'already_printed' as const, firstPrintedAt: out.firstPrintedAt ?? '', firstStation: out.firstStation ?? '' };
    if (!out.jobId) throw new Error(`paper badge not logged (${out.status})`);
    return { status: 'ready' as const, jobId: out.jobId };
  },
  'printing.paper.page': async (ctx, input) => {
    const job = await ctx.db
      .selectFrom('print_jobs')
      .select('visitor_code')
      .where('id', '=', input.jobId)
      .where('printer_id', '=', PAPER_PRINTER.id)
      .executeTakeFirst();
    const data = job?.visitor_code ? await badgeDataFor(ctx.db, job.visitor_code) : null;
    if (!data) throw new AppFailure('not_found', 'no such paper badge');
    const html = await paperBadgeHtml(data, (await getBadgeDesign(ctx.db)).design);
    if (!ctx.runtime.paperPrinter) return { status: 'page' as const, html };
    try {
      await ctx.runtime.paperPrinter(html);
    } catch (e) {
      // The OS dialog was cancelled or the printer refused: the desk says so and may try again.
      throw new AppFailure('printer_offline', String((e as Error)?.message ?? e));
    }
    return { status: 'sent' as const };
  },
} satisfies Partial<Handlers>;
