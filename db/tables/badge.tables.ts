/** Badge design tables (joined into Database in db/schema.ts). */

/** One row ('event'): the organiser's badge design for this event (0018). */
export interface BadgeDesignsTable {
  id: string;
  /** JSON: headerText, fonts, categories (fields + colour) — contract BadgeDesign without the logo. */
  design: string;
  /** The validated logo, base64 PNG; null: none. */
  logo_png: string | null;
  saved_at: string;
  /** Name of the station that saved it. */
  saved_by: string;
}

export interface BadgeTables {
  badge_designs: BadgeDesignsTable;
}
