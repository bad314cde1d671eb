/**
 * Kiosk identification at 100k registrations (issue 14): for every registrant of each
 * event day, standing at that day's kiosk, which share does each path identify as exactly
 * them — with the kiosk's own rules (main/services/kiosk/kiosk-identify.ts), over a
 * generated 100k file (bench/generate-registrations.ts). A share, not a speed.
 *
 *   npm run bench -- --only kiosk-identify [--n 100000]
 */
import type { BenchSection } from './index';
import { EVENT_DAYS, generateRegistrations, type GeneratedRegistration } from '../generate-registrations';
import { codePrefix, nameInitial, nameMatches, onlyOne, orgMatches, phoneKey, samePhone, type Candidate } from '../../main/services/kiosk/kiosk-identify';

type Row = Candidate & { code: string; last4: string };

const toRow = (r: GeneratedRegistration): Row => ({
  code: r.code,
  name_ko: r.nameKo,
  name_en: r.nameEn,
  organisation: r.organisation,
  phone: r.phone,
  registered_days: r.days.join(';'),
  last4: phoneKey(r.phone).slice(-4),
});

/** What a visitor types as their surname: the first syllable (김), or an initial for a Latin name. */
const surnameOf = (r: Row) => (/^[\uac00-\ud7a3]/.test(r.name_ko) ? Array.from(r.name_ko)[0]! : nameInitial(r.name_ko)!);

export function identifyShares(n: number): { path: string; korean: number; all: number }[] {
  const rows = generateRegistrations(n).map(toRow);
  const byLast4 = new Map<string, Row[]>();
  for (const r of rows) byLast4.set(r.last4, [...(byLast4.get(r.last4) ?? []), r]);
  const byNumber = new Map<string, number>();
  for (const r of rows) {
    const num = r.code.slice(codePrefix(r.code)?.length ?? 0);
    byNumber.set(num, (byNumber.get(num) ?? 0) + 1);
  }
  const paths: [string, (p: Row, day: string) => boolean][] = [
    ['phone last 4 + initial (ㄱ)', (p, day) => onlyOne(byLast4.get(p.last4)!.filter((c) => nameMatches(c, nameInitial(p.name_ko)!)), day) === p],
    ['phone last 4 + surname (김)', (p, day) => onlyOne(byLast4.get(p.last4)!.filter((c) => nameMatches(c, surnameOf(p))), day) === p],
    [
      'phone last 4 + initial, then organisation',
      (p, day) => {
        const first = onlyOne(byLast4.get(p.last4)!.filter((c) => nameMatches(c, nameInitial(p.name_ko)!)), day);
        if (first !== 'ambiguous') return first === p;
        return onlyOne(byLast4.get(p.last4)!.filter((c) => nameMatches(c, nameInitial(p.name_ko)!) && orgMatches(c, p.organisation!)), day) === p;
      },
    ],
    ['full mobile number', (p, day) => onlyOne(byLast4.get(p.last4)!.filter((c) => samePhone(c, p.phone!)), day) === p],
    ['code number part alone (100002)', (p) => byNumber.get(p.code.slice(codePrefix(p.code)?.length ?? 0)) === 1],
  ];
  return paths.map(([path, ok]) => {
    let kTotal = 0;
    let kOk = 0;
    let total = 0;
    let good = 0;
    for (const day of EVENT_DAYS) {
      for (const p of rows) {
        if (!p.registered_days.split(';').includes(day)) continue;
        const korean = p.phone!.startsWith('010');
        const hit = ok(p, day);
        total++;
        if (hit) good++;
        if (korean) {
          kTotal++;
          if (hit) kOk++;
        }
      }
    }
    return { path, korean: kOk / kTotal, all: good / total };
  });
}

export const kioskIdentifyBench: BenchSection = {
  name: 'kiosk-identify',
  doc: "share of a day's registrants each kiosk path identifies as exactly them, at 100k registrations",
  async run(flags) {
    const n = Number(flags.n ?? 100_000);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    for (const r of identifyShares(n)) console.log(`  ${r.path.padEnd(44)} Korean registrants ${pct(r.korean).padStart(6)}   everyone ${pct(r.all).padStart(6)}`);
  },
};
