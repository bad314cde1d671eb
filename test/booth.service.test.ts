/**
 * Video booths on a real station, SQLite and PostgreSQL: a day of 24 video-booth meetings
 * run from booth-role stations — the tech check before the first meeting, the current and
 * next meeting with link, buyer zone and interpreter, connected on every meeting but one
 * whose link fails (failed → retry → failed, suggested as a connection failure when its
 * outcome is due), and one interpreter change at a booth mid-day (finished meetings keep
 * theirs; the floor cards show the new one). Refusals for taps that do not fit, and what
 * the booth role may call and hear.
 */
import { afterAll as after, beforeAll as before, describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { must, tempDir, testStation } from './helpers/station';
import { testDatabases } from './helpers/databases';
import { peerStation, type Peer } from './helpers/peer-station';
import type { Station } from '../main/core/station';
import type { FakeClock } from '../main/core/clock';
import type { DbTarget } from '../db/connect';
import { eventForViewer, localTime, type BoothView, type PushEvent } from '../contract/index';
import { loadMeeting } from '../main/services/programme/floor.service';
import { readConfig } from '../main/services/programme/floor-settings.service';
import { BOOTHS, BUYER_BOOTH, VIDEO_DAY, videoDayCsv, videoMeetingId } from './fixtures/video-day';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const at = (hm: string) => `${VIDEO_DAY}T${hm}:00+09:00`;
const hm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

for (const tdb of testDatabases()) {
  describe(`video booths: booth role and screen data (${tdb.name})`, () => {
    let s: Station & { clock: FakeClock; dataDir: string };
    let target: DbTarget;
    const booths: Peer[] = [];
    before(async () => {
      const dir = tempDir();
      target = await tdb.target(dir);
      s = await testStation({ role: 'floor', name: 'Floor 1', dataDir: dir, db: target, clock: undefined });
      s.clock.set(at('09:40'));
      const r = must(await s.invoke('programme.import.commit', { fileName: 'video-day.csv', dataBase64: b64(videoDayCsv({ booth: true })) }));
      assert.deepEqual([r.consultations, r.tables, r.rejectedTotal], [24, 4, 0]);
      for (let b = 0; b < 4; b++) booths.push(await peerStation(tdb, s, target, 'booth', `Booth PC ${b + 1}`));
    });
    after(async () => {
      for (const p of booths) await p.close();
      await s.close();
    });

    const view = async (b: number) => must(await booths[b]!.invoke('booth.view', { booth: BOOTHS[b]! })) as BoothView;
    const mark = (b: number, meetingId: string, m: 'connected' | 'failed' | 'retry', note?: string) =>
      booths[b]!.invoke('booth.connection.mark', { nonce: randomUUID(), meetingId, mark: m, ...(note ? { note } : {}) });

    test('a day of 24 meetings: tech check, link, buyer time, one failure, one interpreter change', async () => {
      // Before the day: every booth is listed, each needs its tech check.
      const list = must(await booths[0]!.invoke('booth.list', {}));
      assert.deepEqual(list.map((x) => [x.name, x.meetings]), BOOTHS.map((n) => [n, 6]));
      for (let b = 0; b < 4; b++) {
        const v = await view(b);
        assert.equal(v.techCheckDue, true);
        assert.equal(v.current, null);
        assert.equal(v.next?.id, videoMeetingId(0, b));
      }
      // Booth 3's first check fails (no sound); fixed and passed on the second.
      assert.equal(must(await booths[2]!.invoke('booth.techcheck.record', { nonce: randomUUID(), booth: BOOTHS[2]!, result: 'failed', note: '마이크 불량 / mic' })).result, 'failed');
      assert.equal((await view(2)).techCheckDue, true, 'a failed check is not a pass');
      for (let b = 0; b < 4; b++) must(await booths[b]!.invoke('booth.techcheck.record', { nonce: randomUUID(), booth: BOOTHS[b]!, result: 'ok' }));
      for (let b = 0; b < 4; b++) assert.equal((await view(b)).techCheckDue, false);

      // The booth's next meeting carries what the PC needs: link, zone, interpreter, parties.
      const first = (await view(0)).next!;
      assert.equal(first.joinLink, 'https://meet.example.com/j/V001');
      assert.equal(first.buyer, 'Shanghai Trading Co.');
      assert.equal(first.buyerTimeZone, 'Asia/Shanghai');
      assert.equal(localTime(first.start, first.buyerTimeZone!).time, '09:00', '10:00 in Seoul is 09:00 in Shanghai');
      assert.equal(first.interpreter, BUYER_BOOTH[0]!.interpreter);
      assert.equal(first.connection, 'waiting');

      // Too early to be connecting: 20 minutes before the start.
      assert.equal(must(await mark(0, videoMeetingId(0, 0), 'connected')).status, 'too_early');

      const FAIL = { slot: 2, booth: 2 };
      const CHANGE = { slot: 3, booth: 1, at: '11:05', name: '터키어 통역 D' };
      for (let slot = 0; slot < 6; slot++) {
        const start = 600 + slot * 20;
        s.clock.set(at(hm(start - 2)));
        for (let b = 0; b < 4; b++) {
          const id = videoMeetingId(slot, b);
          const v = await view(b);
          assert.equal(v.next?.id ?? v.current?.id, id, `booth ${b + 1} shows meeting ${id}`);
          if (slot === FAIL.slot && b === FAIL.booth) {
            assert.equal(must(await mark(b, id, 'failed', '바이어 접속 불가 / no audio')).status, 'recorded');
            assert.equal(must(await mark(b, id, 'failed')).status, 'unchanged', 'a double tap writes nothing');
            assert.equal(must(await mark(b, id, 'retry')).status, 'recorded');
            assert.equal(must(await mark(b, id, 'failed')).status, 'recorded');
          } else {
            assert.equal(must(await mark(b, id, 'retry')).status, 'not_failed', 'retry only follows a failure');
            const r = must(await mark(b, id, 'connected'));
            assert.equal(r.status, 'recorded');
            assert.equal(r.status === 'recorded' && r.meeting.connection, 'connected');
          }
          must(await s.invoke('floor.meeting.act', { nonce: randomUUID(), meetingId: id, action: 'arrived_seller' }));
        }
        s.clock.set(at(hm(start)));
        assert.equal(must(await s.invoke('floor.round.start', { nonce: randomUUID() })).started, 4);
        if (slot === CHANGE.slot) {
          // Booth 2's interpreter is replaced from 11:05 (the running meeting on).
          s.clock.set(at(CHANGE.at));
          must(await s.invoke('booth.interpreter.set', { nonce: randomUUID(), booth: BOOTHS[CHANGE.booth]!, interpreter: CHANGE.name }));
          const cur = (await view(CHANGE.booth)).current!;
          assert.equal(cur.id, videoMeetingId(CHANGE.slot, CHANGE.booth));
          assert.equal(cur.interpreter, CHANGE.name);
          const card = must(await s.invoke('floor.state', {})).tables.find((t) => t.name === BOOTHS[CHANGE.booth])!;
          assert.equal(card.now?.interpreter, CHANGE.name, 'the floor card shows the new interpreter');
        }
        s.clock.set(at(hm(start + 15)));
      }

      // The failed meeting: its link state stays, and its outcome is suggested as a connection failure.
      const failedId = videoMeetingId(FAIL.slot, FAIL.booth);
      const pending = must(await s.invoke('consultations.pending', {}));
      assert.equal(pending.find((p) => p.meetingId === failedId)?.suggested, 'connection_failed');
      assert.equal(pending.filter((p) => p.suggested === 'connection_failed').length, 1);
      const facts = await s.handle.db.selectFrom('booth_facts').select(['meeting_id', 'type']).where('type', 'in', ['connected', 'failed', 'retry']).execute();
      assert.equal(facts.filter((f) => f.type === 'connected').length, 23);
      assert.deepEqual(facts.filter((f) => f.meeting_id === failedId).map((f) => f.type).sort(), ['failed', 'failed', 'retry']);
      // A meeting over takes no more taps.
      assert.equal(must(await mark(FAIL.booth, failedId, 'retry')).status, 'over');

      // The interpreter change: booth 2's meetings before it keep the file's interpreter, the later ones the new one.
      const planned = await s.handle.db.selectFrom('programme_items').select('interpreter').where('id', '=', videoMeetingId(CHANGE.slot, CHANGE.booth)).executeTakeFirstOrThrow();
      assert.equal(planned.interpreter, BUYER_BOOTH[(CHANGE.booth + CHANGE.slot) % 4]!.interpreter || null, 'the file is the plan, never rewritten');
      const audit = await s.handle.db.selectFrom('audit_log').select(['channel', 'entity_id']).where('channel', '=', 'booth.interpreter.set').execute();
      assert.equal(audit.length, 1);

      s.clock.set(at('12:30'));
      const v = await view(1);
      assert.equal(v.interpreter, '터키어 통역 D');
      const ctxMeet = async (id: string) => (await loadMeeting(s.handle.db, id, await readConfig(s.handle.db), Date.parse(at('12:30')))).booth.interpreter;
      // Booth 2's 10:20 meeting ended before the 11:05 change: it keeps the file's interpreter.
      assert.equal(await ctxMeet(videoMeetingId(1, 1)), BUYER_BOOTH[2]!.interpreter);
      assert.equal(await ctxMeet(videoMeetingId(3, 1)), '터키어 통역 D');
      assert.equal(await ctxMeet(videoMeetingId(5, 1)), '터키어 통역 D');
    });

    test('bad input: unknown booth or meeting, a link tap on a meeting at another booth, control characters', async () => {
      const b = booths[0]!;
      const unknown = await b.invoke('booth.view', { booth: '없는 부스' });
      assert.equal(!unknown.ok && unknown.error.code, 'not_found');
      const tc = await b.invoke('booth.techcheck.record', { nonce: randomUUID(), booth: 'Booth 99', result: 'ok' });
      assert.equal(!tc.ok && tc.error.code, 'not_found');
      const nm = await b.invoke('booth.connection.mark', { nonce: randomUUID(), meetingId: 'NOPE', mark: 'connected' });
      assert.equal(!nm.ok && nm.error.code, 'not_found');
      const nul = await b.invoke('booth.connection.mark', { nonce: randomUUID(), meetingId: videoMeetingId(5, 0), mark: 'failed', note: 'a\u0000b' });
      assert.equal(!nul.ok && nul.error.code, 'invalid_input');
      const wrong = await s.invoke('booth.interpreter.set', { nonce: randomUUID(), booth: BOOTHS[0]!, meetingId: videoMeetingId(0, 1), interpreter: 'X' });
      assert.equal(!wrong.ok && wrong.error.code, 'invalid_input');
      const huge = await s.invoke('booth.interpreter.set', { nonce: randomUUID(), booth: BOOTHS[0]!, interpreter: 'x'.repeat(5000) });
      assert.equal(!huge.ok && huge.error.code, 'invalid_input');
      // A retried request (same nonce) writes once.
      s.clock.set(at('11:39'));
      const nonce = randomUUID();
      const before = (await s.handle.db.selectFrom('booth_facts').select('id').execute()).length;
      for (let i = 0; i < 2; i++) must(await s.invoke('booth.interpreter.set', { nonce, booth: BOOTHS[3]!, meetingId: videoMeetingId(5, 3), interpreter: '아랍어 통역 E' }));
      assert.equal((await s.handle.db.selectFrom('booth_facts').select('id').execute()).length, before + 1);
    });

    test('what a booth PC may call and hear: its booth, no visitors, no check-ins, no outcomes', async () => {
      const b = booths[0]!;
      for (const [ch, input] of [
        ['visitors.search', { query: '김' }],
        ['checkin.scan', { nonce: randomUUID(), code: 'X' }],
        ['consultations.outcome.record', { nonce: randomUUID(), meetingId: videoMeetingId(0, 0), result: 'held', interest: 'some' }],
        ['booth.interpreter.set', { nonce: randomUUID(), booth: BOOTHS[0]!, interpreter: 'X' }],
        ['floor.round.start', { nonce: randomUUID() }],
      ] as const) {
        const r = await b.invoke(ch as never, input as never);
        assert.equal(!r.ok && r.error.code, 'forbidden', ch);
      }
      const viewer = { role: 'booth' as const, stationId: b.identity.id };
      const hear = (ev: PushEvent) => eventForViewer(ev, viewer) !== null;
      assert.equal(hear({ type: 'booth.changed', booth: BOOTHS[0]!, meetingId: null }), true);
      assert.equal(hear({ type: 'floor.changed', meetingIds: [], meetings: [] }), true);
      assert.equal(hear({ type: 'checkin.recorded', code: 'X', checkin: { at: '', day: VIDEO_DAY, stationName: '', method: 'scan' }, counters: { day: VIDEO_DAY, checkedIn: 1, registered: 1 } }), false);
      assert.equal(hear({ type: 'visitors.changed', inserted: 1, updated: 0 }), false);
      assert.equal(hear({ type: 'consultations.outcome', meetingId: 'V001', version: 1 }), false);
    });
  });
}
