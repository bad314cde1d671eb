/** Handlers of contract/privacy.channels.ts: closing the fair, per-person requests. */
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Handlers } from '../../core/router';
import { AppFailure, type PersonRecord } from '../../../contract/index';
import { getEvent, todayIn } from '../system/event.service';
import { normalizeScannedCode } from '../checkin/scan-code';
import { phoneDigits } from '../visitors/mask';
import { EXPORTERS } from '../reports/exporters';
import { runExport } from '../reports/export.service';
import { localTime } from '../reports/builtin.exporters';
import { eligibleFrom, readPrivacySettings, savePrivacySettings } from './privacy-settings.service';
import { isRunning, latestRun, purgeVisitors, startPurge } from './purge.service';

type PrivacyHandlers = Pick<Handlers, 'privacy.status' | 'privacy.settings.save' | 'privacy.bundle' | 'privacy.purge.start' | 'privacy.lookup' | 'privacy.erase'>;

const n = (v: unknown) => Number(v ?? 0);

export const privacyHandlers: PrivacyHandlers = {
  'privacy.status': async (ctx) => {
    const [settings, event, counts, run] = await Promise.all([
      readPrivacySettings(ctx.db),
      getEvent(ctx.db),
      ctx.db
        .selectFrom('visitors')
        .select([sql<number>`count(*)`.as('all'), sql<number>`count(purged_at)`.as('purged'), sql<number>`sum(case when consent = 0 then 1 else 0 end)`.as('no_consent')])
        .executeTakeFirstOrThrow(),
      latestRun(ctx.db),
    ]);
    // A run this process is not driving any more (the station restarted mid-run) shows as interrupted.
    const shown = run && run.state === 'running' && !isRunning(ctx.db) ? { ...run, state: 'failed' as const, error: run.error ?? 'interrupted' } : run;
    return { settings, today: (await todayIn(ctx)), eligibleFrom: eligibleFrom(event.days, settings.retentionDays), visitors: n(counts.all), purged: n(counts.purged), noConsent: n(counts.no_consent), run: shown };
  },
  'privacy.settings.save': async (ctx, input) => {
    ctx.audit('privacy', input);
    return savePrivacySettings(ctx.db, input, ctx.clock.now().toISOString());
  },
  'privacy.bundle': async (ctx) => {
    const stamp = localTime(ctx.clock.now().toISOString(), (await getEvent(ctx.db)).timeZone)!.replace(/[-:]/g, '').replace(' ', '-');
    const folder = path.join(ctx.runtime.reports.folder(), `bundle-${stamp}`);
    fs.mkdirSync(folder, { recursive: true });
    const files = [];
    for (const e of EXPORTERS) {
      const fileName = `${e.name}.xlsx`;
      const r = await runExport({ db: ctx.db, stationId: ctx.station.id, role: ctx.station.role, now: () => ctx.clock.now(), runtime: ctx.runtime }, { name: e.name, format: 'xlsx', personal: true, out: path.join(folder, fileName) });
      files.push({ name: e.name, fileName, rows: r.rows });
    }
    return { folder, files };
  },
  'privacy.purge.start': async (ctx, input) => {
    const [settings, event] = await Promise.all([readPrivacySettings(ctx.db), getEvent(ctx.db)]);
    const from = eligibleFrom(event.days, settings.retentionDays);
    if ((await todayIn(ctx)) < from) return { status: 'not_yet' as const, eligibleFrom: from };
    const r = await startPurge({ db: ctx.db, kind: ctx.runtime.dbKind, stationId: ctx.station.id, now: () => ctx.clock.now(), log: ctx.log }, input.mode);
    if (!r) return { status: 'nothing_to_do' as const };
    if ('already' in r) return { status: 'already_running' as const, run: r.already };
    return { status: 'started' as const, run: r.run };
  },
  'privacy.lookup': async (ctx, input) => {
    const q = input.q.trim();
    let base = ctx.db.selectFrom('visitors').select(['code', 'name_ko', 'phone', 'email', 'organisation', 'consent', 'purged_at']);
    const digits = phoneDigits(q);
    const byPhone = !q.includes('@') && /^[0-9+\-() ]+$/.test(q) && digits.length >= 8;
    if (q.includes('@')) base = base.where(sql<boolean>`lower(email) = ${q.toLowerCase()}`);
    else if (byPhone) base = base.where('phone_last4', '=', digits.slice(-4));
    else base = base.where('code', '=', normalizeScannedCode(q) ?? q.toUpperCase());
    // phone_last4 narrows; the whole number decides.
    const rows = (await base.limit(50).execute()).filter((r) => !byPhone || phoneDigits(r.phone) === digits);
    const out: PersonRecord[] = [];
    for (const r of rows) {
      const c = (table: 'checkins' | 'rally_stamps' | 'rally_redemptions' | 'print_jobs') =>
        ctx.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).where('visitor_code', '=', r.code).executeTakeFirstOrThrow().then((x) => n(x.n));
      const [checkins, stamps, redemptions, prints, audit] = await Promise.all([
        c('checkins'), c('rally_stamps'), c('rally_redemptions'), c('print_jobs'),
        ctx.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('entity_id', '=', r.code).executeTakeFirstOrThrow().then((x) => n(x.n)),
      ]);
      out.push({ code: r.code, nameKo: r.name_ko, phone: r.phone, email: r.email, organisation: r.organisation, consent: r.consent === 1, purged: r.purged_at !== null, facts: { checkins, stamps, redemptions, prints, audit } });
    }
    return out;
  },
  'privacy.erase': async (ctx, input) => {
    const code = normalizeScannedCode(input.code) ?? input.code.toUpperCase();
    const exists = await ctx.db.selectFrom('visitors').select(['code', 'purged_at']).where('code', '=', code).executeTakeFirst();
    if (!exists) throw new AppFailure('not_found', 'no visitor with this code');
    // Never the reason text in the audit row: a request can name the person.
    ctx.audit(code, { erase: 'request' });
    if (exists.purged_at) return { status: 'already_erased' as const, code };
    await purgeVisitors(ctx.db, [code], 'delete', ctx.clock.now().toISOString());
    return { status: 'erased' as const, code };
  },
};
