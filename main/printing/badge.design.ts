/**
 * The organiser's badge design as the renderers use it: the default design, and the
 * logo decoded once (the raster renderer is synchronous; decoding is not). Pure apart
 * from the image decoder — the design itself lives in the database (badge-design.service).
 */
import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { createHash } from 'node:crypto';
import { CATEGORIES, type BadgeDesign, type BadgeField, type Category, type CategoryDesign } from '../../contract/index';

/** Which lines each category shows by default: buyers their country, foreign buyers their English name. */
const DEFAULT_FIELDS: Readonly<Record<string, BadgeField[]>> = {
  visitor: ['organisation'],
  public_buyer: ['organisation', 'country'],
  corporate_buyer: ['organisation', 'country'],
  foreign_buyer: ['englishName', 'organisation', 'country'],
  exhibitor: ['organisation'],
  press: ['organisation'],
  vip: ['organisation', 'title'],
  staff: ['organisation'],
};

/** The design until the organiser saves one: the sizes the badges always had (80 mm roll). */
export const DEFAULT_BADGE_DESIGN: BadgeDesign = {
  headerText: null,
  logoPng: null,
  fonts: { name: 96, detail: 36, header: 28 },
  categories: Object.fromEntries(CATEGORIES.map((c) => [c, { fields: DEFAULT_FIELDS[c]! }])),
};

/**
 * A category's lines under a design. A category the design does not name yet (the
 * organiser added it after saving the design) shows its organisation. Its colour is not
 * the design's: it is the event's category band (badge.templates.ts categoryTemplate).
 */
export function categoryDesign(design: BadgeDesign, category: Category): CategoryDesign {
  return design.categories[category] ?? { fields: DEFAULT_FIELDS[category] ?? ['organisation'] };
}

/** A design with its logo decoded, ready for the synchronous raster renderer. */
export interface RenderDesign {
  design: BadgeDesign;
  logo: Image | null;
}

const decoded = new Map<string, Image>();

/** Decodes the design's logo (cached by content: every badge of the day reuses one decode). */
export async function prepareDesign(design: BadgeDesign): Promise<RenderDesign> {
  if (!design.logoPng) return { design, logo: null };
  const key = createHash('sha1').update(design.logoPng).digest('hex');
  let img = decoded.get(key);
  if (!img) {
    try {
      img = await loadImage(Buffer.from(design.logoPng, 'base64'));
    } catch {
      // Not an image after all (a hand-made request): the badge prints without a logo rather than not at all.
      return { design, logo: null };
    }
    if (decoded.size > 16) decoded.clear();
    decoded.set(key, img);
  }
  return { design, logo: img };
}

export const DEFAULT_RENDER_DESIGN: RenderDesign = { design: DEFAULT_BADGE_DESIGN, logo: null };

/** The largest a logo is kept: the header band of the widest stock (dots). */
const LOGO_MAX_W = 480;
const LOGO_MAX_H = 120;

export type LogoCheck = { status: 'ok'; logoPng: string; width: number; height: number } | { status: 'not_an_image' | 'too_small' | 'too_large' };

/**
 * Checks an uploaded logo and normalises it: decoded (PNG or JPEG by their signatures
 * only — nothing else reaches the decoder), flattened on white paper, scaled down to the
 * header band and stored as a grey PNG. The raster dithers it (badge.render.ts toRaster),
 * so the preview shows what a one-colour head makes of its greys.
 */
export async function normaliseLogo(bytes: Buffer): Promise<LogoCheck> {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) return { status: 'not_an_image' };
  let img: Image;
  try {
    img = await loadImage(bytes);
  } catch {
    return { status: 'not_an_image' };
  }
  if (!img.width || !img.height) return { status: 'not_an_image' };
  if (img.width > 6000 || img.height > 6000) return { status: 'too_large' };
  const scale = Math.min(1, LOGO_MAX_W / img.width, LOGO_MAX_H / img.height);
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  if (Math.min(w, h) < 32 && Math.min(img.width, img.height) < 32) return { status: 'too_small' };
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  return { status: 'ok', logoPng: canvas.toBuffer('image/png').toString('base64'), width: w, height: h };
}
