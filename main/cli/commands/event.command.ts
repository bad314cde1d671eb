/**
 * `npm run cli -- event show [--data DIR | --db URL]`
 * `npm run cli -- event set [--file FILE] [--name-ko …] [--name-en …] [--days 2026-05-20,2026-05-21]
 *      [--time-zone Asia/Seoul] [--walk-ins today|rest_of_fair]
 *      [--add-category 'id:한국어:English:#rrggbb[:every_day]'] [--remove-category id[,id]] [--data DIR | --db URL]`
 *
 * `show` prints the event as JSON; `set` takes the same JSON (any part of it: what the
 * file and flags leave out keeps its current value), previews it and saves it through
 * the router (the channel the 행사 설정 screen uses) in one transaction. A problem is
 * one line per problem in Korean and English, exit 1, nothing saved. A category is
 * added or relabelled by `--add-category` (or the file's `categories`) and removed by
 * `--remove-category` (or the file's `removeCategories`) — never by leaving it out of a
 * file, so an old file cannot drop a category by accident.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { EventInfo, EventInput, EventProblem } from '../../../contract/index';
import { ConfigError } from '../../core/config';
import { openCliStation } from '../cli-station';
import type { CliCommand } from './index';

/** What `event show` prints and `event set --file` reads: the event minus derived fields. */
export function eventJson(ev: EventInfo): EventInput {
  const { configured: _configured, ...shown } = ev;
  return shown;
}

// The dispatcher has split flags already; node:util parseArgs re-reads them strictly,
// so an unknown or misspelt flag is refused instead of ignored.
const OPTIONS = {
  file: { type: 'string' },
  'name-ko': { type: 'string' },
  'name-en': { type: 'string' },
  days: { type: 'string' },
  'time-zone': { type: 'string' },
  'walk-ins': { type: 'string' },
  'add-category': { type: 'string' },
  'remove-category': { type: 'string' },
  data: { type: 'string' },
  db: { type: 'string' },
} as const;

function readFlags(rest: string[], flags: Record<string, string | true>) {
  const argv = [...rest, ...Object.entries(flags).flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}=${v}`]))];
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw new ConfigError(`알 수 없는 옵션 / unknown option: ${(e as Error).message.split('\n')[0]}`);
  }
}

function readFile(file: string): Partial<EventInput> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`파일을 읽을 수 없습니다 / cannot read file: ${file}`);
  }
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Partial<EventInput>;
  } catch {
    throw new ConfigError(`JSON 형식이 아닙니다 / not a JSON object: ${file}`);
  }
}

/** `id:한국어:English:#rrggbb[:every_day|registered_days]` → a category (the router checks it further). */
function categoryFlag(v: string): Record<string, string> {
  const [id, ko, en, band, validity = 'registered_days', ...more] = v.split(':').map((x) => x.trim());
  if (!id || !ko || !en || !band || more.length) {
    throw new ConfigError(`--add-category 'id:한국어:English:#rrggbb[:every_day]' 형식으로 적어 주세요 / write --add-category as 'id:Korean:English:#rrggbb[:every_day]': ${v}`);
  }
  return { id, ko, en, band, validity };
}

async function withStation<T>(flags: Record<string, string | true>, f: (s: Awaited<ReturnType<typeof openCliStation>>) => Promise<T>): Promise<T> {
  const station = await openCliStation(flags);
  try {
    return await f(station);
  } finally {
    await station.close();
  }
}

export const eventCommand: CliCommand = {
  words: ['event'],
  options: OPTIONS,
  usage:
    "event show|set [--file FILE] [--name-ko …] [--name-en …] [--days D1,D2] [--time-zone TZ] [--walk-ins today|rest_of_fair] [--add-category 'id:한국어:English:#rrggbb[:every_day]'] [--remove-category ID[,ID]] [--data DIR | --db URL]",
  doc: 'Show or set the fair (name, days, halls, time zone, categories …) as JSON; set previews, then saves in one transaction.',
  async run(rest, flags) {
    const [verb, ...extra] = rest;
    const v = readFlags(extra, flags);
    const dbFlags = { ...(v.data ? { data: v.data } : {}), ...(v.db ? { db: v.db } : {}) };
    if (verb === 'show') {
      return withStation(dbFlags, async (s) => {
        const r = await s.invoke('event.get', {});
        if (!r.ok) throw new Error(r.error.message);
        console.log(JSON.stringify(eventJson(r.value), null, 2));
        return 0;
      });
    }
    if (verb !== 'set') throw new ConfigError('event show | event set [--file FILE] …');
    return withStation(dbFlags, async (s) => {
      const current = await s.invoke('event.get', {});
      if (!current.ok) throw new Error(current.error.message);
      const next: Record<string, unknown> = { ...eventJson(current.value), ...(v.file ? readFile(v.file) : {}) };
      const name = { ...(next.name as object) } as { ko?: string; en?: string };
      if (v['name-ko'] !== undefined) name.ko = v['name-ko'];
      if (v['name-en'] !== undefined) name.en = v['name-en'];
      next.name = name;
      if (v.days !== undefined) next.days = v.days.split(/[,\s]+/).filter(Boolean);
      if (v['time-zone'] !== undefined) next.timeZone = v['time-zone'];
      if (v['walk-ins'] !== undefined) next.walkInValidity = v['walk-ins'];
      if (v['add-category'] !== undefined) {
        // The same id again relabels it (the current list already names it once).
        const cat = categoryFlag(v['add-category']);
        next.categories = [...((next.categories as { id: string }[]) ?? []).filter((c) => c.id !== cat.id), cat];
      }
      if (v['remove-category'] !== undefined) {
        next.removeCategories = [...((next.removeCategories as string[]) ?? []), ...v['remove-category'].split(/[,\s]+/).filter(Boolean)];
      }
      // Hours of days the new list drops go with them (the file may not mention hours at all).
      if (Array.isArray(next.days) && next.hours && typeof next.hours === 'object') {
        next.hours = Object.fromEntries(Object.entries(next.hours as object).filter(([d]) => (next.days as string[]).includes(d)));
      }

      const preview = await s.invoke('event.preview', next);
      if (!preview.ok) return refuse(preview.error.message, preview.error.details);
      const p = preview.value;
      if (p.problems.length) return refuse('', p.problems);
      const saved = await s.invoke('event.set', next);
      if (!saved.ok) return refuse(saved.error.message, saved.error.details);
      const ev = saved.value;
      console.log(`saved: ${ev.name.ko} / ${ev.name.en} — ${ev.days.join(', ')} (${ev.timeZone}); halls: ${ev.halls.map((h) => h.id).join(', ') || '—'}`);
      if (p.removedDays.length) console.log(`  days removed: ${p.removedDays.join(', ')}`);
      if (p.visitorsOutside) console.log(`  ${p.visitorsOutside} visitors are registered for a day outside the fair / 행사 날짜 밖에 등록된 참관객 ${p.visitorsOutside}명`);
      if (p.addedCategories.length) console.log(`  categories added / 추가한 구분: ${p.addedCategories.join(', ')}`);
      if (p.removedCategories.length) console.log(`  categories removed / 뺀 구분: ${p.removedCategories.map((c) => c.id).join(', ')}`);
      if (p.programmeOutside) console.log(`  ${p.programmeOutside} programme rows fall outside the fair / 행사 날짜 밖의 일정 ${p.programmeOutside}건`);
      return 0;
    });
  },
};

/** One line per problem, Korean then English; exit 1. */
function refuse(message: string, details: unknown): number {
  const problems = Array.isArray(details) && details.every((d) => d && typeof d === 'object' && 'ko' in d) ? (details as EventProblem[]) : [];
  if (problems.length) for (const p of problems) console.error(`FairDesk: ${p.ko} / ${p.en}`);
  else if (Array.isArray(details)) console.error(`FairDesk: 행사 설정 값이 올바르지 않습니다 / invalid event: ${(details as { path?: string; message?: string }[]).map((d) => `${d.path}: ${d.message}`).join('; ')}`);
  else console.error(`FairDesk: ${message}`);
  console.error('FairDesk: 저장하지 않았습니다 / nothing was saved');
  return 1;
}
