/**
 * Programme import: the day's sessions and the matchmaking schedule from the
 * organiser's CSV/XLSX (Korean or English headers, any column order), read by the shared
 * tabular reader. Rows are checked one by one (row number + reason code, like the
 * registrations import); valid rows are upserted by 일정ID, so a re-import updates and
 * never duplicates.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ProgrammeImportReport, ProgrammeKind, ProgrammeMode, ProgrammeRejectedRow } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { parseInstant } from '../../core/clock';
import { cellAt, importFailure, mapHeaders, readTable } from '../import/tabular';
import { normalizeScannedCode } from '../checkin/scan-code';
import { orgNorm } from '../visitors/search-keys';

const ALIASES = {
  id: ['일정ID', '일정번호', '상담ID', 'ID', 'session id', 'schedule id'],
  kind: ['유형', '구분', '종류', 'type', 'kind'],
  title: ['제목', '프로그램명', '행사명', 'title', 'name'],
  day: ['일자', '날짜', '상담일', 'date', 'day'],
  start: ['시작', '시작시간', '시작시각', 'start', 'from'],
  end: ['종료', '종료시간', '종료시각', 'end', 'to'],
  venue: ['장소', '테이블', '상담장소', 'venue', 'room', 'location', 'table'],
  seller: ['판매기업', '참가기업', '중소기업', '기업명', 'seller', 'sme', 'company'],
  buyer: ['구매기관', '바이어', '구매기업', 'buyer', 'buyer organisation', 'buyer organization'],
  country: ['국가', '바이어국가', 'country', 'buyer country'],
  mode: ['방식', '진행방식', '상담방식', 'mode', 'format'],
  // Optional: the participants' registration (badge) codes, several per cell allowed
  // ("PPS22-100001; PPS22-100002"). Not 업체코드: that is the exhibitor list's own code,
  // which is printed on no badge. Not a bare 참가자코드 either: it names no side.
  sellerCodes: ['판매기업코드', '판매기업참가자코드', '참가기업코드', '기업코드', '기업참가자코드', '판매기업등록번호', 'seller code', 'sme code', 'company code', 'seller codes', 'sme codes'],
  buyerCodes: ['구매기관코드', '구매기관참가자코드', '바이어코드', '바이어참가자코드', '구매자코드', '바이어등록번호', 'buyer code', 'buyer codes'],
  // Video booths: the online meeting's link and the buyer's own time zone (the country alone is not enough).
  joinLink: ['접속링크', '접속주소', '회의링크', '화상링크', '화상회의링크', 'join link', 'meeting link', 'link', 'url'],
  buyerTz: ['바이어시간대', '구매기관시간대', '시간대', '표준시간대', 'buyer time zone', 'buyer timezone', 'time zone', 'timezone', 'tz'],
  // The meeting's interpreter (a booth's own interpreter is set on the console: booth service).
  interpreter: ['통역', '통역사', '통역원', '통역자', '통역담당', 'interpreter'],
} as const;
type Field = keyof typeof ALIASES;
const REQUIRED: Field[] = ['id', 'kind', 'day', 'start', 'end', 'venue'];

const KINDS: Record<string, ProgrammeKind> = {
  구매상담: 'consultation', '1:1구매상담': 'consultation', 상담: 'consultation', consultation: 'consultation', meeting: 'consultation',
  화상상담: 'video_consultation', 온라인상담: 'video_consultation', videoconsultation: 'video_consultation', video: 'video_consultation',
  세미나: 'seminar', 컨퍼런스: 'seminar', seminar: 'seminar', conference: 'seminar',
  워크숍: 'workshop', 워크샵: 'workshop', workshop: 'workshop',
  교육: 'training', 연수: 'training', training: 'training',
  강연: 'lecture', 온라인강연: 'lecture', 특강: 'lecture', lecture: 'lecture', talk: 'lecture',
  투어: 'tour', 가이드투어: 'tour', tour: 'tour', guidedtour: 'tour',
};
const MODES: Record<string, ProgrammeMode> = {
  대면: 'offline', 오프라인: 'offline', 현장: 'offline', offline: 'offline', 'in-person': 'offline', inperson: 'offline',
  온라인: 'online', 화상: 'online', 비대면: 'online', online: 'online', video: 'online',
  '온·오프라인': 'hybrid', '온오프라인': 'hybrid', '온/오프라인': 'hybrid', 혼합: 'hybrid', hybrid: 'hybrid',
};
const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, '');

export const isConsultation = (k: string) => k === 'consultation' || k === 'video_consultation';
const MAX_CELL = 200;

/** A stored codes column (normalised codes, space-separated) as a list. */
export const splitCodes = (stored: string | null | undefined): string[] => (stored ? stored.split(' ') : []);

/**
 * A codes cell → normalised codes, space-separated for storage (null: none). Codes are
 * separated by ; , / | or spaces and normalised like a scanned badge (scan-code.ts), so
 * a lower-case code still meets the badge. Hangul is refused rather than read as keys
 * typed in Korean mode: in an exported file it is a name in the wrong column, not a
 * scanner's slip. `bad`: the first piece that cannot be a code.
 */
export function parseCodes(cell: string): { codes: string | null; bad?: string } {
  const out: string[] = [];
  for (const piece of cell.split(/[;,/|\s]+/)) {
    if (!piece) continue;
    const c = /[\u3131-\u318e\uac00-\ud7a3]/.test(piece) ? null : normalizeScannedCode(piece);
    if (!c) return { codes: null, bad: piece.slice(0, 40) };
    if (!out.includes(c)) out.push(c);
  }
  return { codes: out.length ? out.join(' ') : null };
}

export interface ProgrammeItemInput {
  /** Spreadsheet row it came from (for the rejected-rows report). */
  row: number;
  id: string;
  kind: ProgrammeKind;
  title: string;
  day: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  seller: string | null;
  buyer: string | null;
  /** Normalised registration codes, space-separated (null: none in the file). */
  sellerCodes: string | null;
  buyerCodes: string | null;
  country: string | null;
  mode: ProgrammeMode;
  /** An online meeting's join link (http/https only). */
  joinLink: string | null;
  /** The buyer's IANA time zone as the file gives it (checked), else null: the country's zone is the fallback. */
  buyerTz: string | null;
  /** The interpreter named for the meeting (통역), else null. */
  interpreter: string | null;
}

/** A join link a booth PC may open: http(s) only, no javascript:, file: or credentials. */
export function parseJoinLink(cell: string): { link: string | null; bad?: string } {
  if (!cell) return { link: null };
  try {
    const u = new URL(cell);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && u.hostname) return { link: u.toString() };
  } catch {
    // falls through: not a URL at all
  }
  return { link: null, bad: cell.slice(0, 60) };
}

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
/** An IANA zone name ("America/New_York", "Europe/Istanbul"), canonical as Intl spells it. */
export function parseTimeZone(cell: string): { tz: string | null; bad?: string } {
  if (!cell) return { tz: null };
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+){1,2}$/.test(cell) && cell !== 'UTC') return { tz: null, bad: cell.slice(0, 40) };
  try {
    const tz = new Intl.DateTimeFormat('en', { timeZone: cell }).resolvedOptions().timeZone;
    return ZONES.has(tz) || ZONES.has(cell) || tz === 'UTC' ? { tz } : { tz: null, bad: cell.slice(0, 40) };
  } catch {
    return { tz: null, bad: cell.slice(0, 40) };
  }
}

/** 2026-05-20, 2026.5.20, 2026/05/20, 20260520, or an XLSX date-time cell. */
export function parseDay(s: string): string | null {
  const m = s.match(/^(\d{4})[-./]?\s*(\d{1,2})[-./]?\s*(\d{1,2})\.?(?:\s.*)?$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 10:00, 9:5, 10:00:00, 1000, or an XLSX time cell ("1899-12-30 10:00"). → "HH:MM". */
export function parseClockTime(s: string): string | null {
  const m = s.match(/(?:^|\s)(\d{1,2}):?(\d{2})(?::\d{2})?$/);
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  if (h > 23 || mi > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
}

export interface ParsedProgramme {
  report: Omit<ProgrammeImportReport, 'inserted' | 'updated' | 'unchanged' | 'applied'>;
  items: ProgrammeItemInput[];
}

/** Reads and checks a file; throws import_failed for a file that is not a programme at all. */
export async function parseProgramme(bytes: Buffer, fileName: string, eventDays: readonly string[], timeZone?: string): Promise<ParsedProgramme> {
  const table = await readTable(bytes, fileName);
  const { index, columns } = mapHeaders<Field>(table.headers, ALIASES);
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  if (missing.length) {
    throw importFailure('missing_columns', `${fileName} lacks ${missing.join(', ')}`, { missing, found: table.headers.slice(0, 30) });
  }
  if (table.rows.length === 0) throw importFailure('no_rows', `${fileName} has a header but no rows`);

  const rejected: ProgrammeRejectedRow[] = [];
  const items: ProgrammeItemInput[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of table.rows) {
    const get = (f: Field) => cellAt(r.cells, index[f]);
    const reject = (reason: ProgrammeRejectedRow['reason'], detail?: string, firstRow?: number) =>
      rejected.push({ row: r.rowNumber, reason, ...(detail ? { detail } : {}), ...(firstRow ? { firstRow } : {}) });

    const long = (Object.keys(ALIASES) as Field[]).find((f) => get(f).length > MAX_CELL);
    if (long) {
      reject('too_long', long);
      continue;
    }
    const id = get('id').normalize('NFC');
    if (!id) {
      reject('missing_id');
      continue;
    }
    if (!/^[\p{L}\p{N}_.:-]{1,64}$/u.test(id)) {
      reject('invalid_id', id.slice(0, 40));
      continue;
    }
    const kind = KINDS[fold(get('kind'))];
    if (!kind) {
      reject('invalid_kind', get('kind').slice(0, 40));
      continue;
    }
    const day = parseDay(get('day'));
    if (!day) {
      reject('invalid_date', get('day').slice(0, 40));
      continue;
    }
    // A session on a day the fair does not run would never be shown — most likely a
    // typo or last year's file.
    // An event not set up yet (no days) takes any day; the event screen shows rows outside its days.
    if (eventDays.length > 0 && !eventDays.includes(day)) {
      reject('outside_event_days', day);
      continue;
    }
    const st = parseClockTime(get('start'));
    const et = parseClockTime(get('end'));
    if (!st || !et || et <= st) {
      reject('invalid_time', `${get('start').slice(0, 20)}–${get('end').slice(0, 20)}`);
      continue;
    }
    const venue = get('venue').replace(/\s+/g, ' ');
    if (!venue) {
      reject('missing_venue');
      continue;
    }
    const seller = get('seller') || null;
    const buyer = get('buyer') || null;
    if (isConsultation(kind) && (!seller || !buyer)) {
      reject('missing_parties', seller ? 'buyer' : 'seller');
      continue;
    }
    const modeText = get('mode');
    const mode = modeText ? MODES[fold(modeText)] : kind === 'video_consultation' ? 'online' : 'offline';
    if (!mode) {
      reject('invalid_mode', modeText.slice(0, 40));
      continue;
    }
    const sellerCodes = parseCodes(get('sellerCodes'));
    const buyerCodes = parseCodes(get('buyerCodes'));
    const badCode = sellerCodes.bad ?? buyerCodes.bad;
    if (badCode !== undefined) {
      reject('invalid_code', badCode);
      continue;
    }
    const link = parseJoinLink(get('joinLink'));
    if (link.bad !== undefined) {
      reject('invalid_link', link.bad);
      continue;
    }
    const zone = parseTimeZone(get('buyerTz'));
    if (zone.bad !== undefined) {
      reject('unknown_time_zone', zone.bad);
      continue;
    }
    const first = firstRowOf.get(id);
    if (first !== undefined) {
      reject('duplicate_in_file', id, first);
      continue;
    }
    firstRowOf.set(id, r.rowNumber);
    const title = get('title') || (isConsultation(kind) ? '1:1 구매상담' : '');
    if (!title) {
      reject('missing_title');
      continue;
    }
    items.push({
      row: r.rowNumber,
      id,
      kind,
      title,
      day,
      startsAt: parseInstant(`${day}T${st}`, timeZone).toISOString(),
      endsAt: parseInstant(`${day}T${et}`, timeZone).toISOString(),
      venue,
      seller,
      buyer,
      sellerCodes: sellerCodes.codes,
      buyerCodes: buyerCodes.codes,
      country: get('country') || null,
      mode,
      joinLink: link.link,
      buyerTz: zone.tz,
      interpreter: get('interpreter') || null,
    });
  }

  // Two consultations at one table at the same time cannot both happen: keep the
  // earlier row, reject the later one naming the meeting it collides with.
  const kept: ProgrammeItemInput[] = [];
  const byTable = new Map<string, ProgrammeItemInput[]>();
  for (const it of items) {
    if (!isConsultation(it.kind)) {
      kept.push(it);
      continue;
    }
    const key = `${it.day}|${it.venue}`;
    const list = byTable.get(key) ?? [];
    const clash = list.find((o) => o.startsAt < it.endsAt && it.startsAt < o.endsAt);
    if (clash) {
      rejected.push({ row: it.row, reason: 'overlap', detail: clash.id, firstRow: clash.row });
      continue;
    }
    list.push(it);
    byTable.set(key, list);
    kept.push(it);
  }
  rejected.sort((a, b) => a.row - b.row);

  const consultations = kept.filter((i) => isConsultation(i.kind));
  return {
    items: kept,
    report: {
      fileName,
      format: table.format,
      encoding: table.encoding,
      columns,
      totalRows: table.rows.length,
      validRows: kept.length,
      consultations: consultations.length,
      sessions: kept.length - consultations.length,
      tables: new Set(consultations.map((c) => c.venue)).size,
      days: [...new Set(kept.map((i) => i.day))].sort(),
      // `registered` needs the database: the handler fills it in (codesRegistered).
      codes: { consultations: consultations.filter((c) => c.sellerCodes || c.buyerCodes).length, listed: listedCodes(consultations).length, registered: 0 },
      rejected: rejected.slice(0, 500),
      rejectedTotal: rejected.length,
    },
  };
}

/** Every distinct code the items list. */
export function listedCodes(items: readonly ProgrammeItemInput[]): string[] {
  const all = new Set<string>();
  for (const i of items) for (const c of [...splitCodes(i.sellerCodes), ...splitCodes(i.buyerCodes)]) all.add(c);
  return [...all];
}

/** How many of `codes` are registered visitors (a file whose codes match none is likely the wrong kind of code). */
export async function codesRegistered(db: Kysely<Database>, codes: readonly string[]): Promise<number> {
  let n = 0;
  for (let k = 0; k < codes.length; k += 500) {
    n += (await db.selectFrom('visitors').select('code').where('code', 'in', codes.slice(k, k + 500)).execute()).length;
  }
  return n;
}

function itemHash(i: ProgrammeItemInput): string {
  // Codes join the hash only when present, so a file without them hashes as before
  // (re-importing it after the upgrade changes nothing).
  const codes = i.sellerCodes || i.buyerCodes ? [i.sellerCodes, i.buyerCodes] : [];
  const booth = i.joinLink || i.buyerTz ? [i.joinLink, i.buyerTz] : [];
  const interpreter = i.interpreter ? [i.interpreter] : [];
  return createHash('sha1')
    .update(JSON.stringify([i.kind, i.title, i.day, i.startsAt, i.endsAt, i.venue, i.seller, i.buyer, i.country, i.mode, ...codes, ...booth, ...interpreter]))
    .digest('base64url');
}

export interface ProgrammeUpsert {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows that collide with a meeting already stored at the same table (one this file does not move). */
  overlapping: ProgrammeRejectedRow[];
}

/**
 * Upserts items by id inside the caller's transaction. A consultation that would
 * overlap a stored meeting at its table (one this file does not move) is left out.
 */
export async function upsertProgramme(db: Kysely<Database>, items: ProgrammeItemInput[], now: string, dryRun = false): Promise<ProgrammeUpsert> {
  const out: ProgrammeUpsert = { inserted: 0, updated: 0, unchanged: 0, overlapping: [] };
  const ids = new Set(items.map((i) => i.id));
  const days = [...new Set(items.map((i) => i.day))];
  // Ordered: a row clashing with several stored meetings names the earliest, the same on both
  // databases (PostgreSQL's unordered scan order moved with its plan and gave C00002 for C00001).
  const stored = days.length ? await db.selectFrom('programme_items').selectAll().where('day', 'in', days).orderBy('starts_at').orderBy('id').execute() : [];
  const hashById = new Map(stored.map((r) => [r.id, r.row_hash]));
  const others = stored.filter((r) => !ids.has(r.id) && isConsultation(r.kind));
  // Ids not stored on these days may still exist on another day (a moved meeting).
  const unseen = items.filter((i) => !hashById.has(i.id)).map((i) => i.id);
  for (let k = 0; k < unseen.length; k += 500) {
    const rows = await db.selectFrom('programme_items').select(['id', 'row_hash']).where('id', 'in', unseen.slice(k, k + 500)).execute();
    for (const r of rows) hashById.set(r.id, r.row_hash);
  }
  for (const it of items) {
    if (isConsultation(it.kind)) {
      const clash = others.find((o) => o.day === it.day && o.venue === it.venue && o.starts_at < it.endsAt && it.startsAt < o.ends_at);
      if (clash) {
        out.overlapping.push({ row: it.row, reason: 'overlap', detail: clash.id });
        continue;
      }
    }
    const hash = itemHash(it);
    const prev = hashById.get(it.id);
    if (prev === hash) {
      out.unchanged++;
      continue;
    }
    const row = {
      kind: it.kind,
      title: it.title,
      day: it.day,
      starts_at: it.startsAt,
      ends_at: it.endsAt,
      venue: it.venue,
      seller: it.seller,
      seller_norm: orgNorm(it.seller),
      buyer: it.buyer,
      buyer_norm: orgNorm(it.buyer),
      seller_codes: it.sellerCodes,
      buyer_codes: it.buyerCodes,
      join_link: it.joinLink,
      buyer_tz: it.buyerTz,
      interpreter: it.interpreter,
      country: it.country,
      mode: it.mode,
      row_hash: hash,
      updated_at: now,
    };
    if (prev === undefined) {
      out.inserted++;
      if (!dryRun) await db.insertInto('programme_items').values({ id: it.id, created_at: now, ...row }).execute();
    } else {
      out.updated++;
      if (!dryRun) await db.updateTable('programme_items').set(row).where('id', '=', it.id).execute();
    }
  }
  return out;
}
