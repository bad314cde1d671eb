/**
 * The no-consent policy (개인정보동의 = N) at the desk and the kiosk, on both databases:
 * one organiser setting decides — admit (flagged), admit without an automatic badge, or
 * hold for a reason at the desk; a kiosk sends anyone not plainly admitted to the desk,
 * saying neither who nor why.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import type { PushEvent } from '../contract/index';
import type { FakeClock } from '../main/core/clock';
import type { Station } from '../main/core/station';
import { testDatabases } from './helpers/databases';
import { must, seed, tempDir, testStation, visitor } from './helpers/station';
import { savePrivacySettings } from '../main/services/privacy/privacy-settings.service';

type S = Station & { clock: FakeClock; dataDir: string };

const people = [
  visitor({ code: 'PPS22-700001', nameKo: '남궁민', phone: '010-7000-0001', email: 'nc1@example.kr', consent: false }),
  visitor({ code: 'PPS22-700002', nameKo: '서지안', phone: '010-7000-0002', consent: false }),
  visitor({ code: 'PPS22-700003', nameKo: '표은비', phone: '010-7000-0003', consent: false }),
  visitor({ code: 'PPS22-700004', nameKo: '하도윤', phone: '010-7000-0004' }),
  visitor({ code: 'PPS22-700005', nameKo: '제갈현', phone: '010-7000-0005', consent: false }),
];

for (const tdb of testDatabases()) {
  describe(`no-consent policy at the desk (${tdb.name})`, () => {
    let s: S;
    const setPolicy = async (noConsent: 'admit' | 'admit_no_print' | 'refuse') => must(await s.invoke('privacy.settings.save', { noConsent, retentionDays: 365 }));
    const jobsFor = async (code: string) => (await s.handle.db.selectFrom('print_jobs').select('id').where('visitor_code', '=', code).execute()).length;
    before(async () => {
      const dir = tempDir();
      s = await testStation({ dataDir: dir, db: await tdb.target(dir) });
      await seed(s, people);
      // A printer that is never reached: the queue only has to hold the job for us to count it.
      const saved = must(await s.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: 'tcp://127.0.0.1:9', paperMm: 80, stock: 'roll80' }));
      assert.equal(saved.status, 'saved');
      if (saved.status === 'saved') must(await s.invoke('printing.station.set', { printerId: saved.printer.id, autoPrint: true }));
    });
    after(() => s.close());

    test('admit (the default): checked in and the badge queued, with the flag on the answer and in the audit row', async () => {
      const r = must(await s.invoke('checkin.scan', { code: 'PPS22-700001', nonce: 'nc-admit-1' }));
      assert.equal(r.status, 'checked_in');
      if (r.status !== 'checked_in') return;
      assert.equal(r.visitor.noConsent, true);
      assert.equal(r.badgeWithheld, undefined);
      assert.equal(await jobsFor('PPS22-700001'), 1);
      const audit = await s.handle.db.selectFrom('audit_log').select('detail').where('channel', '=', 'checkin.scan').where('entity_id', '=', 'PPS22-700001').execute();
      assert.ok(audit.some((a) => String(a.detail).includes('"noConsent":"admit"')), JSON.stringify(audit));
    });

    test('a visitor who consented carries no flag at all', async () => {
      const r = must(await s.invoke('checkin.scan', { code: 'PPS22-700004', nonce: 'nc-yes-1' }));
      assert.equal(r.status, 'checked_in');
      if (r.status === 'checked_in') assert.equal('noConsent' in r.visitor, false);
      const hits = must(await s.invoke('visitors.search', { q: '하도윤' }));
      assert.equal(JSON.stringify(hits).includes('noConsent'), false);
    });

    test('admit_no_print: checked in and flagged, no badge queued; a retry says the same', async () => {
      await setPolicy('admit_no_print');
      const r = must(await s.invoke('checkin.scan', { code: 'PPS22-700002', nonce: 'nc-nop-1' }));
      assert.equal(r.status, 'checked_in');
      if (r.status !== 'checked_in') return;
      assert.equal(r.visitor.noConsent, true);
      assert.equal(r.badgeWithheld, true);
      assert.equal(await jobsFor('PPS22-700002'), 0);
      const retry = must(await s.invoke('checkin.scan', { code: 'PPS22-700002', nonce: 'nc-nop-1' }));
      assert.equal(retry.status === 'checked_in' && retry.badgeWithheld, true);
      assert.equal(await jobsFor('PPS22-700002'), 0);
      // The search result the desk picks from is flagged too, before anyone scans.
      const hits = must(await s.invoke('visitors.search', { q: '서지안' }));
      assert.ok(JSON.stringify(hits).includes('"noConsent":true'));
    });

    test('refuse: not checked in, nothing written; an override with a reason admits (audited)', async () => {
      await setPolicy('refuse');
      const r = must(await s.invoke('checkin.scan', { code: 'PPS22-700003', nonce: 'nc-ref-1' }));
      assert.equal(r.status, 'no_consent');
      if (r.status === 'no_consent') assert.equal(r.visitor.noConsent, true);
      const none = await s.handle.db.selectFrom('checkins').select('id').where('visitor_code', '=', 'PPS22-700003').execute();
      assert.equal(none.length, 0);
      assert.equal(await jobsFor('PPS22-700003'), 0);
      // A consenting visitor is untouched by the policy.
      s.clock.advance(86_400_000); // day two: everyone may check in again
      assert.equal(must(await s.invoke('checkin.scan', { code: 'PPS22-700004', nonce: 'nc-ref-yes' })).status, 'not_registered_today');

      const o = must(await s.invoke('checkin.override', { code: 'PPS22-700005', nonce: 'nc-ref-2', reason: '현장에서 동의서 받음' }));
      assert.equal(o.status, 'checked_in');
      if (o.status === 'checked_in') assert.equal(o.checkin.method, 'override');
      const audit = await s.handle.db.selectFrom('audit_log').select('detail').where('channel', '=', 'checkin.override').where('entity_id', '=', 'PPS22-700005').execute();
      assert.ok(audit.some((a) => String(a.detail).includes('현장에서 동의서 받음') && String(a.detail).includes('"noConsent":"refuse"')), JSON.stringify(audit));
    });
  });

  describe(`no-consent policy at the kiosk (${tdb.name})`, () => {
    let s: S;
    const events: PushEvent[] = [];
    // The organiser saves it from the console (privacy.settings.save, admin only — exercised in the desk block above);
    // a kiosk station cannot, so the test writes it through the same service function.
    const setPolicy = (noConsent: 'admit' | 'admit_no_print' | 'refuse') => savePrivacySettings(s.handle.db, { noConsent, retentionDays: 365 }, s.clock.now().toISOString());
    before(async () => {
      const dir = tempDir();
      const db = await tdb.target(dir);
      s = await testStation({ role: 'kiosk', name: 'Kiosk 1', dataDir: dir, db });
      s.bus.subscribe((ev) => events.push(ev));
      await seed(s, people);
    });
    after(() => s.close());

    test('admit: the kiosk finds them as anyone else, and the flag never reaches the kiosk', async () => {
      await setPolicy('admit');
      const r = must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-700001' }));
      assert.equal(r.status, 'found');
      assert.equal(JSON.stringify(r).includes('onsent'), false);
    });

    for (const policy of ['admit_no_print', 'refuse'] as const) {
      test(`${policy}: "see the desk", with no name, no reason, and a neutral staff alert; nothing written`, async () => {
        await setPolicy(policy);
        s.clock.advance(61_000); // a fresh rate-limit window
        events.length = 0;
        for (const input of [{ by: 'code', code: 'PPS22-700002' }, { by: 'phone', last4: '0002', initial: 'ㅅ' }] as const) {
          const r = must(await s.invoke('kiosk.identify', input));
          assert.deepEqual(r, { status: 'see_desk' });
        }
        const alerts = events.filter((e) => e.type === 'kiosk.alert');
        assert.ok(alerts.length >= 1);
        for (const a of alerts) assert.equal(a.type === 'kiosk.alert' && a.reason, 'sent_to_staff');
        assert.equal(JSON.stringify(events).includes('서지안'), false);
        const rows = await s.handle.db.selectFrom('checkins').select('id').where('visitor_code', '=', 'PPS22-700002').execute();
        assert.equal(rows.length, 0);
      });
    }

    test('the policy changes between "that is me" and confirm: confirm also sends them to the desk', async () => {
      await setPolicy('admit');
      s.clock.advance(61_000);
      const r = must(await s.invoke('kiosk.identify', { by: 'code', code: 'PPS22-700003' }));
      assert.equal(r.status, 'found');
      if (r.status !== 'found') return;
      await setPolicy('admit_no_print');
      const c = must(await s.invoke('kiosk.confirm', { ticket: r.ticket, nonce: 'kiosk-nc-confirm-1' }));
      assert.deepEqual(c, { status: 'see_desk' });
      const rows = await s.handle.db.selectFrom('checkins').select('id').where('visitor_code', '=', 'PPS22-700003').execute();
      assert.equal(rows.length, 0);
      const jobs = await s.handle.db.selectFrom('print_jobs').select('id').where('visitor_code', '=', 'PPS22-700003').execute();
      assert.equal(jobs.length, 0);
    });
  });
}
