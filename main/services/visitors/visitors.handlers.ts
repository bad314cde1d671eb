import { AppFailure } from '../../../contract/index';
import type { Handlers } from '../../core/router';
import { normalizeScannedCode } from '../checkin/scan-code';
import { todayIn } from '../system/event.service';
import { searchVisitors } from './visitor-search.service';
import { checkinRowToInfo, visitorRowToSummary } from './visitor.mapper';
import { registerWalkIn, similarVisitors } from './walk-in.service';
import { autoPrintAfterCheckin } from '../printing/printing.api';

export const visitorsHandlers = {
  'visitors.search': async (ctx, input) => searchVisitors(ctx.db, ctx.ops, input.q, await todayIn(ctx), input.limit ?? 20),
  'visitors.get': async (ctx, input) => {
    const code = normalizeScannedCode(input.code);
    const row = code ? await ctx.db.selectFrom('visitors').selectAll().where('code', '=', code).executeTakeFirst() : undefined;
    if (!row) throw new AppFailure('not_found', 'no such visitor');
    const checkins = await ctx.db.selectFrom('checkins').selectAll().where('visitor_code', '=', row.code).orderBy('at').execute();
    return { visitor: visitorRowToSummary(row), checkins: checkins.map(checkinRowToInfo) };
  },
  'visitors.walkIn.similar': async (ctx, input) => ({ hits: await similarVisitors(ctx, input.nameKo, input.phone) }),
  'visitors.walkIn': async (ctx, input) => {
    const out = await registerWalkIn(ctx, input);
    await autoPrintAfterCheckin(ctx, out.visitor.code, input.nonce);
    return out;
  },
} satisfies Partial<Handlers>;
