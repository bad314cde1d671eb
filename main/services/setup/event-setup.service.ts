/**
 * Setting up the fair: check a proposed event, say what saving it would do, and save
 * it in one transaction. The screen (행사 설정) and `cli event set` both come here
 * through the router, so both refuse the same things with the same KO/EN words.
 */
import type { Kysely } from 'kysely';
import { AppFailure, EventInput, type EventInfo, type EventPreview, type EventProblem } from '../../../contract/index';
import type { z } from 'zod';
import type { Database } from '../../../db/schema';
import { isTimeZone } from '../../core/clock';
import { applyCategories, getEvent, writeEvent } from '../system/event.service';
import { addHallPoints, seedRallyDefaults } from '../rally/rally-config.service';

type Db = Kysely<Database>;
export type ParsedEventInput = z.output<typeof EventInput>;

const problem = (reason: EventProblem['reason'], subject: string, ko: string, en: string): EventProblem => ({ reason, subject: subject.slice(0, 64), ko, en });

/** What the stored event would become (categories applied by id; days as given). */
export function proposedEvent(current: EventInfo, input: ParsedEventInput): Omit<EventInfo, 'configured'> {
  return {
    name: input.name,
    venue: input.venue,
    days: input.days,
    hours: input.hours,
    timeZone: input.timeZone,
    halls: input.halls,
    categories: applyCategories(current.categories, input.categories, input.removeCategories),
    walkInValidity: input.walkInValidity,
  };
}

/** Problems that need only the input (no database). */
export function checkEvent(ev: Omit<EventInfo, 'configured'>): EventProblem[] {
  const out: EventProblem[] = [];
  if (ev.days.length === 0) out.push(problem('days_empty', '', '행사 날짜를 하루 이상 넣어 주세요', 'Give the fair at least one day'));
  for (let i = 1; i < ev.days.length; i++) {
    if (ev.days[i]! <= ev.days[i - 1]!) {
      out.push(problem('days_out_of_order', ev.days[i]!, `날짜는 빠른 날부터 한 번씩 적어 주세요 (${ev.days[i - 1]} 다음에 ${ev.days[i]})`, `List days earliest first, each once (${ev.days[i]} after ${ev.days[i - 1]})`));
      break;
    }
  }
  for (const d of ev.days) {
    if (Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      out.push(problem('day_invalid', d, `없는 날짜입니다: ${d}`, `No such day: ${d}`));
    }
  }
  if (!isTimeZone(ev.timeZone)) {
    out.push(problem('unknown_time_zone', ev.timeZone, `알 수 없는 시간대입니다: ${ev.timeZone} (예: Asia/Seoul)`, `Unknown time zone: ${ev.timeZone} (e.g. Asia/Seoul)`));
  }
  const seen = new Set<string>();
  for (const h of ev.halls) {
    if (seen.has(h.id)) out.push(problem('duplicate_hall', h.id, `홀 ID가 두 번 있습니다: ${h.id}`, `Hall id used twice: ${h.id}`));
    seen.add(h.id);
  }
  if (ev.categories.length === 0) out.push(problem('no_categories', '', '참관객 구분이 하나 이상 있어야 합니다', 'Keep at least one visitor category'));
  for (const [day, h] of Object.entries(ev.hours)) {
    if (!ev.days.includes(day)) out.push(problem('hours_outside_days', day, `운영 시간의 날짜가 행사 날짜가 아닙니다: ${day}`, `Opening hours for a day that is not a fair day: ${day}`));
    if (h.open >= h.close) out.push(problem('hours_order', day, `${day} 운영 시간: 여는 시각이 닫는 시각보다 빨라야 합니다`, `${day} opening hours: opening must come before closing`));
  }
  return out;
}

/** What saving `input` would do, and what stops it. Reads only. */
export async function previewEvent(db: Db, input: ParsedEventInput): Promise<EventPreview> {
  const current = await getEvent(db);
  const next = proposedEvent(current, input);
  const problems = checkEvent(next);
  const keepDays = new Set(next.days);
  const removedDays = current.days.filter((d) => !keepDays.has(d));
  const addedDays = next.days.filter((d) => !current.days.includes(d));
  const nextHalls = new Set(next.halls.map((h) => h.id));
  const removedHalls = current.halls.map((h) => h.id).filter((id) => !nextHalls.has(id));

  // Counted in SQL (a 100k-visitor fair must preview at once). No days: everything is outside.
  const visitorsQ = db.selectFrom('visitor_days').select((eb) => eb.fn.count<number>('visitor_code').distinct().as('n'));
  const programmeQ = db.selectFrom('programme_items').select((eb) => eb.fn.countAll<number>().as('n'));
  const [visitors, programme, points] = await Promise.all([
    (next.days.length ? visitorsQ.where('day', 'not in', next.days) : visitorsQ).executeTakeFirst(),
    (next.days.length ? programmeQ.where('day', 'not in', next.days) : programmeQ).executeTakeFirst(),
    removedHalls.length
      ? db.selectFrom('rally_points').select(['id', 'label_ko', 'label_en']).where('kind', '=', 'hall').where('id', 'in', removedHalls).orderBy('sort').execute()
      : Promise.resolve([]),
  ]);
  for (const p of points) {
    problems.push(problem('hall_in_use', p.id, `랠리 지점 '${p.label_ko}'이(가) 이 홀을 씁니다. 랠리 설정에서 먼저 지우거나 홀을 남겨 두세요`, `Rally point '${p.label_en}' stands in this hall: remove it in Rally setup first, or keep the hall`));
  }
  // Categories: a removed one must exist and be held by no visitor; ids are unique.
  const currentIds = new Set(current.categories.map((c) => c.id));
  const givenIds = new Set<string>();
  for (const c of input.categories) {
    if (givenIds.has(c.id)) problems.push(problem('duplicate_category', c.id, `구분 ID가 두 번 있습니다: ${c.id}`, `Category id used twice: ${c.id}`));
    givenIds.add(c.id);
  }
  const removing = [...new Set(input.removeCategories)];
  for (const id of removing.filter((x) => !currentIds.has(x))) {
    problems.push(problem('unknown_category', id, `없는 구분입니다: ${id}`, `No such category: ${id}`));
  }
  const removed = current.categories.filter((c) => removing.includes(c.id));
  const held = removed.length
    ? await db.selectFrom('visitors').select((eb) => ['category', eb.fn.countAll<number>().as('n')]).where('category', 'in', removed.map((c) => c.id)).groupBy('category').execute()
    : [];
  const heldBy = new Map(held.map((r) => [r.category, Number(r.n)]));
  for (const c of removed) {
    const n = heldBy.get(c.id) ?? 0;
    if (n) problems.push(problem('category_in_use', c.id, `'${c.ko}' 구분인 참관객이 ${n}명 있어 뺄 수 없습니다`, `${n === 1 ? '1 visitor is' : `${n} visitors are`} '${c.en}': the category cannot be removed`));
  }
  return {
    addedDays,
    removedDays,
    visitorsOutside: Number(visitors?.n ?? 0),
    programmeOutside: Number(programme?.n ?? 0),
    removedHalls,
    rallyPointsOnRemovedHalls: points.map((p) => ({ id: p.id, ko: p.label_ko, en: p.label_en })),
    timeZoneChanged: current.timeZone !== next.timeZone,
    addedCategories: next.categories.filter((c) => !currentIds.has(c.id)).map((c) => c.id),
    removedCategories: removed.map((c) => ({ id: c.id, ko: c.ko, en: c.en, visitors: heldBy.get(c.id) ?? 0 })),
    problems,
  };
}

/**
 * Saves the event (the caller's transaction): refused whole with `invalid_event` and
 * every problem in KO/EN when one stands. New halls get a rally point each.
 */
export async function saveEvent(db: Db, input: ParsedEventInput, now: string): Promise<{ event: EventInfo; preview: EventPreview }> {
  const preview = await previewEvent(db, input);
  if (preview.problems.length) {
    const first = preview.problems[0]!;
    throw new AppFailure('invalid_event', `${first.ko} / ${first.en}`, preview.problems);
  }
  const next = proposedEvent(await getEvent(db), input);
  await writeEvent(db, next, now);
  // The first save with halls seeds the rally's sample setup; later saves add new halls' points.
  await seedRallyDefaults(db);
  await addHallPoints(db, next.halls);
  return { event: await getEvent(db), preview };
}
