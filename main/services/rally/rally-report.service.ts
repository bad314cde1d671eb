/**
 * Rally figures for the console and the CSV export: stamps per point per hour,
 * redemptions (not undone) per gift per day, and stock per pool — where
 * stock − redeemed = remaining must add up.
 */
import { neutraliseCell } from '../reports/neutralise';
import type { Kysely } from 'kysely';
import type { RallyReport } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { readGifts, stockPeriodOf } from './rally-config.service';

type Db = Kysely<Database>;

export async function rallyReport(db: Db): Promise<RallyReport> {
  const stamps = await db
    .selectFrom('rally_stamps')
    .select(['point_id', 'hour', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy(['point_id', 'hour'])
    .orderBy('hour')
    .orderBy('point_id')
    .execute();
  const active = db
    .selectFrom('rally_redemptions as r')
    .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
    .where('u.id', 'is', null);
  const byDay = await active
    .select(['r.gift_id', 'r.day', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy(['r.gift_id', 'r.day'])
    .orderBy('r.day')
    .orderBy('r.gift_id')
    .execute();
  const pools = await db.selectFrom('rally_gift_stock').selectAll().orderBy('period').execute();
  const gifts = await readGifts(db);

  const stock: RallyReport['stock'] = [];
  for (const g of gifts) {
    const mine = pools.filter((p) => p.gift_id === g.id);
    // An event-wide pool nobody has drawn from yet is still worth a line: full stock.
    if (mine.length === 0 && g.stockScope === 'event') mine.push({ gift_id: g.id, period: '*', remaining: g.stock });
    for (const p of mine) {
      // Counted by the gift's current scope (its pools are rebuilt when the scope changes).
      const redeemed = byDay.filter((b) => b.gift_id === g.id && stockPeriodOf(g, b.day) === p.period).reduce((a, b) => a + Number(b.n), 0);
      stock.push({ giftId: g.id, period: p.period, stock: g.stock, redeemed, remaining: p.remaining });
    }
  }
  return {
    stampsByPointHour: stamps.map((s) => ({ pointId: s.point_id, hour: s.hour, n: Number(s.n) })),
    redemptionsByGiftDay: byDay.map((r) => ({ giftId: r.gift_id, day: r.day, n: Number(r.n) })),
    stock,
  };
}

function csvCell(v: string | number): string {
  // Quote what would break a row; formulas are neutralised by the one rule in reports/neutralise.ts
  // (a number stays a number: -5 is data, not a formula).
  const safe = String(neutraliseCell(v));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export type ReportTable = 'stamps' | 'redemptions' | 'stock';

export async function rallyReportCsv(db: Db, table: ReportTable, today: string): Promise<{ fileName: string; csv: string }> {
  const rep = await rallyReport(db);
  const [points, gifts] = await Promise.all([db.selectFrom('rally_points').select(['id', 'label_ko', 'label_en']).execute(), readGifts(db)]);
  const pointLabel = (id: string) => points.find((p) => p.id === id)?.label_ko ?? id;
  const giftLabel = (id: string) => gifts.find((g) => g.id === id)?.labelKo ?? id;
  const fileName = `rally-${table}-${today}.csv`;
  switch (table) {
    case 'stamps':
      return {
        fileName,
        csv: toCsv(
          ['포인트 ID (point)', '포인트 (label)', '시간 (hour)', '스탬프 수 (stamps)'],
          rep.stampsByPointHour.map((r) => [r.pointId, pointLabel(r.pointId), `${r.hour}:00`, r.n]),
        ),
      };
    case 'redemptions':
      return {
        fileName,
        csv: toCsv(
          ['경품 ID (gift)', '경품 (label)', '일자 (day)', '지급 수 (redeemed)'],
          rep.redemptionsByGiftDay.map((r) => [r.giftId, giftLabel(r.giftId), r.day, r.n]),
        ),
      };
    case 'stock':
      return {
        fileName,
        csv: toCsv(
          ['경품 ID (gift)', '경품 (label)', '기간 (period)', '재고 (stock)', '지급 (redeemed)', '남음 (remaining)'],
          rep.stock.map((r) => [r.giftId, giftLabel(r.giftId), r.period === '*' ? '행사 전체 (event)' : r.period, r.stock, r.redeemed, r.remaining]),
        ),
      };
  }
}
