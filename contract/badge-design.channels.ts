/**
 * The organiser's badge design, saved with the event (one per event database): header
 * text, a logo, which fields each category's badge shows, band colours and font sizes.
 * Every badge raster — the thermal print, the kiosk's badge, the preview — is drawn from
 * it, so the preview is the print. Sizes are in printer dots (8 per mm at 203 dpi) and
 * bounded to what a thermal head prints legibly: nothing smaller than 3 mm, nothing so
 * large that a name stops fitting on 58 mm stock.
 */
import { z } from 'zod';
import { channel } from './define';
import { Category, ShortText } from './common.schema';
import { BadgeStock } from './printing.channels';

/** Lines a badge may show under the name, in this order. No phone or e-mail, ever. */
export const BADGE_FIELDS = ['englishName', 'organisation', 'title', 'country'] as const;
export const BadgeField = z.enum(BADGE_FIELDS);
export type BadgeField = z.infer<typeof BadgeField>;

/** Thermal-safe font size limits in dots (8 dots = 1 mm): [min, max]. */
export const BADGE_FONT_LIMITS = { name: [56, 112], detail: [24, 48], header: [24, 40] } as const;
export type BadgeFontKey = keyof typeof BADGE_FONT_LIMITS;

const size = (k: BadgeFontKey) => z.number().int().min(BADGE_FONT_LIMITS[k][0]).max(BADGE_FONT_LIMITS[k][1]);
const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** A logo after validation: a grey-scale PNG no larger than the badge needs (base64). */
const MAX_LOGO_BASE64 = 200_000;
/** What an upload may be before it is normalised (base64 of a PNG or JPEG, ~1.5 MB). */
export const MAX_LOGO_UPLOAD_BASE64 = 2_000_000;

/**
 * What a category's badge shows. No colour: the band colour is the event's category
 * colour (event setup), one source for badge, paper badge, previews and desk chips. A
 * design saved before carries a `colour`; it is dropped when read (zod strips it).
 */
export const CategoryDesign = z.object({
  fields: z.array(BadgeField).max(BADGE_FIELDS.length),
});
export type CategoryDesign = z.infer<typeof CategoryDesign>;

export const BadgeDesign = z.object({
  /** Printed in the header instead of the event's name; null: the event's name. */
  headerText: z.string().trim().max(60).nullable(),
  /** The validated logo (from printing.design.logo), or null for none. */
  logoPng: z.string().max(MAX_LOGO_BASE64).nullable(),
  fonts: z.object({ name: size('name'), detail: size('detail'), header: size('header') }),
  /** Per category id (the event's categories are data; one the design does not name gets a default). */
  categories: z.record(Category, CategoryDesign),
});
export type BadgeDesign = z.infer<typeof BadgeDesign>;

/** A logo upload: normalised, or why it cannot be used. */
const LogoOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), logoPng: z.string(), width: z.number().int(), height: z.number().int() }),
  /** Not a PNG or JPEG the station can decode. */
  z.object({ status: z.literal('not_an_image') }),
  /** Smaller than 32 dots on its short side: it would print as a smudge. */
  z.object({ status: z.literal('too_small') }),
  /** More than 6000 px on a side. */
  z.object({ status: z.literal('too_large') }),
]);

export const badgeDesignChannels = {
  'printing.design.get': channel({
    doc: 'The badge design saved with this event (the default design until the organiser saves one), and when it was saved.',
    input: z.object({}),
    output: z.object({ design: BadgeDesign, savedAt: z.string().nullable(), savedBy: z.string().nullable() }),
    roles: ['admin', 'desk'],
    write: false,
  }),
  'printing.design.save': channel({
    doc: 'Save the badge design for this event; every badge printed from now on uses it.',
    input: z.object({ design: BadgeDesign }),
    output: z.object({ savedAt: z.string() }),
    roles: ['admin'],
    write: true,
  }),
  'printing.design.logo': channel({
    doc: 'Check and normalise a logo image (PNG or JPEG) for the badge: grey-scale, at most the header band size. Saves nothing.',
    input: z.object({ dataBase64: z.string().max(MAX_LOGO_UPLOAD_BASE64) }),
    output: LogoOutcome,
    roles: ['admin'],
    write: false,
  }),
  'printing.design.preview': channel({
    doc: 'The exact raster the printer would get for a sample of a category under a design not saved yet (the designer\'s live preview), as a PNG data URL.',
    input: z.object({ design: BadgeDesign, category: Category, stock: BadgeStock.optional(), sampleName: ShortText.optional() }),
    output: z.object({ dataUrl: z.string(), width: z.number().int(), height: z.number().int(), stock: BadgeStock }),
    roles: ['admin'],
    write: false,
  }),
};
