/**
 * The fair's visitor categories for every screen that names one (desk, kiosk, badge,
 * dashboard). Set from system.hello whenever the app (re)loads it, like the time zone:
 * the organiser's list decides, not the code.
 */
import { DEFAULT_CATEGORIES, type CategorySetup } from '@contract/index';

let categories: readonly CategorySetup[] = DEFAULT_CATEGORIES;
export const eventCategories = (): readonly CategorySetup[] => categories;
export function setEventCategories(next: readonly CategorySetup[]): void {
  categories = next.length ? next : DEFAULT_CATEGORIES;
}

/** The event's label of a category in a language; an id the event no longer has reads as itself. */
export function categoryLabel(id: string, lang: 'ko' | 'en'): string {
  const c = categories.find((x) => x.id === id);
  return c ? c[lang] : id;
}

/** The band colour of a category (#rrggbb), or a neutral grey for an unknown id. */
export function categoryBand(id: string): string {
  return categories.find((x) => x.id === id)?.band ?? '#6e7781';
}

/** The category chip in its band colour (as on the badge), so staff tell categories apart at a glance. */
export function bandStyle(id: string): { background: string; color: string } {
  return { background: categoryBand(id), color: '#fff' };
}
