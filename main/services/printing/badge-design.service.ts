/**
 * The badge design's one owner: reads and writes badge_designs. A stored design is read
 * through the contract's schema, so a row written by an older build (a field it did not
 * know, a size outside today's limits) falls back to the default instead of printing
 * something the designer could not have produced.
 */
import type { Kysely } from 'kysely';
import { BadgeDesign } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { DEFAULT_BADGE_DESIGN, prepareDesign, type RenderDesign } from '../../printing/badge.design';

const ID = 'event';

export interface StoredDesign {
  design: BadgeDesign;
  savedAt: string | null;
  savedBy: string | null;
}

export async function getBadgeDesign(db: Kysely<Database>): Promise<StoredDesign> {
  const row = await db.selectFrom('badge_designs').selectAll().where('id', '=', ID).executeTakeFirst();
  if (!row) return { design: DEFAULT_BADGE_DESIGN, savedAt: null, savedBy: null };
  let raw: unknown;
  try {
    raw = { ...(JSON.parse(row.design) as object), logoPng: row.logo_png };
  } catch {
    raw = null;
  }
  const parsed = BadgeDesign.safeParse(raw);
  return { design: parsed.success ? parsed.data : DEFAULT_BADGE_DESIGN, savedAt: row.saved_at, savedBy: row.saved_by };
}

export async function saveBadgeDesign(db: Kysely<Database>, design: BadgeDesign, at: string, by: string): Promise<void> {
  const { logoPng, ...rest } = design;
  const values = { design: JSON.stringify(rest), logo_png: logoPng, saved_at: at, saved_by: by };
  const n = await db.updateTable('badge_designs').set(values).where('id', '=', ID).executeTakeFirst();
  if (Number(n.numUpdatedRows) === 0) await db.insertInto('badge_designs').values({ id: ID, ...values }).execute();
}

/** The saved design with its logo decoded: what every badge raster is drawn with. */
export async function renderDesignFor(db: Kysely<Database>): Promise<RenderDesign> {
  return prepareDesign((await getBadgeDesign(db)).design);
}
