/** What goes on a badge, read from the database (a visitor) or made up (preview sample, test page). */
import type { Kysely } from 'kysely';
import type { Category } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { BadgeData } from '../../printing/badge.render';
import { getEvent } from '../system/event.service';
import { toCategory } from '../visitors/visitor.mapper';

export async function badgeDataFor(db: Kysely<Database>, code: string): Promise<BadgeData | null> {
  const v = await db.selectFrom('visitors').select(['code', 'name_ko', 'name_en', 'organisation', 'category']).where('code', '=', code).executeTakeFirst();
  if (!v) return null;
  const ev = await getEvent(db);
  return { code: v.code, nameKo: v.name_ko, nameEn: v.name_en, organisation: v.organisation, category: toCategory(v.category), eventName: ev.name.ko, eventDays: ev.days };
}

const SAMPLES: Record<Category, { nameKo: string; nameEn: string | null; organisation: string }> = {
  visitor: { nameKo: '김민준', nameEn: null, organisation: '서울특별시 강남구' },
  public_buyer: { nameKo: '이서연', nameEn: null, organisation: '한국토지주택공사' },
  corporate_buyer: { nameKo: '박지훈', nameEn: null, organisation: '(주)한빛건설' },
  foreign_buyer: { nameKo: 'Nguyen Van An', nameEn: 'Nguyen Van An', organisation: 'Vietnam Public Procurement Agency' },
  exhibitor: { nameKo: '최수아', nameEn: null, organisation: '(주)스마트조달솔루션' },
  press: { nameKo: '정도윤', nameEn: null, organisation: '조달신문' },
  vip: { nameKo: '강하은', nameEn: null, organisation: '조달청' },
  staff: { nameKo: '윤서준', nameEn: null, organisation: '운영사무국' },
};

export async function sampleBadge(db: Kysely<Database>, category: Category, name?: string): Promise<BadgeData> {
  const ev = await getEvent(db);
  const s = SAMPLES[category];
  return { code: 'SAMPLE-0001', nameKo: name || s.nameKo, nameEn: s.nameEn, organisation: s.organisation, category, eventName: ev.name.ko, eventDays: ev.days };
}

export async function testBadge(db: Kysely<Database>, printerName: string, paperMm: number): Promise<BadgeData> {
  const ev = await getEvent(db);
  return { code: 'TEST-PRINT', nameKo: '테스트 인쇄', nameEn: 'Test print', organisation: `${printerName} · ${paperMm} mm`, category: 'staff', eventName: ev.name.ko, eventDays: ev.days };
}
