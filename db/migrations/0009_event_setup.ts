/**
 * 0009_event_setup — the fair as data. Frozen; never import app code.
 *
 * - event_config.setup: JSON with what the first schema had no column for (venue,
 *   opening hours, visitor categories, walk-in validity, whether an organiser has set
 *   the event yet). The existing row of an older database keeps its name, days and
 *   time zone and counts as configured: it was the fair that database ran.
 * - event_config.halls changes meaning from a list of labels ("3홀") to a list of
 *   { id, ko, en }; an existing list is converted, ids taken from the rally points of
 *   kind 'hall' in the same order when there are as many (so rally halls keep their
 *   hall), else hall1, hall2 …
 * - audit_log.operator_id: which signed-in operator made a write (null: none signed in).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_config').addColumn('setup', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('audit_log').addColumn('operator_id', 'text').execute();

  const row = await db.selectFrom('event_config').select(['halls']).where('id', '=', 'event').executeTakeFirst();
  if (row) {
    let labels: unknown = [];
    try {
      labels = JSON.parse(row.halls as string);
    } catch {
      labels = [];
    }
    const list = Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
    const points = (await db
      .selectFrom('rally_points')
      .select(['id', 'label_en'])
      .where('kind', '=', 'hall')
      .orderBy('sort')
      .execute()) as { id: string; label_en: string }[];
    const halls = list.map((ko, i) => {
      const p = points.length === list.length ? points[i] : undefined;
      return { id: p?.id ?? `hall${i + 1}`, ko, en: p?.label_en ?? ko };
    });
    await db
      .updateTable('event_config')
      .set({ halls: JSON.stringify(halls), setup: JSON.stringify({ configured: true }) })
      .where('id', '=', 'event')
      .execute();
  }
}
