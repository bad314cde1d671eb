/** The organiser's badge designer: the saved design, saving it, logo checks and the live preview. */
import type { Handlers } from '../../core/router';
import { rasterToPng, renderBadge } from '../../printing/badge.render';
import { categoryDesign, normaliseLogo, prepareDesign } from '../../printing/badge.design';
import { getEvent } from '../system/event.service';
import { sampleBadge } from './badge-data';
import { getBadgeDesign, saveBadgeDesign } from './badge-design.service';
import { stationPrinter, toStock } from './printers.service';

export const badgeDesignHandlers = {
  'printing.design.get': async (ctx) => {
    // Every category the event has today is in the design the designer edits (one added
    // after the design was saved gets its default lines and the event's band colour).
    const [stored, event] = await Promise.all([getBadgeDesign(ctx.db), getEvent(ctx.db)]);
    const categories = Object.fromEntries(event.categories.map((c) => [c.id, categoryDesign(stored.design, c.id)]));
    return { ...stored, design: { ...stored.design, categories: { ...stored.design.categories, ...categories } } };
  },
  'printing.design.save': async (ctx, input) => {
    // The logo is checked again: a design saved by hand (CLI, another client) gets no shortcut.
    let design = input.design;
    if (design.logoPng) {
      const check = await normaliseLogo(Buffer.from(design.logoPng, 'base64'));
      design = { ...design, logoPng: check.status === 'ok' ? check.logoPng : null };
    }
    const at = ctx.clock.now().toISOString();
    await saveBadgeDesign(ctx.db, design, at, ctx.station.name);
    ctx.audit('badge_design', { headerText: design.headerText, logo: design.logoPng !== null, fonts: design.fonts });
    return { savedAt: at };
  },
  'printing.design.logo': async (_ctx, input) => normaliseLogo(Buffer.from(input.dataBase64, 'base64')),
  'printing.design.preview': async (ctx, input) => {
    const { printer } = await stationPrinter(ctx.db, ctx.station.id);
    const stock = input.stock ?? toStock(printer?.stock ?? 'roll80');
    const raster = renderBadge(await sampleBadge(ctx.db, input.category, input.sampleName), stock, await prepareDesign(input.design));
    return { dataUrl: `data:image/png;base64,${rasterToPng(raster).toString('base64')}`, width: raster.width, height: raster.height, stock };
  },
} satisfies Partial<Handlers>;
