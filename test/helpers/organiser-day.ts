/**
 * A scripted fair day for the organiser's reports and dashboard tests: the sample
 * registrations imported, check-ins at two desks across several hours of two days,
 * walk-ins (one of them typed like a spreadsheet formula), hall stamps and gifts — all
 * through the router, as the stations would. Numbers are read back from the database
 * by the tests, never assumed here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../contract/index';
import type { DbTarget } from '../../db/connect';
import type { FakeClock } from '../../main/core/clock';
import type { Station } from '../../main/core/station';
import { importRegistrationsFile } from '../../main/services/import/import.handlers';
import type { TestDatabase } from './databases';
import { peerStation, type Peer } from './peer-station';
import { must } from './station';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const WALK_INS = [
  { nameKo: '현장일', nameEn: 'Hyun Il', organisation: '현장상사', title: '과장', phone: '010-7001-0001', email: 'walk1@example.com', category: 'visitor' as const },
  { nameKo: '현장이', organisation: '(주)현장', phone: '010-7001-0002', email: 'walk2@example.org', category: 'public_buyer' as const },
  // Typed into the walk-in form like formulas: every export must neutralise them.
  { nameKo: '=1+2', organisation: '＝HYPERLINK("http://x")', title: '@SUM(A1)', phone: '010-7001-0003', email: 'walk3@example.net', category: 'press' as const },
];

export interface ScriptedDay {
  peers: Peer[];
  close(): Promise<void>;
}

export async function scriptedDay(tdb: TestDatabase, admin: Station & { clock: FakeClock; dataDir: string }, target: DbTarget): Promise<ScriptedDay> {
  const peers: Peer[] = [];
  const peer = async (role: Role, name: string) => {
    const p = await peerStation(tdb, admin, target, role, name);
    peers.push(p);
    return p;
  };
  let n = 0;
  const nonce = () => `day-${++n}-${Math.random().toString(36).slice(2, 8)}`;

  await importRegistrationsFile(admin, fs.readFileSync(path.join(ROOT, 'test/fixtures/registrations.csv')), 'registrations.csv');
  const desk2 = await peer('desk', 'Desk 2');
  const codes = (await admin.handle.db.selectFrom('visitors').select('code').orderBy('code').execute()).map((r) => r.code);

  // Day one: 09:30 → check-ins a minute apart, across two desks and three hours.
  admin.clock.set('2022-04-13T09:30:00+09:00');
  for (const [i, code] of codes.slice(0, 150).entries()) {
    admin.clock.advance(75_000);
    const s = i % 3 === 0 ? desk2 : admin;
    const r = must(await s.invoke('checkin.scan', { code, nonce: nonce() }));
    if (r.status === 'not_registered_today') must(await s.invoke('checkin.override', { code, nonce: nonce(), reason: '현장 확인' }));
  }
  for (const w of WALK_INS) {
    admin.clock.advance(60_000);
    must(await admin.invoke('visitors.walkIn', { nonce: nonce(), consent: true, ...w }));
  }

  // Stamps in three halls and eco bags for the first ten who checked in.
  const halls: Peer[] = [];
  for (const point of ['hall3', 'hall4', 'hall5']) {
    const s = await peer('stamp', `Stamp ${point}`);
    must(await s.invoke('rally.station.assign', { pointId: point }));
    halls.push(s);
  }
  for (const code of codes.slice(0, 10)) {
    for (const h of halls) must(await h.invoke('rally.stamp.scan', { code, nonce: nonce() }));
    admin.clock.advance(30_000);
    must(await admin.invoke('rally.gift.redeem', { code, giftId: 'ecobag', nonce: nonce() }));
  }

  // Day two: a shorter morning at one desk.
  admin.clock.set('2022-04-14T10:05:00+09:00');
  for (const code of codes.slice(100, 180)) {
    admin.clock.advance(40_000);
    const r = must(await admin.invoke('checkin.scan', { code, nonce: nonce() }));
    if (r.status === 'not_registered_today') must(await admin.invoke('checkin.override', { code, nonce: nonce(), reason: '현장 확인' }));
  }
  return { peers, close: async () => { for (const p of peers) await p.close(); } };
}
