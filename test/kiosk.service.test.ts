import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { IdentifyOutcome, PushEvent } from '../contract/index';
import type { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import { startVirtualPrinter } from '../main/printing/virtual-printer';
import { IDENTIFY_LIMITS, IDENTIFY_MAX_MISSES, KioskRuntime } from '../main/services/kiosk/kiosk-runtime';
import { updateKioskSettings } from '../main/services/kiosk/kiosk-settings.service';
import { MAX_FAILURES } from '../main/services/kiosk/kiosk-staff.service';
import { testDatabases } from './helpers/databases';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { until } from './helpers/until';
import { qrOf } from './helpers/printed';

type S = Station & { clock: FakeClock; dataDir: string };

function found(r: IdentifyOutcome): Extract<IdentifyOutcome, { status: 'found' }> {
  assert.equal(r.status, 'found', JSON.stringify(r));
  return r as Extract<IdentifyOutcome, { status: 'found' }>;
}

for (const tdb of testDatabases()) {
  describe(`kiosk services (${tdb.name})`, () => {
    let s: S;
    const events: PushEvent[] = [];
    let n = 0;
    const nonce = () => `kiosk-nonce-${++n}`;
    // Each scenario gets a fresh rate-limit window (the limiter is per kiosk, per minute).
    const nextMinute = () => s.clock.advance(61_000);

    before(async () => {
      const dir = tempDir();
      s = await testStation({ role: 'kiosk', name: 'Kiosk 1', dataDir: dir, db: await tdb.target(dir) });
      s.bus.subscribe((ev) => events.push(ev));
      await seed(s, [
        visitor({ code: 'PPS22-100001', nameKo: '김은희', organisation: '한국도로공사', phone: '010-5025-2066', email: 'user1@example.co.kr' }),
        visitor({ code: 'PPS22-100002', nameKo: '배정호', phone: '010-9320-9005', registeredDays: ['2022-04-14'] }),
        visitor({ code: 'PPS22-100003', nameKo: '김민수', phone: '010-1111-7777' }),
        visitor({ code: 'PPS22-100004', nameKo: '강다은', phone: '010-2222-7777' }),
        visitor({ code: 'PPS22-100005', nameKo: 'Piotr Kowalski', nameEn: 'Piotr Kowalski', phone: '+45 188133767' }),
        visitor({ code: 'PPS22-100006', nameKo: '이서훈', phone: '010-3333-4444' }),
        visitor({ code: 'PPS22-100007', nameKo: '류승연', phone: '010-4444-5555' }),
        visitor({ code: 'PPS22-100008', nameKo: '정하윤', phone: '010-5555-6666' }),
        visitor({ code: 'PPS22-100009', nameKo: '오세린', phone: '010-6666-7777' }),
        visitor({ code: 'PPS22-100010', nameKo: '한지우', phone: '010-7777-8888' }),
        visitor({ code: 'PPS22-100011', nameKo: '문채원', phone: '010-8888-9999' }),
      ]);
    });
    after(() => s.close());

    test('a scanned code finds one visitor, masked, behind a ticket — never the code', async () => {
      const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'pps22-100001' })));
      assert.equal(r.state, 'ready');
      assert.equal(r.visitor.nameKo, '김은희');
      assert.equal(r.visitor.phoneMasked, '010-****-2066');
      assert.equal(r.visitor.emailMasked, 'us***@example.co.kr');
      const text = JSON.stringify(r);
      assert.ok(!text.includes('PPS22-100001') && !text.includes('5025'), 'no code or full phone leaves the kiosk channel');
    });

    test('a URL or garbage is unreadable; another fair’s badge is an unknown code', async () => {
      nextMinute();
      for (const code of ['https://other-fair.example/t/123', '☃☃☃', "' OR 1=1 --"]) {
        assert.equal(must(await s.invoke('kiosk.identify', { by: 'code', code })).status, 'unreadable', code);
      }
      assert.equal(must(await s.invoke('kiosk.identify', { by: 'code', code: 'KOFAIR23-000123' })).status, 'unknown_code');
      const huge = await s.invoke('kiosk.identify', { by: 'code', code: 'x'.repeat(10_000) });
      assert.equal(huge.ok, false);
    });

    test('phone last 4 + initial: exactly one match, or nothing', async () => {
      nextMinute();
      assert.equal(found(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '2066', initial: 'ㄱ' }))).visitor.nameKo, '김은희');
      // A typed syllable counts by its 초성; a Latin name by its first letter, any case.
      assert.equal(found(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '2066', initial: '김' }))).visitor.nameKo, '김은희');
      assert.equal(found(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '3767', initial: 'p' }))).visitor.nameEn, 'Piotr Kowalski');
      assert.equal(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '2066', initial: 'ㅂ' })).status, 'not_found');
      nextMinute();
      // 김민수 and 강다은 share 7777 and ㄱ: never guess. The kiosk asks for more first (no
      // alert yet); when even the organisation leaves several, staff are told what happened.
      const before = events.length;
      assert.equal(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '7777', initial: 'ㄱ' })).status, 'ambiguous');
      assert.ok(!events.slice(before).some((e) => e.type === 'kiosk.alert'));
      // The surname itself (김, not only ㄱ) already tells them apart.
      assert.equal(found(must(await s.invoke('kiosk.identify', { by: 'phone', last4: '7777', initial: '김' }))).visitor.nameKo, '김민수');
    });

    test('misses are rate-limited per kiosk, and the limit lifts after a minute', async () => {
      nextMinute();
      for (let i = 0; i < IDENTIFY_MAX_MISSES; i++) {
        assert.equal(must(await s.invoke('kiosk.identify', { by: 'phone', last4: String(1000 + i), initial: 'ㄱ' })).status, 'not_found');
      }
      const limited = must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100001' }));
      assert.equal(limited.status, 'rate_limited');
      if (limited.status === 'rate_limited') assert.ok(limited.retryInSeconds > 0 && limited.retryInSeconds <= 60);
      nextMinute();
      found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100001' })));
    });

    test('confirm pressed five times with one nonce: one check-in; a second nonce says already checked in', async () => {
      nextMinute();
      const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100006' })));
      const k = nonce();
      const results = await Promise.all(Array.from({ length: 5 }, () => s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: k })));
      for (const x of results) assert.equal(must(x).status, 'checked_in');
      const rows = await s.handle.db.selectFrom('checkins').selectAll().where('visitor_code', '=', 'PPS22-100006').execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.method, 'kiosk');
      assert.equal(rows[0]!.station_name, 'Kiosk 1');
      const again = must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: nonce() }));
      assert.equal(again.status, 'already_checked_in');
      // Identify now says "welcome back" with the first time.
      const back = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100006' })));
      assert.equal(back.state, 'already_checked_in');
      assert.equal(back.firstAt, rows[0]!.at);
    });

    test('no printer: the visitor is checked in and staff are alerted', async () => {
      nextMinute();
      const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100003' })));
      const before = events.length;
      const c = must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: nonce() }));
      assert.equal(c.status, 'checked_in');
      if (c.status === 'checked_in') assert.notEqual(c.print.status, 'queued');
      const alert = events.slice(before).find((e) => e.type === 'kiosk.alert');
      assert.ok(alert && alert.type === 'kiosk.alert' && alert.reason === 'print_failed');
      assert.ok(!JSON.stringify(alert).includes('김민수'), 'alerts carry no visitor data');
    });

    test('not registered for today: sent to staff, nothing written', async () => {
      nextMinute();
      const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100002' })));
      assert.equal(r.state, 'not_registered_today');
      assert.equal(must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: nonce() })).status, 'not_registered_today');
      assert.equal((await s.handle.db.selectFrom('checkins').selectAll().where('visitor_code', '=', 'PPS22-100002').execute()).length, 0);
    });

    test('a ticket expires, and a made-up ticket never works', async () => {
      nextMinute();
      const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100004' })));
      s.clock.advance(6 * 60_000);
      assert.equal(must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: nonce() })).status, 'expired');
      assert.equal(must(await s.invoke('kiosk.confirm', { ticket: 'A'.repeat(24), nonce: nonce() })).status, 'expired');
    });

    test('walk-in: only the categories kiosks allow; a retry registers once', async () => {
      await updateKioskSettings(s.handle.db, { walkInCategories: ['visitor', 'foreign_buyer'] }, s.clock.now().toISOString());
      const base = { nameKo: '홍길동', organisation: '엘지전자', phone: '010-5555-6666', consent: true as const };
      const vip = await s.invoke('kiosk.walkIn', { ...base, nonce: nonce(), category: 'vip' });
      assert.equal(vip.ok, false);
      assert.equal((await s.handle.db.selectFrom('visitors').select('code').where('name_ko', '=', '홍길동').execute()).length, 0);
      const k = nonce();
      const a = must(await s.invoke('kiosk.walkIn', { ...base, nonce: k, category: 'foreign_buyer' }));
      const b = must(await s.invoke('kiosk.walkIn', { ...base, nonce: k, category: 'foreign_buyer' }));
      assert.deepEqual(a.visitor, b.visitor);
      assert.equal(a.visitor.phoneMasked, '010-****-6666');
      const rows = await s.handle.db.selectFrom('visitors').selectAll().where('name_ko', '=', '홍길동').execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.walk_in, 1);
      const ci = await s.handle.db.selectFrom('checkins').selectAll().where('visitor_code', '=', rows[0]!.code).execute();
      assert.deepEqual(ci.map((c) => c.method), ['kiosk']);
      assert.equal((await s.invoke('kiosk.walkIn', { ...base, nonce: nonce(), category: 'visitor', consent: false })).ok, false, 'no consent, no registration');
    });

    test('a kiosk cannot reach staff or admin channels', async () => {
      for (const [ch, input] of [['visitors.search', { q: '김' }], ['visitors.get', { code: 'PPS22-100001' }], ['kiosk.settings.update', { pin: '1234' }], ['checkin.scan', { code: 'PPS22-100001', nonce: nonce() }]] as const) {
        const r = await s.router.call(s.caller, ch, input);
        assert.equal(r.ok, false, ch);
        if (!r.ok) assert.equal(r.error.code, 'forbidden', ch);
      }
    });

    test('staff PIN: none set, then wrong PINs lock out, doubling, audited; the PIN is stored hashed', async () => {
      assert.equal(must(await s.invoke('kiosk.staffUnlock', { pin: '0000' })).status, 'no_pin');
      await updateKioskSettings(s.handle.db, { pin: '2468' }, s.clock.now().toISOString());
      const stored = await s.handle.db.selectFrom('kiosk_settings').select('pin_hash').executeTakeFirstOrThrow();
      assert.match(stored.pin_hash!, /^scrypt\$/);
      assert.ok(!stored.pin_hash!.includes('2468'));
      assert.equal(must(await s.invoke('kiosk.config', {})).pinSet, true);

      for (let i = 1; i < MAX_FAILURES; i++) {
        const r = must(await s.invoke('kiosk.staffUnlock', { pin: '1111' }));
        assert.deepEqual(r, { status: 'wrong_pin', attemptsLeft: MAX_FAILURES - i });
      }
      assert.deepEqual(must(await s.invoke('kiosk.staffUnlock', { pin: '1111' })), { status: 'locked', retryInSeconds: 30 });
      // While locked even the right PIN is refused.
      assert.equal(must(await s.invoke('kiosk.staffUnlock', { pin: '2468' })).status, 'locked');
      s.clock.advance(31_000);
      for (let i = 1; i < MAX_FAILURES; i++) must(await s.invoke('kiosk.staffUnlock', { pin: '9999' }));
      assert.deepEqual(must(await s.invoke('kiosk.staffUnlock', { pin: '9999' })), { status: 'locked', retryInSeconds: 60 }, 'the second lockout is twice as long');
      s.clock.advance(61_000);
      const ok = must(await s.invoke('kiosk.staffUnlock', { pin: '2468' }));
      assert.equal(ok.status, 'unlocked');
      const audit = await s.handle.db.selectFrom('audit_log').select(['detail']).where('channel', '=', 'kiosk.staffUnlock').execute();
      const results = audit.map((a) => JSON.parse(a.detail ?? '{}').result);
      assert.equal(results.filter((x) => x === 'locked_out').length, 2);
      assert.ok(results.includes('unlocked'));
      assert.ok(!audit.some((a) => (a.detail ?? '').includes('2468') || (a.detail ?? '').includes('9999')), 'PINs are never audited');
    });

    test('staff channels need a live staff session', async () => {
      nextMinute();
      const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100001' })));
      const denied = await s.invoke('kiosk.staffReprint', { token: 'x'.repeat(32), ticket: r.ticket, nonce: nonce() });
      assert.equal(denied.ok, false);
      if (!denied.ok) assert.equal(denied.error.code, 'unauthorized');

      const u = must(await s.invoke('kiosk.staffUnlock', { pin: '2468' }));
      assert.equal(u.status, 'unlocked');
      if (u.status !== 'unlocked') return;
      must(await s.invoke('kiosk.staffReprint', { token: u.token, ticket: r.ticket, nonce: nonce() }));
      const before = events.length;
      must(await s.invoke('kiosk.staffExit', { token: u.token }));
      assert.ok(events.slice(before).some((e) => e.type === 'kiosk.exit' && e.stationId === s.identity.id));

      s.clock.advance(3 * 60_000);
      const expired = await s.invoke('kiosk.staffExit', { token: u.token });
      assert.equal(expired.ok, false, 'the staff session is short-lived');
      const u2 = must(await s.invoke('kiosk.staffUnlock', { pin: '2468' }));
      if (u2.status !== 'unlocked') return assert.fail('unlock');
      must(await s.invoke('kiosk.staffLock', { token: u2.token }));
      assert.equal((await s.invoke('kiosk.staffExit', { token: u2.token })).ok, false, 'locking ends the session');
    });

    test('a printer known to be offline: nothing is queued to come out unattended later; staff are alerted', async () => {
      const printer = await startVirtualPrinter({ port: 0, outDir: tempDir('kiosk-printer-'), mode: 'offline' });
      try {
        const admin = { station: { id: 'admin-console', name: 'Admin', role: 'admin' as const } };
        const saved = must(await s.router.invoke(admin, 'printing.printers.save', { name: 'K1', kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80' }));
        assert.equal(saved.status, 'saved');
        if (saved.status !== 'saved') return;
        must(await s.router.invoke(admin, 'printing.station.set', { stationId: s.identity.id, printerId: saved.printer.id, autoPrint: false }));
        const st = must(await s.invoke('kiosk.status', {}));
        assert.deepEqual([st.printerName, st.online], ['K1', false]);

        nextMinute();
        const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100007' })));
        const before = events.length;
        const c = must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: nonce() }));
        assert.equal(c.status, 'checked_in', 'the visitor is checked in all the same');
        if (c.status === 'checked_in') assert.deepEqual(c.print, { status: 'printer_offline' });
        assert.equal((await s.handle.db.selectFrom('print_jobs').select('id').execute()).length, 0);
        assert.ok(events.slice(before).some((e) => e.type === 'kiosk.alert' && e.reason === 'print_failed'));
      } finally {
        await printer.close();
      }
    });

    test('the screen can ask where its badge job stands: printed here; another station’s job or a made-up id is none of its business', async () => {
      const printer = await startVirtualPrinter({ port: 0, outDir: tempDir('kiosk-printer-') });
      try {
        const admin = { station: { id: 'admin-console', name: 'Admin', role: 'admin' as const } };
        const saved = must(await s.router.invoke(admin, 'printing.printers.save', { name: 'K2', kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80' }));
        if (saved.status !== 'saved') return assert.fail(JSON.stringify(saved));
        must(await s.router.invoke(admin, 'printing.station.set', { stationId: s.identity.id, printerId: saved.printer.id, autoPrint: false }));
        must(await s.invoke('kiosk.status', {})); // the kiosk learns its printer is back online

        nextMinute();
        const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100008' })));
        const c = must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: nonce() }));
        if (c.status !== 'checked_in' || !c.print.jobId) return assert.fail(JSON.stringify(c));
        const jobId = c.print.jobId;
        await printer.waitForJobs(1);
        let state = must(await s.invoke('kiosk.badgeState', { jobId })).state;
        for (let i = 0; i < 100 && state !== 'printed'; i++) {
          await new Promise((res) => setTimeout(res, 20));
          state = must(await s.invoke('kiosk.badgeState', { jobId })).state;
        }
        assert.equal(state, 'printed');

        const other = must(await s.router.invoke(admin, 'printing.testPage', { printerId: saved.printer.id, nonce: nonce() }));
        assert.equal(must(await s.invoke('kiosk.badgeState', { jobId: other.jobId })).state, null);
        assert.equal(must(await s.invoke('kiosk.badgeState', { jobId: 'no-such-job' })).state, null);
        assert.equal((await s.invoke('kiosk.badgeState', { jobId: 'x'.repeat(10_000) })).ok, false);
      } finally {
        await printer.close();
      }
    });

    test('a ticket the screen dropped at reset no longer confirms, even within its five minutes', async () => {
      nextMinute();
      const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100011' })));
      must(await s.invoke('kiosk.forget', { ticket: r.ticket }));
      assert.equal(must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: nonce() })).status, 'expired');
      const u = must(await s.invoke('kiosk.staffUnlock', { pin: '2468' }));
      if (u.status !== 'unlocked') return assert.fail(JSON.stringify(u));
      const reprint = await s.invoke('kiosk.staffReprint', { token: u.token, ticket: r.ticket, nonce: nonce() });
      assert.equal(reprint.ok ? 'ok' : reprint.error.code, 'not_found', 'no reprint for a forgotten visitor either');
      must(await s.invoke('kiosk.staffLock', { token: u.token }));
      assert.equal((await s.handle.db.selectFrom('checkins').select('id').where('visitor_code', '=', 'PPS22-100011').execute()).length, 0);
      // Forgetting twice, or a ticket never issued, is harmless; garbage is refused.
      must(await s.invoke('kiosk.forget', { ticket: r.ticket }));
      assert.equal((await s.invoke('kiosk.forget', { ticket: 'x'.repeat(10_000) })).ok, false);
      // A ticket the screen still holds keeps working.
      const kept = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100011' })));
      assert.equal(must(await s.invoke('kiosk.confirm', { ticket: kept.ticket, nonce: nonce() })).status, 'checked_in');
    });

    test('the printer goes away after confirm: the kiosk cancels its queued badge, staff are told, nothing prints when the printer is back', async () => {
      // A printer this kiosk has not talked to yet: the confirm queues the badge, then the printer refuses it.
      const printer = await startVirtualPrinter({ port: 0, outDir: tempDir('kiosk-printer-'), mode: 'offline' });
      try {
        const admin = { station: { id: 'admin-console', name: 'Admin', role: 'admin' as const } };
        const saved = must(await s.router.invoke(admin, 'printing.printers.save', { name: 'K3', kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80' }));
        if (saved.status !== 'saved') return assert.fail(JSON.stringify(saved));
        must(await s.router.invoke(admin, 'printing.station.set', { stationId: s.identity.id, printerId: saved.printer.id, autoPrint: false }));

        nextMinute();
        const r = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100009' })));
        const confirmNonce = nonce();
        const c = must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: confirmNonce }));
        if (c.status !== 'checked_in' || c.print.status !== 'queued' || !c.print.jobId) return assert.fail(JSON.stringify(c));
        const jobId = c.print.jobId;
        // The queue puts the refused job back: the screen sees 'retry' and gives up on it.
        await until('retry', async () => must(await s.invoke('kiosk.badgeState', { jobId })).state === 'retry');
        const before = events.length;
        assert.deepEqual(must(await s.invoke('kiosk.cancelBadge', { jobId })), { status: 'cancelled' });
        const after = events.slice(before);
        assert.ok(after.some((e) => e.type === 'kiosk.alert' && e.reason === 'badge_cancelled'), 'staff are told the badge was cancelled');
        assert.ok(after.some((e) => e.type === 'printing.job' && e.jobId === jobId && e.state === 'failed' && e.error === 'cancelled'));
        const job = await s.handle.db.selectFrom('print_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
        assert.deepEqual([job.state, job.last_error], ['failed', 'cancelled']);
        const history = await s.handle.db.selectFrom('print_job_events').select('state').where('job_id', '=', jobId).orderBy('id').execute();
        assert.equal(history.at(-1)!.state, 'cancelled', 'the history keeps every step and ends cancelled');
        assert.ok(history.some((h) => h.state === 'retry'));
        assert.equal(must(await s.invoke('kiosk.badgeState', { jobId })).state, 'failed');

        // Cancelling again (a repeated request) changes nothing and calls nobody twice.
        const again = events.length;
        assert.deepEqual(must(await s.invoke('kiosk.cancelBadge', { jobId })), { status: 'cancelled' });
        assert.ok(!events.slice(again).some((e) => e.type === 'kiosk.alert'));
        // The confirm retried with its nonce: the same check-in, still no badge waiting.
        const retried = must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: confirmNonce }));
        assert.equal(retried.status, 'checked_in');

        // The printer comes back; the kiosk learns it (its state is cached for a few seconds).
        await printer.setMode('ok');
        s.runtime.printing.retryNow();
        await until('printer back', async () => must(await s.invoke('kiosk.status', {})).online, 30_000);
        // The queue prints oldest first: had the cancelled badge still been waiting, it would come out before this one.
        nextMinute();
        const next = found(must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-100010' })));
        const c2 = must(await s.invoke('kiosk.confirm', { ticket: next.ticket, nonce: nonce() }));
        if (c2.status !== 'checked_in' || !c2.print.jobId) return assert.fail(JSON.stringify(c2));
        await until('next badge printed', async () => must(await s.invoke('kiosk.badgeState', { jobId: c2.print.jobId! })).state === 'printed');
        assert.equal(printer.jobs.length, 1, 'only the new badge came out');
        assert.equal(qrOf(printer.jobs[0]!.file), 'PPS22-100010');
        assert.deepEqual(must(await s.invoke('kiosk.cancelBadge', { jobId: c2.print.jobId })), { status: 'printed' });
        assert.equal((await s.handle.db.selectFrom('print_jobs').select('state').where('id', '=', jobId).executeTakeFirstOrThrow()).state, 'failed');
      } finally {
        await printer.close();
      }
    });

    test('a repeated confirm that finds its badge waiting for a printer now known to be down cancels it', async () => {
      const printer = await startVirtualPrinter({ port: 0, outDir: tempDir('kiosk-printer-'), mode: 'offline' });
      try {
        const admin = { station: { id: 'admin-console', name: 'Admin', role: 'admin' as const } };
        const saved = must(await s.router.invoke(admin, 'printing.printers.save', { name: 'K4', kind: 'epson', interface: `tcp://127.0.0.1:${printer.port}`, paperMm: 80, stock: 'roll80' }));
        if (saved.status !== 'saved') return assert.fail(JSON.stringify(saved));
        must(await s.router.invoke(admin, 'printing.station.set', { stationId: s.identity.id, printerId: saved.printer.id, autoPrint: false }));
        const w = must(await s.invoke('kiosk.walkIn', { nonce: 'walkin-repeat-1', nameKo: '윤태오', phone: '010-1212-3434', category: 'visitor', consent: true }));
        if (!w.print.jobId) return assert.fail(JSON.stringify(w));
        const jobId = w.print.jobId;
        await until('retry', async () => must(await s.invoke('kiosk.badgeState', { jobId })).state === 'retry');
        const again = must(await s.invoke('kiosk.walkIn', { nonce: 'walkin-repeat-1', nameKo: '윤태오', phone: '010-1212-3434', category: 'visitor', consent: true }));
        assert.deepEqual(again.print, { status: 'printer_offline' });
        assert.equal(must(await s.invoke('kiosk.badgeState', { jobId })).state, 'failed');
        assert.equal((await s.handle.db.selectFrom('print_jobs').select('last_error').where('id', '=', jobId).executeTakeFirstOrThrow()).last_error, 'cancelled');
      } finally {
        await printer.close();
      }
    });

    test('a kiosk cancels only its own badge jobs', async () => {
      const admin = { station: { id: 'admin-console', name: 'Admin', role: 'admin' as const } };
      const printerId = (await s.handle.db.selectFrom('printers').select('id').where('name', '=', 'K2').executeTakeFirstOrThrow()).id;
      // Queued by another station (which is not running here): still queued, and not this kiosk's.
      const other = must(await s.router.invoke(admin, 'printing.testPage', { printerId, nonce: nonce() }));
      assert.deepEqual(must(await s.invoke('kiosk.cancelBadge', { jobId: other.jobId })), { status: 'not_found' });
      assert.equal((await s.handle.db.selectFrom('print_jobs').select('state').where('id', '=', other.jobId).executeTakeFirstOrThrow()).state, 'queued');
      assert.deepEqual(must(await s.invoke('kiosk.cancelBadge', { jobId: 'no-such-job' })), { status: 'not_found' });
      assert.equal((await s.invoke('kiosk.cancelBadge', { jobId: 'x'.repeat(10_000) })).ok, false);
      // The admin/desk channel is not a kiosk's.
      const denied = await s.invoke('printing.job.cancel', { jobId: other.jobId });
      assert.equal(denied.ok ? 'ok' : denied.error.code, 'forbidden');
    });
  });
}

describe('kiosk tickets', () => {
  test('a kiosk drops only its own tickets', () => {
    const k = new KioskRuntime();
    const t = k.issueTicket('k1', 'PPS22-100001', 0);
    k.dropTicket('k2', t);
    assert.equal(k.ticketCode('k1', t, 1), 'PPS22-100001', 'another kiosk cannot drop it');
    k.dropTicket('k1', t);
    assert.equal(k.ticketCode('k1', t, 1), null);
  });
});

describe('kiosk identify limits (per kiosk, sliding windows)', () => {
  const [minute, hour] = IDENTIFY_LIMITS;
  test('a burst within a minute is stopped, and frees up as the window slides', () => {
    const k = new KioskRuntime();
    for (let i = 0; i < minute.max; i++) k.recordLookup('k1', i * 100, false);
    assert.ok(k.identifyWait('k1', minute.max * 100) > 0);
    assert.equal(k.identifyWait('k2', minute.max * 100), 0, 'another kiosk is not affected');
    assert.equal(k.identifyWait('k1', minute.windowMs + 1), 0);
  });

  test('a steady trickle that never trips the minute limit is stopped by the hourly one', () => {
    const k = new KioskRuntime();
    const step = Math.ceil(minute.windowMs / (minute.max - 1));
    let t = 0;
    for (let i = 0; i < hour.max; i++, t += step) {
      assert.equal(k.identifyWait('k1', t), 0, `lookup ${i}`);
      k.recordLookup('k1', t, false);
    }
    assert.ok(k.identifyWait('k1', t) > 0);
  });
});
