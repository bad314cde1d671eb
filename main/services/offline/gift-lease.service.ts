/**
 * Gift desks without over-giving. While online, a gift desk holds a lease of stock
 * units per gift: moved from rally_gift_stock into offline_gift_leases in one venue
 * transaction, so the units a desk may hand out offline are already out of the shared
 * stock. Offline, the replica's rally_gift_stock row for the gift is the lease's
 * remainder, so the gift service (unchanged) refuses beyond it. A gift set "online
 * only" is never handed out offline.
 *
 * On replay each offline redemption converts one lease unit back into stock inside the
 * redemption's own transaction, just before the redemption takes it again: the unit
 * cannot be won by another desk in between. A redemption the database refuses (the
 * visitor already had it elsewhere) still used up its unit physically, so that unit
 * leaves the lease without returning to stock. Then the unused rest goes back to stock.
 * Either way stock + leases + given never exceeds what the organiser set.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { Clock } from '../../core/clock';
import type { StationIdentity } from '../../core/router';
import { todayIn } from '../system/event.service';
import { lockGiftForStock, readGifts, stockPeriodOf } from '../rally/rally-config.service';
import type { Replica } from './replica.service';

/** Units a gift desk holds per gift unless the gift's rule says otherwise. */
export const DEFAULT_LEASE_UNITS = 10;

type Db = Kysely<Database>;

export class GiftLeases {
  constructor(
    private readonly replica: Replica,
    private readonly station: StationIdentity,
  ) {}

  /**
   * Tops this desk's lease up to its size for each gift (gift desks only), and mirrors
   * the lease into the replica's stock rows. Runs while online with an empty outbox.
   */
  async renew(pg: Db, clock: Clock): Promise<void> {
    if (this.station.role !== 'gift') return;
    const today = await todayIn({ db: pg, clock });
    const now = clock.now().toISOString();
    const held = await pg.transaction().execute(async (trx) => {
      const gifts = await readGifts(trx);
      const rules = await trx.selectFrom('offline_gift_rules').selectAll().execute();
      const out: Array<{ gift_id: string; period: string; units: number }> = [];
      for (const g of gifts) {
        const rule = rules.find((r) => r.gift_id === g.id);
        const period = stockPeriodOf(g, today);
        // The gift's row lock before its pool row, in the order every stock change takes them.
        await lockGiftForStock(trx, g.id);
        const target = rule?.online_only ? 0 : (rule?.lease_units ?? DEFAULT_LEASE_UNITS);
        // The same pool row the gift service takes from (created at the gift's stock if missing).
        await trx.insertInto('rally_gift_stock').values({ gift_id: g.id, period, remaining: g.stock }).onConflict((oc) => oc.doNothing()).execute();
        const lease = await trx
          .selectFrom('offline_gift_leases')
          .select('units')
          .where('station_id', '=', this.station.id)
          .where('gift_id', '=', g.id)
          .where('period', '=', period)
          .forUpdate()
          .executeTakeFirst();
        const have = lease?.units ?? 0;
        let units = have;
        if (have < target) {
          // Lock the pool row and take what is there, up to the lease size.
          const pool = await trx.selectFrom('rally_gift_stock').select('remaining').where('gift_id', '=', g.id).where('period', '=', period).forUpdate().executeTakeFirstOrThrow();
          const take = Math.min(target - have, Math.max(0, pool.remaining));
          if (take > 0) {
            await trx.updateTable('rally_gift_stock').set({ remaining: sql<number>`remaining - ${take}` }).where('gift_id', '=', g.id).where('period', '=', period).execute();
            units = have + take;
          }
        } else if (have > target) {
          await trx.updateTable('rally_gift_stock').set({ remaining: sql<number>`remaining + ${have - target}` }).where('gift_id', '=', g.id).where('period', '=', period).execute();
          units = target;
        }
        if (units !== have || !lease) {
          await trx
            .insertInto('offline_gift_leases')
            .values({ station_id: this.station.id, gift_id: g.id, period, units, updated_at: now })
            .onConflict((oc) => oc.columns(['station_id', 'gift_id', 'period']).doUpdateSet({ units, updated_at: now }))
            .execute();
        }
        out.push({ gift_id: g.id, period, units });
      }
      return out;
    });
    await this.mirror(held);
  }

  /** The replica's stock rows = this desk's lease: offline, the gift service hands out only those. */
  private async mirror(held: Array<{ gift_id: string; period: string; units: number }>): Promise<void> {
    await this.replica.exclusive((raw) =>
      raw.transaction(() => {
        raw.prepare('DELETE FROM rally_gift_stock').run();
        const ins = raw.prepare('INSERT INTO rally_gift_stock (gift_id, period, remaining) VALUES (?, ?, ?)');
        for (const h of held) ins.run(h.gift_id, h.period, h.units);
      })(),
    );
  }

  /**
   * Online, the shared pool empty: one unit of THIS desk's own lease, for the redemption in
   * whose transaction it runs (the caller holds the gift's row lock, taken before any pool or
   * lease row, as every stock change takes them). Never another desk's lease: that desk may
   * be offline handing its lease out. The unit goes from leased to given, so stock + leases +
   * given is unchanged. Returns false when this desk holds none.
   */
  static async takeOwnUnit(trx: Db, stationId: string, giftId: string, period: string): Promise<boolean> {
    const took = await trx
      .updateTable('offline_gift_leases')
      .set({ units: sql<number>`units - 1` })
      .where('station_id', '=', stationId)
      .where('gift_id', '=', giftId)
      .where('period', '=', period)
      .where('units', '>', 0)
      .executeTakeFirst();
    return Number(took.numUpdatedRows) > 0;
  }

  /** A unit takeOwnUnit took that the redemption did not hand out goes back to the lease. */
  static async returnOwnUnit(trx: Db, stationId: string, giftId: string, period: string): Promise<void> {
    await trx.updateTable('offline_gift_leases').set({ units: sql<number>`units + 1` }).where('station_id', '=', stationId).where('gift_id', '=', giftId).where('period', '=', period).execute();
  }

  /** Units of a gift this desk holds in its lease for a pool (0 when none). */
  static async ownUnits(db: Db, stationId: string, giftId: string, period: string): Promise<number> {
    const r = await db.selectFrom('offline_gift_leases').select('units').where('station_id', '=', stationId).where('gift_id', '=', giftId).where('period', '=', period).executeTakeFirst();
    return r?.units ?? 0;
  }

  /**
   * Before an online redemption is sent: the replica's mirror of this desk's lease comes
   * down by one first. The redemption may take a lease unit (pool empty), and the link may
   * go right after its commit, before remirror() runs (or remirror's own read may fail with
   * it): lowering first means an offline spell then can only under-give by one, never hand
   * out the same unit twice. remirror(…, true) gives the unit back once the venue answered.
   */
  async reserveMirror(giftId: string): Promise<void> {
    if (this.station.role !== 'gift') return;
    await this.replica.exclusive((raw) => {
      raw.prepare('UPDATE rally_gift_stock SET remaining = MAX(0, remaining - 1) WHERE gift_id = ?').run(giftId);
    });
  }

  /** The venue answered db_unavailable ("nothing was written"): the reserved unit goes back as it was. */
  async releaseMirror(giftId: string): Promise<void> {
    if (this.station.role !== 'gift') return;
    await this.replica.exclusive((raw) => {
      raw.prepare('UPDATE rally_gift_stock SET remaining = remaining + 1 WHERE gift_id = ?').run(giftId);
    });
  }

  /**
   * After an online redemption committed (it may have used a lease unit): the replica's
   * stock row for the gift comes down to this desk's lease again (renew() mirrors it whole),
   * so an offline spell right after hands out only what is still leased. Only ever down
   * (MIN): a read overtaken by a renewal cannot raise the mirror above the lease.
   */
  async remirror(pg: Db, giftId: string, reserved = false): Promise<void> {
    if (this.station.role !== 'gift') return;
    const rows = await pg.selectFrom('offline_gift_leases').select(['period', 'units']).where('station_id', '=', this.station.id).where('gift_id', '=', giftId).execute();
    if (rows.length === 0) return;
    // The unit reserveMirror() took comes back, capped by the lease as the venue now has it:
    // a redemption that used a lease unit leaves the mirror one lower, one from the pool
    // (or a refusal) leaves it where it was.
    const back = reserved ? 1 : 0;
    await this.replica.exclusive((raw) => {
      const down = raw.prepare('UPDATE rally_gift_stock SET remaining = MIN(remaining + ?, ?) WHERE gift_id = ? AND period = ?');
      raw.transaction(() => {
        for (const r of rows) down.run(back, r.units, giftId, r.period);
      })();
    });
  }

  /** Before an offline redemption: a pool row must exist, or the service would start one at full stock. */
  static async guardOffline(trx: Kysely<Database>, giftId: string, clock: Clock): Promise<'ok' | 'online_only' | 'unknown'> {
    const gifts = await readGifts(trx);
    const g = gifts.find((x) => x.id === giftId);
    if (!g) return 'unknown';
    const rule = await trx.selectFrom('offline_gift_rules').select('online_only').where('gift_id', '=', giftId).executeTakeFirst();
    if (rule?.online_only) return 'online_only';
    await trx.insertInto('rally_gift_stock').values({ gift_id: g.id, period: stockPeriodOf(g, await todayIn({ db: trx, clock })), remaining: 0 }).onConflict((oc) => oc.doNothing()).execute();
    return 'ok';
  }

  /**
   * In a replayed redemption's transaction, before the gift service runs: one unit of
   * this desk's lease back into the pool (returns false if the lease has none left).
   */
  static async creditOne(trx: Db, stationId: string, giftId: string, clock: Clock): Promise<{ period: string } | null> {
    const gifts = await readGifts(trx);
    const g = gifts.find((x) => x.id === giftId);
    if (!g) return null;
    const period = stockPeriodOf(g, await todayIn({ db: trx as Kysely<Database>, clock }));
    if (!(await GiftLeases.takeOwnUnit(trx, stationId, giftId, period))) return null;
    await trx.updateTable('rally_gift_stock').set({ remaining: sql<number>`remaining + 1` }).where('gift_id', '=', giftId).where('period', '=', period).execute();
    return { period };
  }

  /** The credited unit was not handed out by the replay (refused): it is physically gone, take it back out. */
  static async uncredit(trx: Db, giftId: string, period: string): Promise<void> {
    await trx.updateTable('rally_gift_stock').set({ remaining: sql<number>`remaining - 1` }).where('gift_id', '=', giftId).where('period', '=', period).execute();
  }

  /** After a replay: this desk's unused lease units go back to the shared stock. */
  async giveBackUnused(pg: Db, clock: Clock): Promise<void> {
    const now = clock.now().toISOString();
    await pg.transaction().execute(async (trx) => {
      const leases = await trx.selectFrom('offline_gift_leases').selectAll().where('station_id', '=', this.station.id).orderBy('gift_id').forUpdate().execute();
      for (const l of leases) {
        if (l.units <= 0) continue;
        await lockGiftForStock(trx, l.gift_id);
        await trx.updateTable('rally_gift_stock').set({ remaining: sql<number>`remaining + ${l.units}` }).where('gift_id', '=', l.gift_id).where('period', '=', l.period).execute();
        await trx
          .updateTable('offline_gift_leases')
          .set({ units: 0, updated_at: now })
          .where('station_id', '=', l.station_id)
          .where('gift_id', '=', l.gift_id)
          .where('period', '=', l.period)
          .execute();
      }
    });
  }

  /**
   * After the gift setup is saved mid-day (in the save's transaction): leases are counted
   * again against the stock as saved. A lease kept under the old pool's key (the stock
   * scope changed: whole event ↔ per day) moves to today's pool; then, per gift, if
   * shelf + leases + given exceeds the stock (stock lowered, or pools rebuilt from "stock
   * − given" without the leased units), the excess comes off the shelf first, then off
   * the largest leases — so total stock is never exceeded, whatever the partition.
   */
  static async recount(trx: Db, today: string, dialect: 'sqlite' | 'postgres'): Promise<void> {
    // SQLite has one writer (the save's transaction holds it); PostgreSQL locks the rows a desk's renewal or replay would change.
    const pg = dialect === 'postgres';
    const leases = await trx.selectFrom('offline_gift_leases').selectAll().where('units', '>', 0).$if(pg, (q) => q.forUpdate()).execute();
    if (leases.length === 0) return;
    const gifts = await readGifts(trx);
    for (const g of gifts) {
      const mine = leases.filter((l) => l.gift_id === g.id);
      if (mine.length === 0) continue;
      const period = stockPeriodOf(g, today);
      const held = new Map<string, number>();
      for (const l of mine) held.set(l.station_id, (held.get(l.station_id) ?? 0) + l.units);
      const given = await trx
        .selectFrom('rally_redemptions as r')
        .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('r.gift_id', '=', g.id)
        .where('u.id', 'is', null)
        .$if(g.stockScope === 'day', (q) => q.where('r.day', '=', today))
        .executeTakeFirstOrThrow();
      await trx.insertInto('rally_gift_stock').values({ gift_id: g.id, period, remaining: Math.max(0, g.stock - Number(given.n)) }).onConflict((oc) => oc.doNothing()).execute();
      const pool = await trx.selectFrom('rally_gift_stock').select('remaining').where('gift_id', '=', g.id).where('period', '=', period).$if(pg, (q) => q.forUpdate()).executeTakeFirstOrThrow();
      let over = pool.remaining + [...held.values()].reduce((a, b) => a + b, 0) + Number(given.n) - g.stock;
      const shelfCut = Math.max(0, Math.min(over, pool.remaining));
      if (shelfCut > 0) await trx.updateTable('rally_gift_stock').set({ remaining: pool.remaining - shelfCut }).where('gift_id', '=', g.id).where('period', '=', period).execute();
      over -= shelfCut;
      for (const [station, units] of [...held].sort((a, b) => b[1] - a[1])) {
        const cut = Math.max(0, Math.min(over, units));
        over -= cut;
        held.set(station, units - cut);
      }
      const now = new Date().toISOString();
      await trx.deleteFrom('offline_gift_leases').where('gift_id', '=', g.id).where('units', '>', 0).execute();
      for (const [station, units] of held) {
        await trx
          .insertInto('offline_gift_leases')
          .values({ station_id: station, gift_id: g.id, period, units, updated_at: now })
          .onConflict((oc) => oc.columns(['station_id', 'gift_id', 'period']).doUpdateSet({ units, updated_at: now }))
          .execute();
      }
    }
  }
}
