import { AppFailure } from '../../../contract/index';
import type { Handlers } from '../../core/router';
import { todayIn } from '../system/event.service';
import { checkGifts, redeemGift, undoRedemption } from './gift.service';
import { assignStationPoint, readConfig, readSetup, saveSetup } from './rally-config.service';
import { rallyReport, rallyReportCsv } from './rally-report.service';
import { startQuiz, submitQuiz } from './quiz.service';
import { scanStamp } from './stamp.service';
import { kioskProgress } from '../kiosk/kiosk-progress.service';
import { GiftLeases } from '../offline/gift-lease.service';

export const rallyHandlers = {
  'rally.config': async (ctx) => {
    return readConfig(ctx.db, ctx.station.id, await todayIn(ctx));
  },
  'rally.setup.get': async (ctx) => {
    return readSetup(ctx.db);
  },
  'rally.setup.save': async (ctx, input) => {
    await saveSetup(ctx.db, input);
    // Gift desks' offline leases are counted against the stock as saved (issue 13).
    await GiftLeases.recount(ctx.db, await todayIn(ctx), ctx.ops.kind);
    ctx.audit('rally', { points: input.points.length, gifts: input.gifts.map((g) => `${g.id}:${g.stock}`), questions: input.quiz.length });
    ctx.emit({ type: 'rally.config.changed' });
    return readConfig(ctx.db, ctx.station.id, await todayIn(ctx));
  },
  'rally.station.assign': async (ctx, input) => {
    // A stamp station chooses its own point; only admin assigns other stations.
    const stationId = input.stationId ?? ctx.station.id;
    if (stationId !== ctx.station.id && ctx.station.role !== 'admin') throw new AppFailure('forbidden', 'only admin assigns other stations');
    await assignStationPoint(ctx.db, stationId, input.pointId, ctx.clock.now().toISOString());
    ctx.audit(stationId, { point: input.pointId });
    return { stationId, pointId: input.pointId };
  },
  'rally.stamp.scan': async (ctx, input) => scanStamp(ctx, input),
  'rally.progress': async (ctx, input) => (ctx.station.role === 'kiosk' ? kioskProgress(ctx, input) : checkGifts(ctx, input)),
  'rally.quiz.start': async (ctx, input) => startQuiz(ctx, input),
  'rally.quiz.submit': async (ctx, input) => submitQuiz(ctx, input),
  'rally.gift.check': async (ctx, input) => checkGifts(ctx, input),
  'rally.gift.redeem': async (ctx, input) => redeemGift(ctx, input),
  'rally.gift.undo': async (ctx, input) => undoRedemption(ctx, input),
  'rally.report': async (ctx) => rallyReport(ctx.db),
  'rally.report.csv': async (ctx, input) => rallyReportCsv(ctx.db, input.table, await todayIn(ctx)),
} satisfies Partial<Handlers>;
