/**
 * Badge templates: one per visitor category (label, colour, how its band looks on a
 * one-colour thermal print) and the paper stocks a venue loads. Pure data, shared by
 * the thermal renderer, the A6 paper badge and the console's preview screen.
 */
import { DEFAULT_CATEGORIES, type BadgeStock, type Category, type CategorySetup } from '../../contract/index';

export type BandStyle = 'solid' | 'outline' | 'striped';

export interface CategoryTemplate {
  /** Short label printed on the band (badges are read from 2 m away). */
  labelKo: string;
  labelEn: string;
  /** Colour for the screen and the colour paper badge: always the event's category band (categoryTemplate). */
  colour: string;
  /** On a black-only thermal print categories differ by band style as well as by label. */
  band: BandStyle;
  /** Print the English name as a second line (foreign buyers are addressed in English). */
  englishLine: boolean;
}

/**
 * The templates of the categories a fresh event starts with (short band labels, thermal
 * band styles). No colour here: a category's colour has one source, the event's
 * categories (the organiser edits it on the event setup screen; DEFAULT_CATEGORIES for a
 * fresh event), and every badge, preview and chip reads it from there.
 */
export const CATEGORY_TEMPLATES: Readonly<Record<string, Omit<CategoryTemplate, 'colour'>>> = {
  visitor: { labelKo: '참관객', labelEn: 'VISITOR', band: 'outline', englishLine: false },
  public_buyer: { labelKo: '공공구매', labelEn: 'PUBLIC BUYER', band: 'solid', englishLine: false },
  corporate_buyer: { labelKo: '기업구매', labelEn: 'CORPORATE BUYER', band: 'striped', englishLine: false },
  foreign_buyer: { labelKo: '해외바이어', labelEn: 'FOREIGN BUYER', band: 'solid', englishLine: true },
  exhibitor: { labelKo: '출품기업', labelEn: 'EXHIBITOR', band: 'striped', englishLine: false },
  press: { labelKo: '프레스', labelEn: 'PRESS', band: 'outline', englishLine: false },
  vip: { labelKo: 'VIP', labelEn: 'VIP', band: 'solid', englishLine: false },
  staff: { labelKo: '운영요원', labelEn: 'STAFF', band: 'solid', englishLine: false },
};

/**
 * A category's template as this event has it. A category the organiser added has no
 * template of its own: its band carries the event's KO/EN label on a solid band in its
 * colour. A starting category keeps its short band label until the organiser renames it.
 */
export function categoryTemplate(category: Category, setup?: CategorySetup): CategoryTemplate {
  const base = CATEGORY_TEMPLATES[category];
  const start = DEFAULT_CATEGORIES.find((c) => c.id === category);
  // Without the event's row (a caller that has none), a starting category's starting colour.
  const colour = setup?.band ?? start?.band ?? UNKNOWN_BAND;
  if (!base) {
    if (!setup) return { labelKo: category, labelEn: category.toUpperCase(), colour, band: 'solid', englishLine: false };
    return { labelKo: setup.ko, labelEn: setup.en.toUpperCase(), colour, band: 'solid', englishLine: false };
  }
  const renamed = setup && start && (setup.ko !== start.ko || setup.en !== start.en);
  return renamed ? { ...base, colour, labelKo: setup.ko, labelEn: setup.en.toUpperCase() } : { ...base, colour };
}

/** A category the event does not know (a visitor row from before it was removed): dark grey. */
const UNKNOWN_BAND = '#333333';

export type Stock = BadgeStock;

export interface StockSpec {
  /** Printable width in dots at 203 dpi (8 dots/mm); a multiple of 8 for raster rows. */
  widthDots: number;
  /** Badge length in dots (a roll is cut there; a label is this tall). */
  heightDots: number;
  /** Narrowest paper (mm) this stock fits on. */
  paperMm: number;
  layout: 'portrait' | 'landscape';
}

export const STOCK_SPECS: Record<Stock, StockSpec> = {
  roll80: { widthDots: 576, heightDots: 720, paperMm: 80, layout: 'portrait' },
  roll58: { widthDots: 384, heightDots: 560, paperMm: 58, layout: 'portrait' },
  label100x60: { widthDots: 800, heightDots: 480, paperMm: 100, layout: 'landscape' },
};

/** Why a stock cannot print on a printer's paper, or null when it fits. */
export function paperMismatch(stock: Stock, paperMm: number): string | null {
  const need = STOCK_SPECS[stock].paperMm;
  return paperMm < need ? `the ${stock} badge needs ${need} mm paper; the printer has ${paperMm} mm` : null;
}
