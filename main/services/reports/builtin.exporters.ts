/**
 * The exports the organiser's console ships with: check-ins (aggregate and detail),
 * walk-ins in the importer's own layout, attendance per day, the print log, stamps,
 * redemptions and the audit log. Each reads the facts as stored (append-only rows), so
 * an export taken twice of the same day gives the same rows.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { inPages, paged, type Cell, type ExportColumn, type Exporter, type ExportQuery } from './exporter.types';

/**
 * 구분 as the registration export writes it: the event's Korean label (the importer
 * reads its own labels back, so walk-ins exported here import again).
 */
const categoryKo = (q: ExportQuery, c: string) => q.categoryKo?.get(c) ?? c;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, iso: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}
const minutes = new Map<string, string>();
/**
 * An ISO instant as the venue's wall clock, "2026-04-13 09:31:05" (what Excel shows as a
 * date-time). Zone offsets are whole minutes, so the local minute is looked up once per
 * UTC minute and the seconds carried over: Intl formatting per row was most of a 100k export.
 */
export function localTime(iso: string | null, timeZone: string): string | null {
  if (!iso) return null;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) || !iso.endsWith('Z')) {
    const p = partsIn(timeZone, iso);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  }
  const key = `${timeZone}|${iso.slice(0, 16)}`;
  let minute = minutes.get(key);
  if (minute === undefined) {
    const p = partsIn(timeZone, `${iso.slice(0, 16)}:00Z`);
    minute = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    if (minutes.size > 50_000) minutes.clear();
    minutes.set(key, minute);
  }
  return `${minute}:${iso.slice(17, 19)}`;
}

const col = (key: string, ko: string, en: string, personal = false): ExportColumn => ({ key, ko, en, ...(personal ? { personal } : {}) });

/**
 * One keyset page on (at, id): the rows after the last one, in (at, id) order, from the index. Written as a
 * row value: SQLite seeks the index with it (EXPLAIN QUERY PLAN: SEARCH … ((at,id)>(?,?))),
 * while the same test spelled `at > ? or (at = ? and id > ?)` made it SCAN the index from the
 * start on every page — 50 pages of a 100k export read the index ~25 times over. PostgreSQL
 * seeks its btree with a row value too.
 */
function keysetPage<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, after: { at: string; id: string } | null, limit: number, atCol: string, idCol: string): Promise<O[]> {
  const from = after ? qb.where(sql<boolean>`(${sql.ref(atCol)}, ${sql.ref(idCol)}) > (${after.at}, ${after.id})`) : qb;
  return from.orderBy(sql.ref(atCol)).orderBy(sql.ref(idCol)).limit(limit).execute();
}

const checkinsByHour: Exporter = {
  name: 'checkins-by-hour',
  title: { ko: '입실 집계 (일자 × 구분 × 시간 × 데스크)', en: 'Check-ins: day × category × hour × station' },
  columns: [col('day', '일자', 'Day'), col('category', '구분', 'Category'), col('hour', '시간', 'Hour'), col('station', '데스크', 'Station'), col('count', '입실', 'Check-ins')],
  async *pages(q) {
    // Grouped by the UTC hour in SQL (an index-only prefix), turned into the venue's
    // hour here: whole-hour offsets map one UTC hour onto one local hour.
    const rows = await q.db
      .selectFrom('checkins as c')
      .innerJoin('visitors as v', 'v.code', 'c.visitor_code')
      .select(['c.day', 'v.category', 'c.station_name', sql<string>`substr(c.at, 1, 13)`.as('utc_hour'), sql<number>`count(*)`.as('n')])
      .groupBy(['c.day', 'v.category', 'c.station_name', sql`substr(c.at, 1, 13)`])
      .execute();
    const merged = new Map<string, Cell[]>();
    for (const r of rows) {
      const hour = `${partsIn(q.timeZone, `${r.utc_hour}:00:00Z`).hour}:00`;
      const key = [r.day, r.category, hour, r.station_name].join('\u0000');
      const cur = merged.get(key);
      if (cur) cur[4] = (cur[4] as number) + Number(r.n);
      else merged.set(key, [r.day, categoryKo(q, r.category), hour, r.station_name, Number(r.n)]);
    }
    yield* inPages([...merged.values()].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[2]).localeCompare(String(b[2])) || String(a[1]).localeCompare(String(b[1])) || String(a[3]).localeCompare(String(b[3]))));
  },
};

const checkinsDetail: Exporter = {
  name: 'checkins',
  title: { ko: '입실 명세', en: 'Check-ins (detail)' },
  columns: [
    col('at', '입실시각', 'Checked in at'), col('day', '일자', 'Day'), col('code', '등록번호', 'Registration no.'),
    col('name', '성명', 'Name', true), col('organisation', '소속기관', 'Organisation'), col('category', '구분', 'Category'),
    col('station', '데스크', 'Station'), col('method', '방법', 'Method'), col('reason', '사유', 'Reason'),
  ],
  pages(q) {
    return paged<{ at: string; id: string; day: string; visitor_code: string; name_ko: string; organisation: string | null; category: string; station_name: string; method: string; reason: string | null }>(
      (after, limit) =>
        keysetPage(
          q.db
            .selectFrom('checkins as c')
            .innerJoin('visitors as v', 'v.code', 'c.visitor_code')
            .select(['c.at', 'c.id', 'c.day', 'c.visitor_code', 'v.name_ko', 'v.organisation', 'v.category', 'c.station_name', 'c.method', 'c.reason']),
          after, limit, 'c.at', 'c.id',
        ),
      (r) => [localTime(r.at, q.timeZone), r.day, r.visitor_code, r.name_ko, r.organisation, categoryKo(q, r.category), r.station_name, r.method, r.reason],
    );
  },
};

/** The registration export's own headers (test/fixtures/registrations.csv): walk-ins go back into the organiser's system as they came. */
const WALK_IN_COLUMNS: ExportColumn[] = [
  { key: 'code', ko: '등록번호', en: 'Registration no.', header: '등록번호' },
  { key: 'nameKo', ko: '성명', en: 'Name', header: '성명', personal: true },
  { key: 'nameEn', ko: '영문성명', en: 'Name (English)', header: '영문성명', personal: true },
  { key: 'organisation', ko: '소속기관', en: 'Organisation', header: '소속기관' },
  { key: 'title', ko: '직위', en: 'Title', header: '직위' },
  { key: 'category', ko: '구분', en: 'Category', header: '구분' },
  { key: 'phone', ko: '휴대폰', en: 'Phone', header: '휴대폰', personal: true },
  { key: 'email', ko: '이메일', en: 'E-mail', header: '이메일', personal: true },
  { key: 'country', ko: '국가', en: 'Country', header: '국가' },
  { key: 'days', ko: '참가일자', en: 'Days', header: '참가일자' },
  { key: 'consent', ko: '개인정보동의', en: 'Consent', header: '개인정보동의' },
];

const walkIns: Exporter = {
  name: 'walk-ins',
  title: { ko: '현장 등록 (사전등록 양식)', en: 'Walk-ins (registration import layout)' },
  columns: WALK_IN_COLUMNS,
  pages(q) {
    return paged<{ code: string; name_ko: string; name_en: string | null; organisation: string | null; title: string | null; category: string; phone: string | null; email: string | null; country: string | null; registered_days: string; consent: number }>(
      (after, limit) => {
        let qb = q.db
          .selectFrom('visitors')
          .select(['code', 'name_ko', 'name_en', 'organisation', 'title', 'category', 'phone', 'email', 'country', 'registered_days', 'consent'])
          .where('walk_in', '=', 1);
        if (after) qb = qb.where('code', '>', after.code);
        return qb.orderBy('code').limit(limit).execute();
      },
      (r) => [r.code, r.name_ko, r.name_en, r.organisation, r.title, categoryKo(q, r.category), r.phone, r.email, r.country, r.registered_days, r.consent ? 'Y' : 'N'],
    );
  },
};

const attendance: Exporter = {
  name: 'attendance',
  title: { ko: '일자별 참관 현황', en: 'Attendance per day' },
  columns: [col('day', '일자', 'Day'), col('category', '구분', 'Category'), col('registered', '등록', 'Registered'), col('arrived', '입실', 'Arrived'), col('walkIns', '현장등록', 'Walk-ins'), col('rate', '입실률(%)', 'Arrival rate (%)')],
  async *pages(q) {
    const registered = await q.db
      .selectFrom('visitor_days as d')
      .innerJoin('visitors as v', 'v.code', 'd.visitor_code')
      .select(['d.day', 'v.category', sql<number>`count(*)`.as('n')])
      .groupBy(['d.day', 'v.category'])
      .execute();
    const arrived = await q.db
      .selectFrom('checkins as c')
      .innerJoin('visitors as v', 'v.code', 'c.visitor_code')
      .select(['c.day', 'v.category', sql<number>`count(*)`.as('n'), sql<number>`sum(v.walk_in)`.as('w')])
      .groupBy(['c.day', 'v.category'])
      .execute();
    const rows = new Map<string, { day: string; category: string; reg: number; arr: number; walk: number }>();
    const at = (day: string, category: string) => {
      const k = `${day}\u0000${category}`;
      let r = rows.get(k);
      if (!r) rows.set(k, (r = { day, category, reg: 0, arr: 0, walk: 0 }));
      return r;
    };
    for (const r of registered) at(r.day, r.category).reg = Number(r.n);
    for (const r of arrived) Object.assign(at(r.day, r.category), { arr: Number(r.n), walk: Number(r.w ?? 0) });
    const sorted = [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.category.localeCompare(b.category));
    yield* inPages(sorted.map((r) => [r.day, categoryKo(q, r.category), r.reg, r.arr, r.walk, r.reg ? Math.round((1000 * r.arr) / r.reg) / 10 : null]));
  },
};

const printLog: Exporter = {
  name: 'print-log',
  title: { ko: '출력 기록 (사유 포함)', en: 'Print log with reasons' },
  columns: [
    col('at', '요청시각', 'Requested at'), col('printedAt', '출력시각', 'Printed at'), col('kind', '종류', 'Kind'), col('code', '등록번호', 'Registration no.'),
    col('name', '성명', 'Name', true), col('printer', '프린터', 'Printer'), col('station', '데스크', 'Station'), col('reason', '재출력 사유', 'Reprint reason'),
    col('state', '상태', 'State'), col('attempts', '시도', 'Attempts'), col('error', '오류', 'Last error'),
  ],
  pages(q) {
    return paged<{ at: string; id: string; printed_at: string | null; kind: string; visitor_code: string | null; name_ko: string | null; printer_name: string; station_name: string; reason: string | null; state: string; attempts: number; last_error: string | null }>(
      (after, limit) =>
        keysetPage(
          q.db
            .selectFrom('print_jobs as j')
            .leftJoin('visitors as v', 'v.code', 'j.visitor_code')
            .select(['j.created_at as at', 'j.id', 'j.printed_at', 'j.kind', 'j.visitor_code', 'v.name_ko', 'j.printer_name', 'j.station_name', 'j.reason', 'j.state', 'j.attempts', 'j.last_error']),
          after, limit, 'j.created_at', 'j.id',
        ),
      (r) => [localTime(r.at, q.timeZone), localTime(r.printed_at, q.timeZone), r.kind, r.visitor_code, r.name_ko, r.printer_name, r.station_name, r.reason, r.state, r.attempts, r.last_error],
    );
  },
};

const stamps: Exporter = {
  name: 'stamps',
  title: { ko: '스탬프 기록', en: 'Stamps' },
  columns: [
    col('at', '시각', 'At'), col('day', '일자', 'Day'), col('point', '스탬프 지점', 'Point'), col('code', '등록번호', 'Registration no.'),
    col('name', '성명', 'Name', true), col('station', '스테이션', 'Station'), col('method', '방법', 'Method'),
  ],
  pages(q) {
    return paged<{ at: string; id: string; day: string; label_ko: string | null; visitor_code: string; name_ko: string | null; station_name: string; method: string }>(
      (after, limit) =>
        keysetPage(
          q.db
            .selectFrom('rally_stamps as s')
            .leftJoin('rally_points as p', 'p.id', 's.point_id')
            .leftJoin('visitors as v', 'v.code', 's.visitor_code')
            .select(['s.at', 's.id', 's.day', 'p.label_ko', 's.visitor_code', 'v.name_ko', 's.station_name', 's.method']),
          after, limit, 's.at', 's.id',
        ),
      (r) => [localTime(r.at, q.timeZone), r.day, r.label_ko, r.visitor_code, r.name_ko, r.station_name, r.method],
    );
  },
};

const redemptions: Exporter = {
  name: 'redemptions',
  title: { ko: '경품 지급 기록', en: 'Gift redemptions' },
  columns: [
    col('at', '지급시각', 'Handed out at'), col('day', '일자', 'Day'), col('gift', '경품', 'Gift'), col('code', '등록번호', 'Registration no.'),
    col('name', '성명', 'Name', true), col('station', '데스크', 'Station'), col('undoneAt', '취소시각', 'Undone at'), col('undoReason', '취소 사유', 'Undo reason'),
  ],
  pages(q) {
    return paged<{ at: string; id: string; day: string; label_ko: string | null; visitor_code: string; name_ko: string | null; station_name: string; undone_at: string | null; undo_reason: string | null }>(
      (after, limit) =>
        keysetPage(
          q.db
            .selectFrom('rally_redemptions as r')
            .leftJoin('rally_gifts as g', 'g.id', 'r.gift_id')
            .leftJoin('visitors as v', 'v.code', 'r.visitor_code')
            .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
            .select(['r.at', 'r.id', 'r.day', 'g.label_ko', 'r.visitor_code', 'v.name_ko', 'r.station_name', 'u.at as undone_at', 'u.reason as undo_reason']),
          after, limit, 'r.at', 'r.id',
        ),
      (r) => [localTime(r.at, q.timeZone), r.day, r.label_ko, r.visitor_code, r.name_ko, r.station_name, localTime(r.undone_at, q.timeZone), r.undo_reason],
    );
  },
};

const auditLog: Exporter = {
  name: 'audit-log',
  title: { ko: '감사 기록', en: 'Audit log' },
  columns: [col('at', '시각', 'At'), col('station', '스테이션', 'Station'), col('channel', '작업', 'Channel'), col('entity', '대상', 'Entity'), col('detail', '내용', 'Detail')],
  pages(q) {
    return paged<{ at: string; id: string; station_name: string | null; station_id: string; channel: string; entity_id: string | null; detail: string | null }>(
      (after, limit) =>
        keysetPage(
          q.db
            .selectFrom('audit_log as a')
            .leftJoin('stations as s', 's.id', 'a.station_id')
            .select(['a.at', 'a.id', 's.name as station_name', 'a.station_id', 'a.channel', 'a.entity_id', 'a.detail']),
          after, limit, 'a.at', 'a.id',
        ),
      (r) => [localTime(r.at, q.timeZone), r.station_name ?? r.station_id, r.channel, r.entity_id, r.detail],
    );
  },
};

export const BUILTIN_EXPORTERS: readonly Exporter[] = [checkinsByHour, checkinsDetail, walkIns, attendance, printLog, stamps, redemptions, auditLog];

export type { ExportQuery };
