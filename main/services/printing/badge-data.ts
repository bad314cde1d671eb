/** What goes on a badge, read from the database (a visitor) or made up (preview sample, test page). */
import type { Kysely } from 'kysely';
import type { Category, EventInfo } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { BadgeData } from '../../printing/badge.render';
import { categoryTemplate } from '../../printing/badge.templates';
import { getEvent } from '../system/event.service';
import { toCategory } from '../visitors/visitor.mapper';

export async function badgeDataFor(db: Kysely<Database>, code: string): Promise<BadgeData | null> {
  const v = await db.selectFrom('visitors').select(['code', 'name_ko', 'name_en', 'organisation', 'title', 'country', 'category']).where('code', '=', code).executeTakeFirst();
  if (!v) return null;
  const ev = await getEvent(db);
  return {
    code: v.code,
    nameKo: v.name_ko,
    nameEn: v.name_en,
    organisation: v.organisation,
    title: v.title,
    country: v.country,
    category: toCategory(v.category),
    band: bandOf(ev, v.category),
    eventName: ev.name.ko,
    eventDays: ev.days,
  };
}

type Sample = Pick<BadgeData, 'nameKo' | 'nameEn' | 'organisation' | 'title' | 'country'>;

const SAMPLES: Readonly<Record<string, Sample>> = {
  visitor: { nameKo: '김민준', nameEn: null, organisation: '서울특별시 강남구', title: '주무관', country: '대한민국' },
  public_buyer: { nameKo: '이서연', nameEn: null, organisation: '한국토지주택공사', title: '차장', country: '대한민국' },
  corporate_buyer: { nameKo: '박지훈', nameEn: null, organisation: '(주)한빛건설', title: '과장', country: '대한민국' },
  foreign_buyer: { nameKo: '응우옌 반 안', nameEn: 'Nguyen Van An', organisation: 'Vietnam Public Procurement Agency', title: 'Director', country: 'Vietnam' },
  exhibitor: { nameKo: '최수아', nameEn: null, organisation: '(주)스마트조달솔루션', title: '대표', country: '대한민국' },
  press: { nameKo: '정도윤', nameEn: null, organisation: '조달신문', title: '기자', country: '대한민국' },
  vip: { nameKo: '강하은', nameEn: null, organisation: '조달청', title: '청장', country: '대한민국' },
  staff: { nameKo: '윤서준', nameEn: null, organisation: '운영사무국', title: null, country: null },
};

/** A category the organiser added has no sample of its own: a plain visitor's. */
const PLAIN: Sample = { nameKo: '한지우', nameEn: null, organisation: '(주)미래산업', title: '팀장', country: '대한민국' };

/** The band of a category as the event has it (label, colour). */
export function bandOf(ev: EventInfo, category: Category) {
  return categoryTemplate(category, ev.categories.find((c) => c.id === category));
}

/**
 * A made-up badge of a category for the preview. A name typed by staff replaces the
 * sample's names entirely: its English line is that name when it is in Latin letters,
 * and nothing otherwise (never the sample's English name beside someone else's).
 */
export async function sampleBadge(db: Kysely<Database>, category: Category, name?: string): Promise<BadgeData> {
  const ev = await getEvent(db);
  const s = SAMPLES[category] ?? PLAIN;
  const names = name ? { nameKo: name, nameEn: /[A-Za-z]/.test(name) && !/[\u3131-\uD79D]/.test(name) ? name : null } : { nameKo: s.nameKo, nameEn: s.nameEn };
  return { code: 'SAMPLE-0001', ...s, ...names, category, band: bandOf(ev, category), eventName: ev.name.ko, eventDays: ev.days };
}

export async function testBadge(db: Kysely<Database>, printerName: string, paperMm: number): Promise<BadgeData> {
  const ev = await getEvent(db);
  return { code: 'TEST-PRINT', nameKo: '테스트 인쇄', nameEn: 'Test print', organisation: `${printerName} · ${paperMm} mm`, category: 'staff', eventName: ev.name.ko, eventDays: ev.days };
}
