/**
 * The organiser's live picture in one read: arrivals, registrations and stamps from the
 * running counts of migration 0025, the rest from small indexed reads (tallies per
 * station, the last 15 minutes, today's redemptions), so the snapshot costs the same at
 * 15:00 on day two as at opening. No names,
 * phones or e-mails: a board screen in the ops room may show all of it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { DashboardSnapshot, OpenAlert } from '../../../contract/index';
import { getEvent } from '../system/event.service';
import { listStations } from '../system/station.service';
import { isoDayIn, parseInstant } from '../../core/clock';
import { countsOf, isFull, sessionsOfDay, type LoadedSession } from '../sessions/sessions.service';
import { openAlerts } from '../kiosk/kiosk-alerts.service';

const n = (v: unknown) => Number(v ?? 0);
const MIN = 60_000;

export interface SnapshotDeps {
  db: Kysely<Database>;
  now: Date;
  /** This station's view of its printers (online/offline), when it drives them. */
  printerOnline?: (printerId: string) => boolean | null;
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
function localDayHour(utcHour: string, tz: string): { day: string; hour: string } {
  let f = hourFormats.get(tz);
  if (!f) hourFormats.set(tz, (f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })));
  const p = Object.fromEntries(f.formatToParts(new Date(`${utcHour}:00:00Z`)).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: p.hour! };
}

/** Today's open alerts (kiosk and printer), for a console that opens after they were raised. */
export async function openAlertsToday(db: Kysely<Database>, now: Date): Promise<OpenAlert[]> {
  const { timeZone } = await getEvent(db);
  return openAlerts(db, parseInstant(`${isoDayIn(timeZone, now)}T00:00`).toISOString());
}

export async function dashboardSnapshot({ db, now, printerOnline }: SnapshotDeps): Promise<DashboardSnapshot> {
  const event = await getEvent(db);
  const tz = event.timeZone;
  const today = isoDayIn(tz, now);
  const nowIso = now.toISOString();
  const since15 = new Date(now.getTime() - 15 * MIN).toISOString();
  const since60 = new Date(now.getTime() - 60 * MIN).toISOString();
  // Midnight at the venue, as a UTC instant (parseInstant reads a time without offset as the venue's).
  const dayStart = parseInstant(`${today}T00:00`).toISOString();

  const [byHour, tallies, stations, registered, arrived, methods, recent, printers, jobs, gifts, stock, burn, stamps, points, meetings, rooms, alerts] = await Promise.all([
    // The running counts of migration 0025 (kept by the facts' own transactions): a few
    // hundred rows a day whatever the fair's size, so the refresh costs the same at 15:00
    // on day two as at opening. Category '' holds facts whose visitor row is missing —
    // the inner join the counts stand for leaves those out.
    db.selectFrom('dashboard_checkins').select(['hour as h', sql<number>`sum(n)`.as('n')]).groupBy('hour').execute(),
    db.selectFrom('dashboard_checkins').select(['station_id', sql<number>`sum(n)`.as('n')]).where('day', '=', today).groupBy('station_id').execute(),
    listStations(db, now),
    db.selectFrom('dashboard_registered').select(['category', 'n']).where('day', '=', today).where('category', '<>', '').where('n', '>', 0).execute(),
    db.selectFrom('dashboard_checkins').select(['category', sql<number>`sum(n)`.as('n')]).where('day', '=', today).where('category', '<>', '').groupBy('category').having(sql`sum(n)`, '>', 0).execute(),
    db.selectFrom('dashboard_checkins').select(['method', sql<number>`sum(n)`.as('n')]).where('day', '=', today).groupBy('method').having(sql`sum(n)`, '>', 0).execute(),
    db.selectFrom('checkins').select(['method', sql<number>`count(*)`.as('n')]).where('at', '>=', since15).where('at', '<=', nowIso).groupBy('method').execute(),
    db.selectFrom('printers').select(['id', 'name', 'enabled']).orderBy('name').execute(),
    db
      .selectFrom('print_jobs')
      .select(['printer_id', sql<number>`sum(case when state in ('queued', 'printing') then 1 else 0 end)`.as('queued'), sql<number>`sum(case when state = 'failed' then 1 else 0 end)`.as('failed'), sql<number>`sum(case when state = 'printed' and printed_at >= ${dayStart} then 1 else 0 end)`.as('printed')])
      .where('kind', '=', 'badge')
      .groupBy('printer_id')
      .execute(),
    db.selectFrom('rally_gifts').select(['id', 'label_ko', 'label_en', 'stock', 'stock_scope']).where('active', '=', 1).orderBy('sort').execute(),
    db.selectFrom('rally_gift_stock').select(['gift_id', 'period', 'remaining']).where('period', 'in', ['*', today]).execute(),
    // Handed out in the last hour and not undone: the burn rate of the forecast.
    db
      .selectFrom('rally_redemptions as r')
      .leftJoin('rally_redemption_undos as u', 'u.redemption_id', 'r.id')
      .select(['r.gift_id', sql<number>`count(*)`.as('n')])
      .where('r.day', '=', today)
      .where('r.at', '>=', since60)
      .where('u.id', 'is', null)
      .groupBy('r.gift_id')
      .execute(),
    db.selectFrom('dashboard_stamps').select(['point_id', 'n']).where('day', '=', today).execute(),
    db.selectFrom('rally_points').select(['id', 'label_ko', 'label_en', 'kind']).orderBy('sort').execute(),
    db
      .selectFrom('programme_items as m')
      .leftJoin('meeting_events as e', 'e.meeting_id', 'm.id')
      .select([
        'm.id',
        'm.starts_at',
        sql<number>`sum(case when e.type = 'started' then 1 else 0 end)`.as('started'),
        sql<number>`sum(case when e.type = 'ended' then 1 else 0 end)`.as('ended'),
        sql<number>`sum(case when e.type = 'no_show' then 1 else 0 end)`.as('no_show'),
        sql<number>`sum(case when e.type = 'cancelled' then 1 else 0 end)`.as('cancelled'),
        sql<number>`sum(case when e.type = 'reopened' then 1 else 0 end)`.as('reopened'),
      ])
      .where('m.day', '=', today)
      .where('m.kind', 'in', ['consultation', 'video_consultation'])
      .groupBy(['m.id', 'm.starts_at'])
      .execute(),
    roomsNow(db, today, now.getTime()),
    openAlerts(db, dayStart),
  ]);

  const hours = new Map<string, { day: string; hour: string; n: number }>();
  for (const r of byHour) {
    if (n(r.n) === 0) continue;
    const lh = localDayHour(r.h, tz);
    const k = `${lh.day} ${lh.hour}`;
    const cur = hours.get(k);
    if (cur) cur.n += n(r.n);
    else hours.set(k, { ...lh, n: n(r.n) });
  }
  const names = new Map(stations.map((s) => [s.id, s.name]));
  const cats = new Map<string, { category: string; registered: number; arrived: number }>();
  const cat = (c: string) => cats.get(c) ?? cats.set(c, { category: c, registered: 0, arrived: 0 }).get(c)!;
  for (const r of registered) cat(r.category).registered = n(r.n);
  for (const r of arrived) cat(r.category).arrived = n(r.n);
  const last15 = new Map(recent.map((r) => [r.method, n(r.n)]));
  const jobBy = new Map(jobs.map((j) => [j.printer_id, j]));
  const burnBy = new Map(burn.map((b) => [b.gift_id, n(b.n)]));
  const stampBy = new Map(stamps.map((s) => [s.point_id, n(s.n)]));

  let running = 0, late = 0, noShow = 0, done = 0;
  for (const m of meetings) {
    if (n(m.no_show) > n(m.reopened)) noShow++;
    else if (n(m.ended) > 0) done++;
    else if (n(m.started) > 0) running++;
    else if (n(m.cancelled) === 0 && m.starts_at < nowIso) late++;
  }

  return {
    now: nowIso,
    today,
    days: event.days,
    arrivalsByHour: [...hours.values()].sort((a, b) => a.day.localeCompare(b.day) || a.hour.localeCompare(b.hour)),
    arrivalsByStation: tallies.map((t) => ({ stationId: t.station_id, name: names.get(t.station_id) ?? t.station_id.slice(0, 8), n: n(t.n) })).sort((a, b) => b.n - a.n),
    categories: [...cats.values()].sort((a, b) => b.registered - a.registered),
    throughput: methods.map((m) => ({ method: m.method, today: n(m.n), last15: last15.get(m.method) ?? 0 })).sort((a, b) => b.today - a.today),
    printers: printers.map((p) => {
      const j = jobBy.get(p.id);
      return { id: p.id, name: p.name, enabled: p.enabled === 1, online: printerOnline?.(p.id) ?? null, queued: n(j?.queued), failed: n(j?.failed), printedToday: n(j?.printed) };
    }),
    gifts: gifts.map((g) => {
      const period = g.stock_scope === 'day' ? today : '*';
      const remaining = n(stock.find((s) => s.gift_id === g.id && s.period === period)?.remaining ?? g.stock);
      const lastHour = burnBy.get(g.id) ?? 0;
      // At the last hour's pace; no pace, no forecast.
      const emptyAt = lastHour > 0 && remaining > 0 ? new Date(now.getTime() + (remaining / lastHour) * 60 * MIN).toISOString() : null;
      return { id: g.id, labelKo: g.label_ko, labelEn: g.label_en, remaining, lastHour, emptyAt };
    }),
    stamps: points.map((p) => ({ pointId: p.id, labelKo: p.label_ko, labelEn: p.label_en, n: stampBy.get(p.id) ?? 0 })),
    consultations: { total: meetings.length, running, late, noShow, done },
    stations: stations.map((s) => ({ id: s.id, name: s.name, role: s.role, online: s.online, lastSeenAt: s.lastSeenAt })),
    rooms,
    alerts,
  };
}

/**
 * Per room, what the door is counting: the session running now (several if a room runs
 * two at once), or else the room's next session today. A cancelled session counts no one.
 * The counts are the door's running tallies (session_tallies), one indexed row each.
 */
async function roomsNow(db: Kysely<Database>, today: string, nowMs: number): Promise<DashboardSnapshot['rooms']> {
  const list = (await sessionsOfDay(db, today)).filter((s) => !s.schedule.cancelled && Date.parse(s.schedule.end) > nowMs);
  const byRoom = new Map<string, { s: LoadedSession; state: 'running' | 'next' }[]>();
  for (const s of list) {
    const state = Date.parse(s.schedule.start) <= nowMs ? 'running' : 'next';
    const cur = byRoom.get(s.schedule.room) ?? [];
    // Keep every running session; a "next" only while the room has nothing running or coming sooner.
    if (state === 'running') byRoom.set(s.schedule.room, [...cur.filter((x) => x.state === 'running'), { s, state }]);
    else if (cur.length === 0) byRoom.set(s.schedule.room, [{ s, state }]);
  }
  const picked = [...byRoom.values()].flat();
  const counts = await countsOf(db, picked.map((p) => p.s.row.id));
  return picked
    .map(({ s, state }) => {
      const c = counts.get(s.row.id)!;
      return { sessionId: s.row.id, title: s.row.title, room: s.schedule.room, start: s.schedule.start, end: s.schedule.end, state, inside: c.occupancy, admitted: c.admitted, capacity: s.details.capacity, full: isFull(s.details, c.occupancy) };
    })
    // Rooms in use first (what the ops room watches), then the coming ones by time.
    .sort((a, b) => (a.state === b.state ? 0 : a.state === 'running' ? -1 : 1) || a.start.localeCompare(b.start) || a.room.localeCompare(b.room));
}
